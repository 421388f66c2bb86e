"""SQLite repositories for access control, statistics and broadcasts.

The tables are created with the rest of the schema in ``sqlite.py``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from adapters.storage.jobs import job_fields, job_from_fields
from adapters.storage.sqlite import SqliteDatabase
from domain.admin.access import AccessFlags
from domain.broadcast.job import BroadcastJob, BroadcastStatus
from domain.models import User, UserProfile

# Broadcast recipients: users who have not blocked the bot and are not banned from it.
_RECIPIENT = "blocked = 0 AND id NOT IN (SELECT user_id FROM access WHERE banned = 1)"


class _Repo:
    def __init__(self, db: SqliteDatabase) -> None:
        self._db = db

    async def _one(self, sql: str, args: tuple[Any, ...] = ()) -> Any:
        async with self._db.guard():
            cursor = await self._db.conn.execute(sql, args)
            return await cursor.fetchone()

    async def _all(self, sql: str, args: tuple[Any, ...] = ()) -> list[Any]:
        async with self._db.guard():
            cursor = await self._db.conn.execute(sql, args)
            return list(await cursor.fetchall())

    async def _count(self, sql: str, args: tuple[Any, ...] = ()) -> int:
        row = await self._one(sql, args)
        return int(row[0]) if row else 0

    async def _write(self, sql: str, args: tuple[Any, ...]) -> int:
        async with self._db.guard():
            cursor = await self._db.conn.execute(sql, args)
            await self._db.conn.commit()
        return int(cursor.rowcount)


class SqliteAccessRepository(_Repo):
    async def flags(self, user_id: int) -> AccessFlags:
        row = await self._one("SELECT authorised, banned FROM access WHERE user_id = ?", (user_id,))
        return AccessFlags() if row is None else AccessFlags(bool(row[0]), bool(row[1]))

    async def set_authorised(self, user_id: int, authorised: bool, at: datetime) -> bool:
        return await self._set("authorised", user_id, authorised, at)

    async def set_banned(self, user_id: int, banned: bool, at: datetime) -> bool:
        return await self._set("banned", user_id, banned, at)

    async def _set(self, column: str, user_id: int, value: bool, at: datetime) -> bool:
        if getattr(await self.flags(user_id), column) == value:
            return False
        # ``column`` is one of the two literals above, never user input.
        await self._write(
            f"INSERT INTO access (user_id, {column}, {column}_at) VALUES (?, ?, ?) "  # noqa: S608
            f"ON CONFLICT(user_id) DO UPDATE SET {column} = excluded.{column}, "
            f"{column}_at = excluded.{column}_at",
            (user_id, int(value), at.timestamp()),
        )
        return True

    async def authorised(self, offset: int, limit: int) -> list[int]:
        rows = await self._all(
            "SELECT user_id FROM access WHERE authorised = 1 "
            "ORDER BY authorised_at, user_id LIMIT ? OFFSET ?",
            (limit, offset),
        )
        return [int(r[0]) for r in rows]

    async def count_authorised(self) -> int:
        return await self._count("SELECT COUNT(*) FROM access WHERE authorised = 1")


def _user(row: Any) -> User:
    profile = UserProfile(
        row["id"], row["first_name"], row["last_name"], row["username"], row["language_code"]
    )
    return User(
        profile,
        datetime.fromtimestamp(row["first_seen"], UTC),
        datetime.fromtimestamp(row["last_seen"], UTC),
        bool(row["blocked"]),
    )


class SqliteUserDirectory(_Repo):
    """``UserDirectory`` and ``RecipientSource`` over the users table."""

    async def find_username(self, username: str) -> User | None:
        name = username.removeprefix("@")
        if not name:
            return None
        row = await self._one(
            "SELECT * FROM users WHERE username = ? COLLATE NOCASE ORDER BY last_seen DESC LIMIT 1",
            (name,),
        )
        return None if row is None else _user(row)

    async def count_active_since(self, since: datetime) -> int:
        return await self._count(
            "SELECT COUNT(*) FROM users WHERE last_seen >= ?", (since.timestamp(),)
        )

    async def count_new_since(self, since: datetime) -> int:
        return await self._count(
            "SELECT COUNT(*) FROM users WHERE first_seen >= ?", (since.timestamp(),)
        )

    async def count_blocked(self) -> int:
        return await self._count("SELECT COUNT(*) FROM users WHERE blocked = 1")

    async def recipients_after(self, cursor: int, limit: int) -> list[int]:
        rows = await self._all(
            f"SELECT id FROM users WHERE {_RECIPIENT} AND id > ? ORDER BY id LIMIT ?",  # noqa: S608
            (cursor, limit),
        )
        return [int(r[0]) for r in rows]

    async def count_recipients(self) -> int:
        return await self._count(f"SELECT COUNT(*) FROM users WHERE {_RECIPIENT}")  # noqa: S608


class SqliteBroadcastRepository(_Repo):
    async def save(self, job: BroadcastJob) -> None:
        await self._write(
            "INSERT INTO broadcasts (id, status, data) VALUES (?, ?, ?) "
            "ON CONFLICT(id) DO UPDATE SET status = excluded.status, data = excluded.data",
            (job.id, job.status.value, json.dumps(job_fields(job))),
        )

    async def get(self, job_id: str) -> BroadcastJob | None:
        row = await self._one("SELECT data FROM broadcasts WHERE id = ?", (job_id,))
        return None if row is None else job_from_fields(job_id, json.loads(row[0]))

    async def running(self) -> BroadcastJob | None:
        row = await self._one(
            "SELECT id, data FROM broadcasts WHERE status = ? ORDER BY rowid DESC LIMIT 1",
            (BroadcastStatus.RUNNING.value,),
        )
        return None if row is None else job_from_fields(row[0], json.loads(row[1]))


class SqliteLookupStats(_Repo):
    async def record(self, source: str, query: str, at: datetime) -> None:
        async with self._db.guard():
            conn = self._db.conn
            await conn.execute(
                "INSERT INTO lookup_sources (source, count) VALUES (?, 1) "
                "ON CONFLICT(source) DO UPDATE SET count = count + 1",
                (source,),
            )
            if query:
                await conn.execute(
                    "INSERT INTO lookup_queries (query, count, last_at) VALUES (?, 1, ?) "
                    "ON CONFLICT(query) DO UPDATE SET "
                    "count = count + 1, last_at = excluded.last_at",
                    (query, at.timestamp()),
                )
            await conn.commit()

    async def add(
        self, sources: Mapping[str, int], queries: Mapping[str, tuple[int, datetime]]
    ) -> None:
        async with self._db.guard():
            conn = self._db.conn
            await conn.executemany(
                "INSERT INTO lookup_sources (source, count) VALUES (?, ?) "
                "ON CONFLICT(source) DO UPDATE SET count = count + excluded.count",
                list(sources.items()),
            )
            await conn.executemany(
                "INSERT INTO lookup_queries (query, count, last_at) VALUES (?, ?, ?) "
                "ON CONFLICT(query) DO UPDATE SET count = count + excluded.count, "
                "last_at = MAX(last_at, excluded.last_at)",
                [(q, n, at.timestamp()) for q, (n, at) in queries.items()],
            )
            await conn.commit()

    async def by_source(self) -> dict[str, int]:
        rows = await self._all("SELECT source, count FROM lookup_sources")
        return {str(r[0]): int(r[1]) for r in rows}

    async def top_queries(self, limit: int) -> list[tuple[str, int]]:
        rows = await self._all(
            "SELECT query, count FROM lookup_queries ORDER BY count DESC, query LIMIT ?", (limit,)
        )
        return [(str(r[0]), int(r[1])) for r in rows]
