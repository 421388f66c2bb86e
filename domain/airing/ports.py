"""What watchlists and the airing scheduler need from storage."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from domain.airing.watches import AiringState, Notice, NoticeStatus, Watch


class WatchRepository(Protocol):
    """Who watches which drama (airing notifications)."""

    async def add(self, watch: Watch) -> bool:
        """True when added; False when the user already watches it."""
        ...

    async def remove(self, user_id: int, slug: str) -> bool: ...

    async def of_user(self, user_id: int) -> list[Watch]:
        """The user's watches, oldest first."""
        ...

    async def count_of_user(self, user_id: int) -> int: ...

    async def watchers(self, slug: str) -> list[int]:
        """User ids watching ``slug``, ascending."""
        ...

    async def remove_drama(self, slug: str) -> int:
        """Drop every watch of ``slug``; returns how many."""
        ...


class AiringRepository(Protocol):
    """The scheduler's last look at each watched drama."""

    async def get(self, slug: str) -> AiringState | None: ...

    async def save(self, state: AiringState) -> None: ...

    async def delete(self, slug: str) -> None: ...

    async def due(self, now: datetime, limit: int) -> list[AiringState]:
        """States whose ``next_refresh`` is at or before ``now``, earliest first."""
        ...

    async def next_due(self) -> datetime | None:
        """The earliest ``next_refresh`` of all, or None when nothing is watched."""
        ...


class TimezoneRepository(Protocol):
    async def get(self, user_id: int) -> str | None: ...

    async def set(self, user_id: int, zone: str) -> None: ...


class NoticeLedger(Protocol):
    """One row per (user, drama, episode): the exactly-once record of notifications."""

    async def plan(self, notices: list[Notice]) -> int:
        """Insert the rows that do not exist yet (as given, usually ``due``); returns how many."""
        ...

    async def due(self, limit: int) -> list[Notice]:
        """Rows still ``due``, oldest air time first."""
        ...

    async def claim(self, key: tuple[int, str, int]) -> bool:
        """``due`` → ``pending``; False when the row was not ``due`` (someone else took it)."""
        ...

    async def mark(self, key: tuple[int, str, int], status: NoticeStatus) -> None: ...

    async def get(self, key: tuple[int, str, int]) -> Notice | None: ...

    async def settle_interrupted(self) -> int:
        """``pending`` → ``uncertain`` after a crash (never retried); returns how many."""
        ...
