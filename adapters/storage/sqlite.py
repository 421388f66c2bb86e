"""SQLite through aiosqlite: the embedded default when ``MONGO_URI`` is unset."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path

import aiosqlite

from domain.errors import StorageUnavailable
from domain.models import User, UserProfile

_SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    id INTEGER PRIMARY KEY,
    first_name TEXT NOT NULL DEFAULT '',
    last_name TEXT NOT NULL DEFAULT '',
    username TEXT NOT NULL DEFAULT '',
    language_code TEXT NOT NULL DEFAULT '',
    first_seen REAL NOT NULL,
    last_seen REAL NOT NULL,
    blocked INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS users_last_seen ON users(last_seen);
CREATE INDEX IF NOT EXISTS users_username ON users(username);
CREATE TABLE IF NOT EXISTS settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS templates (
    user_id INTEGER NOT NULL,
    source TEXT NOT NULL,
    template TEXT NOT NULL,
    updated_at REAL NOT NULL,
    PRIMARY KEY (user_id, source)
);
CREATE INDEX IF NOT EXISTS users_first_seen ON users(first_seen);
CREATE INDEX IF NOT EXISTS users_username_nocase ON users(username COLLATE NOCASE);
CREATE INDEX IF NOT EXISTS users_recipients ON users(blocked, id);
CREATE TABLE IF NOT EXISTS access (
    user_id INTEGER PRIMARY KEY,
    authorised INTEGER NOT NULL DEFAULT 0,
    authorised_at REAL,
    banned INTEGER NOT NULL DEFAULT 0,
    banned_at REAL
);
CREATE INDEX IF NOT EXISTS access_authorised ON access(authorised, authorised_at);
CREATE TABLE IF NOT EXISTS broadcasts (
    id TEXT PRIMARY KEY,
    status TEXT NOT NULL,
    data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS broadcasts_status ON broadcasts(status);
CREATE TABLE IF NOT EXISTS lookup_sources (
    source TEXT PRIMARY KEY,
    count INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS lookup_queries (
    query TEXT PRIMARY KEY,
    count INTEGER NOT NULL,
    last_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS lookup_queries_count ON lookup_queries(count DESC, query);
"""


def _ts(value: float) -> datetime:
    return datetime.fromtimestamp(value, UTC)


FILE_GONE = "sqlite: the database file was removed or replaced"


class SqliteDatabase:
    """Owns the connection; repositories borrow it.

    An open SQLite connection keeps working on a file that was deleted under
    it: writes succeed into an inode nobody can open again, and are gone at
    the next start. So every operation first checks that the path still names
    the file that was opened (same device and inode), and refuses otherwise.
    """

    def __init__(self, path: Path | str) -> None:
        self._path = path
        self._conn: aiosqlite.Connection | None = None
        self._identity: tuple[int, int] | None = None  # (st_dev, st_ino) of the opened file

    @property
    def conn(self) -> aiosqlite.Connection:
        if self._conn is None:
            raise StorageUnavailable("database is not open")
        return self._conn

    async def open(self) -> None:
        if isinstance(self._path, Path):
            self._path.parent.mkdir(parents=True, exist_ok=True)
        self._conn = await aiosqlite.connect(self._path)
        self._conn.row_factory = aiosqlite.Row
        await self._conn.execute("PRAGMA journal_mode=WAL")
        await self._conn.execute("PRAGMA synchronous=NORMAL")
        await self._conn.executescript(_SCHEMA)
        await self._conn.commit()
        if isinstance(self._path, Path):
            opened = self._path.stat()
            self._identity = (opened.st_dev, opened.st_ino)

    def _check_file(self) -> None:
        """Raise ``StorageUnavailable`` when the opened file is no longer at its path."""
        if self._identity is None:  # in memory, or not open yet
            return
        try:
            now = os.stat(self._path)
        except OSError as exc:
            raise StorageUnavailable(FILE_GONE) from exc
        if (now.st_dev, now.st_ino) != self._identity:
            raise StorageUnavailable(FILE_GONE)

    async def close(self) -> None:
        if self._conn is not None:
            await self._conn.close()
            self._conn = None

    async def ping(self) -> None:
        async with self.guard():
            await self.conn.execute("SELECT 1")

    @asynccontextmanager
    async def guard(self) -> AsyncIterator[None]:
        """Turn driver errors into the domain's; roll back what was half-done.

        Refuses up front when the file is gone, and checks again after a write,
        so a write is never reported as saved when it landed in a deleted file.
        """
        self._check_file()
        try:
            changes = self._changes()
            yield
            wrote = self._changes() != changes
        except (sqlite3.Error, ValueError) as exc:
            if self._conn is not None:
                with contextlib.suppress(sqlite3.Error, ValueError):
                    await self._conn.rollback()
            raise StorageUnavailable(f"sqlite: {type(exc).__name__}") from exc
        if wrote:
            self._check_file()

    def _changes(self) -> int:
        """Rows changed since the connection opened (raises once the connection is gone)."""
        return 0 if self._conn is None else self._conn.total_changes


