"""SQLite repositories for watchlists, time zones, airing state and the notice ledger.

Their tables are created by ``create_watch_tables`` (the composition root calls
it after ``SqliteDatabase.open``). Times are epoch seconds, as elsewhere.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from adapters.storage.sqlite import SqliteDatabase
from adapters.storage.sqlite_admin import _Repo
from domain.airing.watches import AiringState, Notice, NoticeStatus, Watch

_SCHEMA = """
CREATE TABLE IF NOT EXISTS watches (
    user_id INTEGER NOT NULL,
    slug TEXT NOT NULL,
    title TEXT NOT NULL,
    added_at REAL NOT NULL,
    PRIMARY KEY (user_id, slug)
);
CREATE INDEX IF NOT EXISTS watches_slug ON watches(slug, user_id);
CREATE TABLE IF NOT EXISTS user_timezones (
    user_id INTEGER PRIMARY KEY,
    zone TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS airing (
    slug TEXT PRIMARY KEY,
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
    slug TEXT NOT NULL,
    episode INTEGER NOT NULL,
    title TEXT NOT NULL,
    aired_at REAL NOT NULL,
    status TEXT NOT NULL,
    PRIMARY KEY (user_id, slug, episode)
);
CREATE INDEX IF NOT EXISTS notices_status ON notices(status, aired_at);
"""


async def create_watch_tables(db: SqliteDatabase) -> None:
    async with db.guard():
        await db.conn.executescript(_SCHEMA)
        await db.conn.commit()


def _ts(value: float | None) -> datetime | None:
    return None if value is None else datetime.fromtimestamp(value, UTC)


def _at(value: datetime | None) -> float | None:
    return None if value is None else value.timestamp()


class SqliteWatchRepository(_Repo):
    async def add(self, watch: Watch) -> bool:
        added = await self._write(
            "INSERT OR IGNORE INTO watches (user_id, slug, title, added_at) VALUES (?, ?, ?, ?)",
            (watch.user_id, watch.slug, watch.title, watch.added_at.timestamp()),
        )
        return added > 0

    async def remove(self, user_id: int, slug: str) -> bool:
        removed = await self._write(
            "DELETE FROM watches WHERE user_id = ? AND slug = ?", (user_id, slug)
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
            "SELECT user_id FROM watches WHERE slug = ? ORDER BY user_id", (slug,)
        )
        return [int(r[0]) for r in rows]

    async def remove_drama(self, slug: str) -> int:
        return await self._write("DELETE FROM watches WHERE slug = ?", (slug,))


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
        row = await self._one("SELECT * FROM airing WHERE slug = ?", (slug,))
        return None if row is None else _state(row)

    async def save(self, state: AiringState) -> None:
        await self._write(
            "INSERT OR REPLACE INTO airing "
            "(slug, title, episode, airs_at, refreshed_at, next_refresh, failures) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
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
        await self._write("DELETE FROM airing WHERE slug = ?", (slug,))

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


_KEY = "user_id = ? AND slug = ? AND episode = ?"


class SqliteNoticeLedger(_Repo):
    async def plan(self, notices: list[Notice]) -> int:
        async with self._db.guard():
            before = self._db.conn.total_changes
            await self._db.conn.executemany(
                "INSERT OR IGNORE INTO notices "
                "(user_id, slug, episode, title, aired_at, status) VALUES (?, ?, ?, ?, ?, ?)",
                [
                    (n.user_id, n.slug, n.episode, n.title, n.aired_at.timestamp(), n.status.value)
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
            (NoticeStatus.PENDING.value, *key, NoticeStatus.DUE.value),
        )
        return changed > 0

    async def mark(self, key: tuple[int, str, int], status: NoticeStatus) -> None:
        await self._write(
            f"UPDATE notices SET status = ? WHERE {_KEY}",  # noqa: S608
            (status.value, *key),
        )

    async def get(self, key: tuple[int, str, int]) -> Notice | None:
        row = await self._one(f"SELECT * FROM notices WHERE {_KEY}", key)  # noqa: S608
        return None if row is None else _notice(row)

    async def settle_interrupted(self) -> int:
        return await self._write(
            "UPDATE notices SET status = ? WHERE status = ?",
            (NoticeStatus.UNCERTAIN.value, NoticeStatus.PENDING.value),
        )
