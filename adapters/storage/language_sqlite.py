"""Users' chosen languages in SQLite (``user_languages``), created at start-up."""

from __future__ import annotations

from adapters.storage.sqlite import SqliteDatabase
from adapters.storage.sqlite_admin import _Repo

_SCHEMA = """
CREATE TABLE IF NOT EXISTS user_languages (
    user_id INTEGER PRIMARY KEY,
    language TEXT NOT NULL
);
"""


async def create_language_table(db: SqliteDatabase) -> None:
    async with db.guard():
        await db.conn.executescript(_SCHEMA)
        await db.conn.commit()


class SqliteLanguageRepository(_Repo):
    async def get(self, user_id: int) -> str | None:
        row = await self._one("SELECT language FROM user_languages WHERE user_id = ?", (user_id,))
        return None if row is None else str(row[0])

    async def set(self, user_id: int, code: str) -> None:
        await self._write(
            "INSERT INTO user_languages (user_id, language) VALUES (?, ?) "
            "ON CONFLICT(user_id) DO UPDATE SET language = excluded.language",
            (user_id, code),
        )

    async def delete(self, user_id: int) -> None:
        await self._write("DELETE FROM user_languages WHERE user_id = ?", (user_id,))
