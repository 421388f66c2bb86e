"""Numbers, dates, times and relative times in the language of the current update (Babel).

The locale is the one ``domain.i18n`` holds for the update being handled, so a
caller passes only the value (and the user's time zone for a moment in time).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta, tzinfo

from babel import Locale, dates, numbers

from domain.i18n import current


def _locale() -> str:
    return current().code


def format_number(value: float) -> str:
    """``12345`` → "12,345" in English, "12.345" in Indonesian."""
    return numbers.format_decimal(value, locale=_locale())


def number_writer(code: str) -> Callable[[float, int], str]:
    """``Speech.numbers`` for language ``code``: its Locale and patterns parsed once (cards
    format their numbers on every send)."""
    locale = Locale.parse(code)
    patterns = [numbers.parse_pattern("#,##0" + ("." + "0" * d if d else "")) for d in range(4)]

    def write(value: float, decimals: int) -> str:
        return patterns[min(decimals, 3)].apply(value, locale)

    return write


def format_date(value: date, style: str = "medium") -> str:
    return dates.format_date(value, format=style, locale=_locale())


def format_time(value: datetime, zone: tzinfo | None = None, style: str = "short") -> str:
    return dates.format_time(value, format=style, tzinfo=zone, locale=_locale())


def format_datetime(value: datetime, zone: tzinfo | None = None, style: str = "medium") -> str:
    return dates.format_datetime(value, format=style, tzinfo=zone, locale=_locale())


def format_relative(delta: timedelta) -> str:
    """A signed span as people say it: "in 2 days", "3 hours ago" (in the current language)."""
    return dates.format_timedelta(delta, add_direction=True, format="long", locale=_locale())
