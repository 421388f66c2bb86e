"""Validating what users type as a search query."""

from __future__ import annotations

from domain.errors import InvalidInput

MAX_QUERY_CHARS = 200


def clean_query(text: str | None, usage: str) -> str:
    """Whitespace collapsed; empty or over-long queries are refused with ``usage`` as the hint."""
    query = " ".join((text or "").split())
    if not query:
        raise InvalidInput("Tell me what to look for.", hint=usage)
    if len(query) > MAX_QUERY_CHARS:
        raise InvalidInput(
            f"That query is too long ({len(query)} characters; the limit is {MAX_QUERY_CHARS}).",
            hint=usage,
        )
    return query
