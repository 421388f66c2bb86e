"""Ports: the small roles the domain needs from the outside world.

Each is a ``typing.Protocol`` so adapters implement them structurally and tests
use hand-written fakes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Protocol

from domain.admin.access import AccessFlags
from domain.airing.watches import AiringState, Notice, NoticeStatus, Watch
from domain.broadcast.job import BroadcastJob
from domain.models import NamespaceStats, User, UserProfile
from domain.titles import Drama, DramaCast, DramaEpisodes, DramaHit, Movie, MovieHit


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware (UTC)."""
        ...


class UserRepository(Protocol):
    async def record_seen(self, profile: UserProfile, at: datetime) -> None:
        """Insert or update the user; a user who writes to the bot has not blocked it."""
        ...

    async def get(self, user_id: int) -> User | None: ...

    async def set_blocked(self, user_id: int, blocked: bool) -> None: ...

    async def count(self) -> int: ...


class SettingsRepository(Protocol):
    """Bot-wide key/value settings (public mode, broadcast state, ...)."""

    async def get(self, key: str) -> str | None: ...

    async def set(self, key: str, value: str) -> None: ...

    async def delete(self, key: str) -> None: ...


class Cache(Protocol):
    """Byte values under ``namespace``/``key`` with a time to live.

    Implementations raise ``CacheUnavailable`` when the backend fails, so the
    caller decides whether to carry on without it.
    """

    async def get(self, namespace: str, key: str) -> bytes | None: ...

    async def set(self, namespace: str, key: str, value: bytes, ttl: float) -> None: ...

    async def delete(self, namespace: str, key: str) -> None: ...

    async def clear(self, namespace: str) -> int:
        """Delete every key of the namespace; returns how many were deleted."""
        ...

    async def stats(self, namespaces: Iterable[str]) -> list[NamespaceStats]: ...

    async def ttls(self, namespace: str) -> list[tuple[str, float, int]]:
        """(key, seconds left or -1 when it never expires, size in bytes) of each key."""
        ...

    async def ping(self) -> None: ...


class DramaSource(Protocol):
    """MyDramaList. Raises ``NotFound`` or ``UpstreamUnavailable``, never returns None."""

    async def search(self, query: str) -> list[DramaHit]:
        """Hits in upstream order; an empty list when nothing matches."""
        ...

    async def details(self, slug: str) -> Drama: ...

    async def cast(self, slug: str) -> DramaCast: ...

    async def episodes(self, slug: str) -> DramaEpisodes: ...


class MovieSource(Protocol):
    """IMDb. Raises ``NotFound``, ``InvalidInput`` or ``UpstreamUnavailable``."""

    async def search(self, query: str, year: int | None = None) -> list[MovieHit]: ...

    async def details(self, imdb_id: str) -> Movie: ...


class TemplateRepository(Protocol):
    """Each user's card template per source ("mdl", "imdb")."""

    async def get(self, user_id: int, source: str) -> str | None: ...

    async def put(self, user_id: int, source: str, template: str, at: datetime) -> None: ...

    async def delete(self, user_id: int, source: str) -> bool:
        """True when there was a template to delete."""
        ...


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


class RecipientSource(Protocol):
    """Broadcast recipients: users who have not blocked the bot, by increasing id."""

    async def recipients_after(self, cursor: int, limit: int) -> list[int]:
        """Up to ``limit`` recipient ids greater than ``cursor``, ascending."""
        ...

    async def count_recipients(self) -> int: ...


class BroadcastRepository(Protocol):
    async def save(self, job: BroadcastJob) -> None:
        """Insert or replace the job by its id."""
        ...

    async def get(self, job_id: str) -> BroadcastJob | None: ...

    async def running(self) -> BroadcastJob | None:
        """The job whose status is running (at most one), to resume after a restart."""
        ...


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


class RateLimiter(Protocol):
    async def hit(self, key: str) -> float | None:
        """Count one request for ``key``: None when allowed, else seconds until one is."""
        ...


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


class LeaderLock(Protocol):
    """At most one holder among the processes sharing it; it expires unless renewed."""

    async def acquire(self) -> bool:
        """Take the lock, or renew it when this holder has it; False while another has it."""
        ...

    async def release(self) -> None:
        """Give it up, only if this holder still has it."""
        ...
