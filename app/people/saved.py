"""The rows of a people list, kept beside its session for paging (as /search keeps its)."""

from __future__ import annotations

from app.telegram.cached_records import CachedRecords
from app.telegram.sessions import SESSION_TTL
from domain.people.merge import PeopleRow
from domain.ports import Cache

NAMESPACE = "people-rows"


class SavedPeople(CachedRecords[list[PeopleRow]]):
    def __init__(self, cache: Cache, ttl: float = SESSION_TTL) -> None:
        super().__init__(cache, NAMESPACE, list[PeopleRow], ttl)
