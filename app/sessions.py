"""Search sessions: what a results message's buttons refer to.

Callback data is capped at 64 bytes and comes back from the client, so buttons
carry only a short random session id and small numbers; the session (who
asked, what, and the ids found) stays on our side in the cache.
"""

from __future__ import annotations

import contextlib
import secrets
from dataclasses import dataclass, field

from domain.errors import CacheUnavailable
from domain.ports import Cache
from infra.codec import JsonCodec

NAMESPACE = "session"
SESSION_TTL = 2 * 24 * 3600


@dataclass(frozen=True, slots=True)
class SearchSession:
    id: str
    user_id: int
    source: str  # "mdl" or "imdb"
    query: str
    ids: list[str] = field(default_factory=list)


class SessionStore:
    def __init__(self, cache: Cache, ttl: float = SESSION_TTL) -> None:
        self._cache = cache
        self._ttl = ttl
        self._codec: JsonCodec[SearchSession] = JsonCodec(SearchSession)

    async def create(self, user_id: int, source: str, query: str, ids: list[str]) -> SearchSession:
        session = SearchSession(secrets.token_hex(4), user_id, source, query, ids)
        # Without the cache the buttons will say "expired"; the answer itself still goes out.
        with contextlib.suppress(CacheUnavailable):
            await self._cache.set(NAMESPACE, session.id, self._codec.encode(session), self._ttl)
        return session

    async def get(self, session_id: str) -> SearchSession | None:
        try:
            data = await self._cache.get(NAMESPACE, session_id)
        except CacheUnavailable:
            return None
        if data is None:
            return None
        try:
            return self._codec.decode(data)
        except ValueError:
            return None
