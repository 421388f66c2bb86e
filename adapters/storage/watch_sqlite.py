"""SQLite repositories for watchlists, time zones, airing state and the notice ledger.

Their tables are created by ``create_watch_tables`` (the composition root calls
it after ``SqliteDatabase.open``). Times are epoch seconds, as elsewhere.
Rows are keyed by the title's MyDramaList id (``title_key``, see
``drama_key``); ``slug`` is kept beside it for links.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from adapters.storage.sqlite import SqliteDatabase
from adapters.storage.sqlite_admin import _Repo
from adapters.storage.watch_keys import merge_airing, merge_notices, merge_watches
from domain.airing.watches import AiringState, Notice, NoticeStatus, Watch
from domain.titles import drama_key

_SCHEMA = """
CREATE TABLE IF NOT EXISTS watches (
    user_id INTEGER NOT NULL,
    title_key TEXT NOT NULL,
    slug TEXT NOT NULL,
    title TEXT NOT NULL,
    added_at REAL NOT NULL,
    PRIMARY KEY (user_id, title_key)
);
CREATE INDEX IF NOT EXISTS watches_title ON watches(title_key, user_id);
CREATE TABLE IF NOT EXISTS user_timezones (
    user_id INTEGER PRIMARY KEY,
    zone TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS airing (
    title_key TEXT PRIMARY KEY,
    slug TEXT NOT NULL,
    title TEXT NOT NULL,
    episode INTEGER,
    airs_at REAL,
    refreshed_at REAL NOT NULL,
    next_refresh REAL NOT NULL,
    failures INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS airing_next_refresh ON airing(next_refresh);
CREATE TABLE IF NOT EXISTS notices (
    user_id INTEGER NOT NULL,
    title_key TEXT NOT NULL,
    episode INTEGER NOT NULL,
    slug TEXT NOT NULL,
    title TEXT NOT NULL,
    aired_at REAL NOT NULL,
    status TEXT NOT NULL,
    PRIMARY KEY (user_id, title_key, episode)
);
CREATE INDEX IF NOT EXISTS notices_status ON notices(status, aired_at);
"""
_TABLES = {"watches": merge_watches, "airing": merge_airing, "notices": merge_notices}


async def create_watch_tables(db: SqliteDatabase) -> None:
    async with db.guard():
        await _migrate_slug_keys(db)
        await db.conn.executescript(_SCHEMA)
        await db.conn.commit()


async def _migrate_slug_keys(db: SqliteDatabase) -> None:
    """Tables of the slug-keyed layout → merged and keyed by title, in one transaction."""
    conn = db.conn
    old = []
    for table in _TABLES:
        cursor = await conn.execute(f"PRAGMA table_info({table})")
        columns = {row[1] for row in await cursor.fetchall()}
        if columns and "title_key" not in columns:
            old.append(table)
    if not old:
        return
    await conn.execute("BEGIN")
    merged: dict[str, list[dict[str, Any]]] = {}
    for table in old:  # names from _TABLES, never input
        cursor = await conn.execute(f"SELECT * FROM {table}")  # noqa: S608
        names = [d[0] for d in cursor.description]
        rows = [dict(zip(names, row, strict=True)) for row in await cursor.fetchall()]
        merged[table] = _TABLES[table](rows)
        await conn.execute(f"DROP TABLE {table}")
    for statement in filter(str.strip, _SCHEMA.split(";")):
        await conn.execute(statement)
    for table, rows in merged.items():
        for row in rows:
            columns_sql, marks = ", ".join(row), ", ".join("?" * len(row))
            await conn.execute(
                f"INSERT INTO {table} ({columns_sql}) VALUES ({marks})",  # noqa: S608
                tuple(row.values()),
            )
    await conn.commit()


def _ts(value: float | None) -> datetime | None:
    return None if value is None else datetime.fromtimestamp(value, UTC)


def _at(value: datetime | None) -> float | None:
    return None if value is None else value.timestamp()


class SqliteWatchRepository(_Repo):
    async def add(self, watch: Watch) -> bool:
        added = await self._write(
            "INSERT OR IGNORE INTO watches (user_id, title_key, slug, title, added_at) "
            "VALUES (?, ?, ?, ?, ?)",
            (
                watch.user_id,
                drama_key(watch.slug),
                watch.slug,
                watch.title,
                watch.added_at.timestamp(),
            ),
        )
        return added > 0

    async def remove(self, user_id: int, slug: str) -> bool:
        removed = await self._write(
            "DELETE FROM watches WHERE user_id = ? AND title_key = ?", (user_id, drama_key(slug))
        )
        return removed > 0

    async def of_user(self, user_id: int) -> list[Watch]:
        rows = await self._all(
            "SELECT * FROM watches WHERE user_id = ? ORDER BY added_at, slug", (user_id,)
        )
        return [
            Watch(r["user_id"], r["slug"], r["title"], _ts(r["added_at"]) or _EPOCH) for r in rows
        ]

    async def count_of_user(self, user_id: int) -> int:
        return await self._count("SELECT COUNT(*) FROM watches WHERE user_id = ?", (user_id,))

    async def watchers(self, slug: str) -> list[int]:
        rows = await self._all(
            "SELECT user_id FROM watches WHERE title_key = ? ORDER BY user_id", (drama_key(slug),)
        )
        return [int(r[0]) for r in rows]

    async def remove_drama(self, slug: str) -> int:
        return await self._write("DELETE FROM watches WHERE title_key = ?", (drama_key(slug),))


_EPOCH = datetime.fromtimestamp(0, UTC)


class SqliteTimezoneRepository(_Repo):
    async def get(self, user_id: int) -> str | None:
        row = await self._one("SELECT zone FROM user_timezones WHERE user_id = ?", (user_id,))
        return None if row is None else str(row[0])

    async def set(self, user_id: int, zone: str) -> None:
        await self._write(
            "INSERT INTO user_timezones (user_id, zone) VALUES (?, ?) "
            "ON CONFLICT(user_id) DO UPDATE SET zone = excluded.zone",
            (user_id, zone),
        )


def _state(row: Any) -> AiringState:
    return AiringState(
        slug=row["slug"],
        title=row["title"],
        episode=row["episode"],
        airs_at=_ts(row["airs_at"]),
        refreshed_at=_ts(row["refreshed_at"]) or _EPOCH,
        next_refresh=_ts(row["next_refresh"]) or _EPOCH,
        failures=int(row["failures"]),
    )


class SqliteAiringRepository(_Repo):
    async def get(self, slug: str) -> AiringState | None:
        row = await self._one("SELECT * FROM airing WHERE title_key = ?", (drama_key(slug),))
        return None if row is None else _state(row)

    async def save(self, state: AiringState) -> None:
        await self._write(
            "INSERT OR REPLACE INTO airing "
            "(title_key, slug, title, episode, airs_at, refreshed_at, next_refresh, failures) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                drama_key(state.slug),
                state.slug,
                state.title,
                state.episode,
                _at(state.airs_at),
                state.refreshed_at.timestamp(),
                state.next_refresh.timestamp(),
                state.failures,
            ),
        )

    async def delete(self, slug: str) -> None:
        await self._write("DELETE FROM airing WHERE title_key = ?", (drama_key(slug),))

    async def due(self, now: datetime, limit: int) -> list[AiringState]:
        rows = await self._all(
            "SELECT * FROM airing WHERE next_refresh <= ? ORDER BY next_refresh, slug LIMIT ?",
            (now.timestamp(), limit),
        )
        return [_state(r) for r in rows]

    async def next_due(self) -> datetime | None:
        row = await self._one("SELECT MIN(next_refresh) FROM airing")
        return None if row is None else _ts(row[0])


def _notice(row: Any) -> Notice:
    return Notice(
        user_id=row["user_id"],
        slug=row["slug"],
        episode=row["episode"],
        title=row["title"],
        aired_at=_ts(row["aired_at"]) or _EPOCH,
        status=NoticeStatus(row["status"]),
    )


_KEY = "user_id = ? AND title_key = ? AND episode = ?"


def _keyed(key: tuple[int, str, int]) -> tuple[int, str, int]:
    return (key[0], drama_key(key[1]), key[2])


class SqliteNoticeLedger(_Repo):
    async def plan(self, notices: list[Notice]) -> int:
        async with self._db.guard():
            before = self._db.conn.total_changes
            await self._db.conn.executemany(
                "INSERT OR IGNORE INTO notices "
                "(user_id, title_key, episode, slug, title, aired_at, status) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        n.user_id,
                        drama_key(n.slug),
                        n.episode,
                        n.slug,
                        n.title,
                        n.aired_at.timestamp(),
                        n.status.value,
                    )
                    for n in notices
                ],
            )
            await self._db.conn.commit()
            return int(self._db.conn.total_changes - before)

    async def due(self, limit: int) -> list[Notice]:
        rows = await self._all(
            "SELECT * FROM notices WHERE status = ? ORDER BY aired_at, user_id, slug LIMIT ?",
            (NoticeStatus.DUE.value, limit),
        )
        return [_notice(r) for r in rows]

    async def claim(self, key: tuple[int, str, int]) -> bool:
        changed = await self._write(
            f"UPDATE notices SET status = ? WHERE {_KEY} AND status = ?",  # noqa: S608
            (NoticeStatus.PENDING.value, *_keyed(key), NoticeStatus.DUE.value),
        )
        return changed > 0

    async def mark(self, key: tuple[int, str, int], status: NoticeStatus) -> None:
        await self._write(
            f"UPDATE notices SET status = ? WHERE {_KEY}",  # noqa: S608
            (status.value, *_keyed(key)),
        )

    async def get(self, key: tuple[int, str, int]) -> Notice | None:
        row = await self._one(f"SELECT * FROM notices WHERE {_KEY}", _keyed(key))  # noqa: S608
        return None if row is None else _notice(row)

    async def settle_interrupted(self) -> int:
        return await self._write(
            "UPDATE notices SET status = ? WHERE status = ?",
            (NoticeStatus.UNCERTAIN.value, NoticeStatus.PENDING.value),
        )
