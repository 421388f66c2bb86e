"""The rows of a combined results message, kept beside its session for paging.

A combined list mixes two sources and may have been answered while one of them
was late, so a later page is drawn from what the first page was drawn from,
not from a new search whose answer could differ.
"""

from __future__ import annotations

from app.telegram.cached_records import CachedRecords
from app.telegram.sessions import SESSION_TTL
from domain.ports import Cache
from domain.search.merge import Combined

NAMESPACE = "search-rows"


class SavedResults(CachedRecords[Combined]):
    def __init__(self, cache: Cache, ttl: float = SESSION_TTL) -> None:
        super().__init__(cache, NAMESPACE, Combined, ttl)
