"""What access control and the owner's statistics need from storage."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Protocol

from domain.admin.access import AccessFlags
from domain.models import User


class AccessRepository(Protocol):
    """Authorised and banned users. Owners come from settings, never from here."""

    async def flags(self, user_id: int) -> AccessFlags: ...

    async def set_authorised(self, user_id: int, authorised: bool, at: datetime) -> bool:
        """True when this changed something."""
        ...

    async def set_banned(self, user_id: int, banned: bool, at: datetime) -> bool:
        """True when this changed something."""
        ...

    async def authorised(self, offset: int, limit: int) -> list[int]:
        """Authorised user ids in the order they were authorised."""
        ...

    async def count_authorised(self) -> int: ...


class UserDirectory(Protocol):
    """Queries over the users the bot has seen, for owner commands and statistics."""

    async def find_username(self, username: str) -> User | None:
        """The user with this @username (any case), or None."""
        ...

    async def count_active_since(self, since: datetime) -> int: ...

    async def count_new_since(self, since: datetime) -> int: ...

    async def count_blocked(self) -> int: ...


class LookupStatsRepository(Protocol):
    """How often each source is used and what people search for."""

    async def record(self, source: str, query: str, at: datetime) -> None:
        """Count one lookup; ``query`` is empty when there is nothing worth ranking."""
        ...

    async def add(
        self, sources: Mapping[str, int], queries: Mapping[str, tuple[int, datetime]]
    ) -> None:
        """Add many lookups at once: counts per source; per query, its count and last time."""
        ...

    async def by_source(self) -> dict[str, int]: ...

    async def top_queries(self, limit: int) -> list[tuple[str, int]]:
        """Most frequent queries first; ties broken by the query text."""
        ...
