"""MongoDB repositories for watchlists, time zones, airing state and the notice ledger.

``create_watch_indexes`` is called by the composition root after
``MongoDatabase.ensure_indexes``. Times are stored as BSON dates. Documents
are keyed by the title's MyDramaList id (``title_key``, see ``drama_key``;
the ``_id`` of an airing state); ``slug`` is kept beside it for links.
"""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime
from typing import Any

from pymongo import ASCENDING
from pymongo.errors import DuplicateKeyError, OperationFailure

from adapters.storage.mongo import MongoDatabase, guard
from adapters.storage.watch_keys import merge_airing, merge_notices, merge_watches
from domain.airing.watches import AiringState, Notice, NoticeStatus, Watch
from domain.titles import drama_key

# Unique indexes of the slug-keyed layout, dropped by the migration.
_OLD_INDEXES = {
    "watches": ["user_id_1_slug_1", "slug_1_user_id_1"],
    "notices": ["user_id_1_slug_1_episode_1"],
}


def _utc(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _need(value: datetime | None) -> datetime:
    found = _utc(value)
    assert found is not None, "a required time"
    return found


async def create_watch_indexes(db: MongoDatabase) -> None:
    async with guard("migrate_watches"):
        await _migrate_slug_keys(db)
    async with guard("create_index"):
        await db.db.watches.create_index(
            [("user_id", ASCENDING), ("title_key", ASCENDING)], unique=True
        )
        await db.db.watches.create_index([("title_key", ASCENDING), ("user_id", ASCENDING)])
        await db.db.airing.create_index([("next_refresh", ASCENDING)])
        await db.db.notices.create_index(
            [("user_id", ASCENDING), ("title_key", ASCENDING), ("episode", ASCENDING)],
            unique=True,
        )
        await db.db.notices.create_index([("status", ASCENDING), ("aired_at", ASCENDING)])


async def _migrate_slug_keys(db: MongoDatabase) -> None:
    """Documents of the slug-keyed layout → merged and keyed by title.

    Each step leaves a state the next start can finish (the kept document is
    updated or written before the others are deleted), so a crash halfway
    loses nothing and runs again.
    """
    for name, merge in (("watches", merge_watches), ("notices", merge_notices)):
        collection = db.db[name]
        if await collection.find_one({"title_key": {"$exists": False}}) is None:
            continue
        for index in _OLD_INDEXES[name]:
            with contextlib.suppress(OperationFailure):  # already gone
                await collection.drop_index(index)
        docs = [doc async for doc in collection.find({})]
        kept = merge(docs)
        for doc in kept:
            await collection.update_one(
                {"_id": doc["_id"]}, {"$set": {"title_key": doc["title_key"], "slug": doc["slug"]}}
            )
        await collection.delete_many({"_id": {"$nin": [doc["_id"] for doc in kept]}})
    airing = db.db.airing
    if await airing.find_one({"slug": {"$exists": False}}) is None:
        return
    docs = [{**doc, "slug": doc.get("slug", doc["_id"])} async for doc in airing.find({})]
    kept = merge_airing(docs)
    for doc in kept:
        fields = {k: v for k, v in doc.items() if k not in ("_id", "title_key")}
        await airing.replace_one({"_id": doc["title_key"]}, fields, upsert=True)
    await airing.delete_many({"_id": {"$nin": [doc["title_key"] for doc in kept]}})


class MongoWatchRepository:
    def __init__(self, db: MongoDatabase) -> None:
        self._watches = db.db.watches

    async def add(self, watch: Watch) -> bool:
        async with guard("add_watch"):
            result = await self._watches.update_one(
                {"user_id": watch.user_id, "title_key": drama_key(watch.slug)},
                {
                    "$setOnInsert": {
                        "slug": watch.slug,
                        "title": watch.title,
                        "added_at": watch.added_at,
                    }
                },
                upsert=True,
            )
        return result.upserted_id is not None

    async def remove(self, user_id: int, slug: str) -> bool:
        async with guard("remove_watch"):
            result = await self._watches.delete_one(
                {"user_id": user_id, "title_key": drama_key(slug)}
            )
        return bool(result.deleted_count)

    async def of_user(self, user_id: int) -> list[Watch]:
        async with guard("list_watches"):
            cursor = self._watches.find({"user_id": user_id}).sort(
                [("added_at", ASCENDING), ("slug", ASCENDING)]
            )
            docs = [doc async for doc in cursor]
        return [
            Watch(int(d["user_id"]), d["slug"], d.get("title", ""), _need(d["added_at"]))
            for d in docs
        ]

    async def count_of_user(self, user_id: int) -> int:
        async with guard("count_watches"):
            return int(await self._watches.count_documents({"user_id": user_id}))

    async def watchers(self, slug: str) -> list[int]:
        async with guard("watchers"):
            cursor = self._watches.find({"title_key": drama_key(slug)}, {"user_id": 1}).sort(
                "user_id", ASCENDING
            )
            return [int(doc["user_id"]) async for doc in cursor]

    async def remove_drama(self, slug: str) -> int:
        async with guard("remove_drama"):
            result = await self._watches.delete_many({"title_key": drama_key(slug)})
        return int(result.deleted_count)


class MongoTimezoneRepository:
    def __init__(self, db: MongoDatabase) -> None:
        self._zones = db.db.user_timezones

    async def get(self, user_id: int) -> str | None:
        async with guard("get_timezone"):
            doc = await self._zones.find_one({"_id": user_id})
        return None if doc is None else str(doc["zone"])

    async def set(self, user_id: int, zone: str) -> None:
        async with guard("set_timezone"):
            await self._zones.update_one({"_id": user_id}, {"$set": {"zone": zone}}, upsert=True)


def _state(doc: dict[str, Any]) -> AiringState:
    episode = doc.get("episode")
    return AiringState(
        slug=doc.get("slug", doc["_id"]),
        title=doc.get("title", ""),
        episode=None if episode is None else int(episode),
        airs_at=_utc(doc.get("airs_at")),
        refreshed_at=_need(doc["refreshed_at"]),
        next_refresh=_need(doc["next_refresh"]),
        failures=int(doc.get("failures", 0)),
    )


class MongoAiringRepository:
    def __init__(self, db: MongoDatabase) -> None:
        self._airing = db.db.airing

    async def get(self, slug: str) -> AiringState | None:
        async with guard("get_airing"):
            doc = await self._airing.find_one({"_id": drama_key(slug)})
        return None if doc is None else _state(doc)

    async def save(self, state: AiringState) -> None:
        fields = {
            "slug": state.slug,
            "title": state.title,
            "episode": state.episode,
            "airs_at": state.airs_at,
            "refreshed_at": state.refreshed_at,
            "next_refresh": state.next_refresh,
            "failures": state.failures,
        }
        async with guard("save_airing"):
            await self._airing.update_one(
                {"_id": drama_key(state.slug)}, {"$set": fields}, upsert=True
            )

    async def delete(self, slug: str) -> None:
        async with guard("delete_airing"):
            await self._airing.delete_one({"_id": drama_key(slug)})

    async def due(self, now: datetime, limit: int) -> list[AiringState]:
        async with guard("due_airing"):
            cursor = (
                self._airing.find({"next_refresh": {"$lte": now}})
                .sort([("next_refresh", ASCENDING), ("_id", ASCENDING)])
                .limit(limit)
            )
            return [_state(doc) async for doc in cursor]

    async def next_due(self) -> datetime | None:
        async with guard("next_airing"):
            cursor = self._airing.find({}, {"next_refresh": 1}).sort("next_refresh", 1).limit(1)
            docs = [doc async for doc in cursor]
        return _utc(docs[0]["next_refresh"]) if docs else None


def _key(key: tuple[int, str, int]) -> dict[str, Any]:
    return {"user_id": key[0], "title_key": drama_key(key[1]), "episode": key[2]}


def _notice(doc: dict[str, Any]) -> Notice:
    return Notice(
        user_id=int(doc["user_id"]),
        slug=doc["slug"],
        episode=int(doc["episode"]),
        title=doc.get("title", ""),
        aired_at=_need(doc["aired_at"]),
        status=NoticeStatus(doc["status"]),
    )


class MongoNoticeLedger:
    def __init__(self, db: MongoDatabase) -> None:
        self._notices = db.db.notices

    async def plan(self, notices: list[Notice]) -> int:
        inserted = 0
        async with guard("plan_notices"):
            for n in notices:
                try:
                    result = await self._notices.update_one(
                        _key(n.key),
                        {
                            "$setOnInsert": {
                                "slug": n.slug,
                                "title": n.title,
                                "aired_at": n.aired_at,
                                "status": n.status.value,
                            }
                        },
                        upsert=True,
                    )
                except DuplicateKeyError:  # a concurrent upsert of the same key won
                    continue
                inserted += result.upserted_id is not None
        return inserted

    async def due(self, limit: int) -> list[Notice]:
        async with guard("due_notices"):
            cursor = (
                self._notices.find({"status": NoticeStatus.DUE.value})
                .sort([("aired_at", ASCENDING), ("user_id", ASCENDING), ("slug", ASCENDING)])
                .limit(limit)
            )
            return [_notice(doc) async for doc in cursor]

    async def claim(self, key: tuple[int, str, int]) -> bool:
        async with guard("claim_notice"):
            result = await self._notices.update_one(
                {**_key(key), "status": NoticeStatus.DUE.value},
                {"$set": {"status": NoticeStatus.PENDING.value}},
            )
        return bool(result.modified_count)

    async def mark(self, key: tuple[int, str, int], status: NoticeStatus) -> None:
        async with guard("mark_notice"):
            await self._notices.update_one(_key(key), {"$set": {"status": status.value}})

    async def get(self, key: tuple[int, str, int]) -> Notice | None:
        async with guard("get_notice"):
            doc = await self._notices.find_one(_key(key))
        return None if doc is None else _notice(doc)

    async def settle_interrupted(self) -> int:
        async with guard("settle_notices"):
            result = await self._notices.update_many(
                {"status": NoticeStatus.PENDING.value},
                {"$set": {"status": NoticeStatus.UNCERTAIN.value}},
            )
        return int(result.modified_count)
