"""Ports: the small roles the domain needs from the outside world.

Each is a ``typing.Protocol`` so adapters implement them structurally and tests
use hand-written fakes.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Protocol

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
