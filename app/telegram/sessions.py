"""Search sessions: what a results message's buttons refer to.

Callback data is capped at 64 bytes and comes back from the client, so buttons
carry only a short random session id and small numbers; the session (who
asked, what, and the ids found) stays on our side in the cache.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field

from app.telegram.cached_records import CachedRecords
from domain.ports import Cache

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
        self._records: CachedRecords[SearchSession] = CachedRecords(
            cache, NAMESPACE, SearchSession, ttl
        )

    async def create(self, user_id: int, source: str, query: str, ids: list[str]) -> SearchSession:
        session = SearchSession(secrets.token_hex(4), user_id, source, query, ids)
        await self._records.save(session.id, session)
        return session

    async def get(self, session_id: str) -> SearchSession | None:
        return await self._records.load(session_id)
