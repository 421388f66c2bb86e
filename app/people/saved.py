"""The rows of a people list, kept beside its session for paging (as /search keeps its)."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.telegram.cached_records import CachedRecords
from app.telegram.sessions import SESSION_TTL
from domain.people.merge import PeopleRow
from domain.ports import Cache

NAMESPACE = "people-rows"
NOTES_NAMESPACE = "people-notes"


class SavedPeople(CachedRecords[list[PeopleRow]]):
    def __init__(self, cache: Cache, ttl: float = SESSION_TTL) -> None:
        super().__init__(cache, NAMESPACE, list[PeopleRow], ttl)


@dataclass(frozen=True, slots=True)
class ListNotes:
    """What the list's first page said of its sources, so every page says it."""

    missing: list[str] = field(default_factory=list)  # sources that did not answer
    stale: bool = False  # some of it is a saved copy


class SavedNotes(CachedRecords[ListNotes]):
    def __init__(self, cache: Cache, ttl: float = SESSION_TTL) -> None:
        super().__init__(cache, NOTES_NAMESPACE, ListNotes, ttl)
