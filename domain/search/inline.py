"""Reading what users type after the bot's @username, and the paging offset.

Both come from the client: the query is free text, the offset is whatever
``next_offset`` we sent — or anything a modified client sends instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from domain.queries import MAX_QUERY_CHARS

PAGE_SIZE = 10
MAX_PAGES = 5  # Telegram keeps at most 50 results per query
_PREFIXES = {"imdb": "imdb", "i": "imdb", "mdl": "mdl", "m": "mdl"}
_OFFSET_RE = re.compile(r"^[1-9]\d?$")


@dataclass(frozen=True, slots=True)
class InlineRequest:
    source: str  # "mdl" or "imdb"
    query: str  # "" when the user has typed nothing to search yet


def parse_inline(text: str) -> InlineRequest:
    """``imdb matrix`` → IMDb; ``mdl goblin``, ``m goblin`` or just ``goblin`` → MyDramaList."""
    words = text.split(maxsplit=1)
    source = "mdl"
    if words and words[0].casefold() in _PREFIXES:
        source = _PREFIXES[words[0].casefold()]
        words = words[1:]
    query = " ".join(" ".join(words).split())[:MAX_QUERY_CHARS]
    return InlineRequest(source, query)


def parse_offset(offset: str) -> int:
    """The page an offset asks for; anything malformed or forged is the first page."""
    if _OFFSET_RE.match(offset or "") and int(offset) < MAX_PAGES:
        return int(offset)
    return 0


def next_offset(page: int, total: int) -> str:
    """What to send as ``next_offset``: "" when this page is the last one."""
    more = (page + 1) * PAGE_SIZE < total and page + 1 < MAX_PAGES
    return str(page + 1) if more else ""
