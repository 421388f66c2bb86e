"""Numbers in the owner views, written as the reader's language writes them (Babel).

The domain renders the views and imports no Babel: these are handed in.
"""

from __future__ import annotations

from babel import numbers

from domain.admin.text import Numerals
from domain.broadcast import job
from domain.i18n import current
from infra.i18n.formatting import format_number


def format_one_decimal(value: float) -> str:
    """``33.333`` → "33.3" in English, "33,3" in Indonesian (always one decimal)."""
    return numbers.format_decimal(value, format="#,##0.0", locale=current().code)


NUMERALS = Numerals(integer=format_number, decimal=format_one_decimal)
BROADCAST_NUMERALS = job.Numerals(integer=format_number, decimal=format_one_decimal)