class SqliteUserRepository:
    def __init__(self, db: SqliteDatabase) -> None:
        self._db = db

    async def record_seen(self, profile: UserProfile, at: datetime) -> None:
        async with self._db.guard():
            await self._db.conn.execute(
                """
                INSERT INTO users (id, first_name, last_name, username, language_code,
                                   first_seen, last_seen, blocked)
                VALUES (?, ?, ?, ?, ?, ?, ?, 0)
                ON CONFLICT(id) DO UPDATE SET
                    first_name = excluded.first_name, last_name = excluded.last_name,
                    username = excluded.username, language_code = excluded.language_code,
                    last_seen = excluded.last_seen, blocked = 0
                """,
                (
                    profile.id,
                    profile.first_name,
                    profile.last_name,
                    profile.username,
                    profile.language_code,
                    at.timestamp(),
                    at.timestamp(),
                ),
            )
            await self._db.conn.commit()

    async def get(self, user_id: int) -> User | None:
        async with self._db.guard():
            cursor = await self._db.conn.execute("SELECT * FROM users WHERE id = ?", (user_id,))
            row = await cursor.fetchone()
        if row is None:
            return None
        profile = UserProfile(
            row["id"], row["first_name"], row["last_name"], row["username"], row["language_code"]
        )
        return User(profile, _ts(row["first_seen"]), _ts(row["last_seen"]), bool(row["blocked"]))

    async def set_blocked(self, user_id: int, blocked: bool) -> None:
        async with self._db.guard():
            await self._db.conn.execute(
                "UPDATE users SET blocked = ? WHERE id = ?", (int(blocked), user_id)
            )
            await self._db.conn.commit()

    async def count(self) -> int:
        async with self._db.guard():
            cursor = await self._db.conn.execute("SELECT COUNT(*) FROM users")
            row = await cursor.fetchone()
        return int(row[0]) if row else 0


class SqliteSettingsRepository:
    def __init__(self, db: SqliteDatabase) -> None:
        self._db = db

    async def get(self, key: str) -> str | None:
        async with self._db.guard():
            cursor = await self._db.conn.execute("SELECT value FROM settings WHERE key = ?", (key,))
            row = await cursor.fetchone()
        return None if row is None else str(row[0])

    async def set(self, key: str, value: str) -> None:
        async with self._db.guard():
            await self._db.conn.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, value),
            )
            await self._db.conn.commit()

    async def delete(self, key: str) -> None:
        async with self._db.guard():
            await self._db.conn.execute("DELETE FROM settings WHERE key = ?", (key,))
            await self._db.conn.commit()


class SqliteTemplateRepository:
    def __init__(self, db: SqliteDatabase) -> None:
        self._db = db

    async def get(self, user_id: int, source: str) -> str | None:
        async with self._db.guard():
            cursor = await self._db.conn.execute(
                "SELECT template FROM templates WHERE user_id = ? AND source = ?",
                (user_id, source),
            )
            row = await cursor.fetchone()
        return None if row is None else str(row[0])

    async def put(self, user_id: int, source: str, template: str, at: datetime) -> None:
        async with self._db.guard():
            await self._db.conn.execute(
                "INSERT INTO templates (user_id, source, template, updated_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(user_id, source) DO UPDATE SET "
                "template = excluded.template, updated_at = excluded.updated_at",
                (user_id, source, template, at.timestamp()),
            )
            await self._db.conn.commit()

    async def delete(self, user_id: int, source: str) -> bool:
        async with self._db.guard():
            cursor = await self._db.conn.execute(
                "DELETE FROM templates WHERE user_id = ? AND source = ?", (user_id, source)
            )
            await self._db.conn.commit()
        return cursor.rowcount > 0
