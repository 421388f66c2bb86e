"""Validating what users type as a search query."""

from __future__ import annotations

import unicodedata

from domain.errors import InvalidInput
from domain.i18n import N_

MAX_QUERY_CHARS = 200


def clean_query(text: str | None, usage: str) -> str:
    """Whitespace collapsed; empty or over-long queries are refused with ``usage`` as the hint."""
    query = " ".join((text or "").split())
    # Zero-width spaces, direction marks and the like are no whitespace to ``split``, and
    # no query either: one made of them alone would be searched for as if it were text.
    if not query or all(ch == " " or unicodedata.category(ch) == "Cf" for ch in query):
        raise InvalidInput(N_("Tell me what to look for."), hint=usage)
    if len(query) > MAX_QUERY_CHARS:
        raise InvalidInput(
            N_("That query is too long ({length} characters; the limit is {limit})."),
            hint=usage,
            length=str(len(query)),
            limit=str(MAX_QUERY_CHARS),
        )
    return query
