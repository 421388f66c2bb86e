"""Each user's where-to-watch country, in SQLite (``create_region_table`` at start-up)."""

from __future__ import annotations

from adapters.storage.sqlite import SqliteDatabase
from adapters.storage.sqlite_admin import _Repo

_SCHEMA = """
CREATE TABLE IF NOT EXISTS user_regions (
    user_id INTEGER PRIMARY KEY,
    region TEXT NOT NULL
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
