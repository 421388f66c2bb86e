"""TMDB's rows in SQLite: each user's where-to-watch country, each MyDramaList title's match.

Tables created by ``create_region_table`` at start-up.
"""

from __future__ import annotations

from adapters.storage.sqlite import SqliteDatabase
from adapters.storage.sqlite_admin import _Repo
from domain.tmdb.models import KINDS, TmdbRef

_SCHEMA = """
CREATE TABLE IF NOT EXISTS user_regions (
    user_id INTEGER PRIMARY KEY,
    region TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS tmdb_matches (
    title_key TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    tmdb_id INTEGER NOT NULL
);
"""


async def create_region_table(db: SqliteDatabase) -> None:
    async with db.guard():
        await db.conn.executescript(_SCHEMA)
        await db.conn.commit()


class SqliteRegionRepository(_Repo):
    async def get(self, user_id: int) -> str | None:
        row = await self._one("SELECT region FROM user_regions WHERE user_id = ?", (user_id,))
        return None if row is None else str(row[0])

    async def set(self, user_id: int, region: str) -> None:
        await self._write(
            "INSERT INTO user_regions (user_id, region) VALUES (?, ?) "
            "ON CONFLICT(user_id) DO UPDATE SET region = excluded.region",
            (user_id, region),
        )

    async def delete(self, user_id: int) -> None:
        await self._write("DELETE FROM user_regions WHERE user_id = ?", (user_id,))


class SqliteMatchRepository(_Repo):
    async def get(self, title_key: str) -> TmdbRef | None:
        row = await self._one(
            "SELECT kind, tmdb_id FROM tmdb_matches WHERE title_key = ?", (title_key,)
        )
        if row is None or row[0] not in KINDS:
            return None
        return TmdbRef(str(row[0]), int(row[1]))

    async def put(self, title_key: str, ref: TmdbRef) -> None:
        await self._write(
            "INSERT INTO tmdb_matches (title_key, kind, tmdb_id) VALUES (?, ?, ?) "
            "ON CONFLICT(title_key) DO UPDATE SET kind = excluded.kind, tmdb_id = excluded.tmdb_id",
            (title_key, ref.kind, ref.tmdb_id),
        )
