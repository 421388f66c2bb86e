"""MongoDB repositories for watchlists, time zones, airing state and the notice ledger.

``create_watch_indexes`` is called by the composition root after
``MongoDatabase.ensure_indexes``. Times are stored as BSON dates.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from pymongo import ASCENDING
from pymongo.errors import DuplicateKeyError

from adapters.storage.mongo import MongoDatabase, guard
from domain.airing.watches import AiringState, Notice, NoticeStatus, Watch


def _utc(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _need(value: datetime | None) -> datetime:
    found = _utc(value)
    assert found is not None, "a required time"
    return found


async def create_watch_indexes(db: MongoDatabase) -> None:
    async with guard("create_index"):
        await db.db.watches.create_index([("user_id", ASCENDING), ("slug", ASCENDING)], unique=True)
        await db.db.watches.create_index([("slug", ASCENDING), ("user_id", ASCENDING)])
        await db.db.airing.create_index([("next_refresh", ASCENDING)])
        await db.db.notices.create_index(
            [("user_id", ASCENDING), ("slug", ASCENDING), ("episode", ASCENDING)], unique=True
        )
        await db.db.notices.create_index([("status", ASCENDING), ("aired_at", ASCENDING)])


class MongoWatchRepository:
    def __init__(self, db: MongoDatabase) -> None:
        self._watches = db.db.watches

    async def add(self, watch: Watch) -> bool:
        async with guard("add_watch"):
            result = await self._watches.update_one(
                {"user_id": watch.user_id, "slug": watch.slug},
                {"$setOnInsert": {"title": watch.title, "added_at": watch.added_at}},
                upsert=True,
            )
        return result.upserted_id is not None

    async def remove(self, user_id: int, slug: str) -> bool:
        async with guard("remove_watch"):
            result = await self._watches.delete_one({"user_id": user_id, "slug": slug})
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
            cursor = self._watches.find({"slug": slug}, {"user_id": 1}).sort("user_id", ASCENDING)
            return [int(doc["user_id"]) async for doc in cursor]

    async def remove_drama(self, slug: str) -> int:
        async with guard("remove_drama"):
            result = await self._watches.delete_many({"slug": slug})
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
        slug=doc["_id"],
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
            doc = await self._airing.find_one({"_id": slug})
        return None if doc is None else _state(doc)

    async def save(self, state: AiringState) -> None:
        fields = {
            "title": state.title,
            "episode": state.episode,
            "airs_at": state.airs_at,
            "refreshed_at": state.refreshed_at,
            "next_refresh": state.next_refresh,
            "failures": state.failures,
        }
        async with guard("save_airing"):
            await self._airing.update_one({"_id": state.slug}, {"$set": fields}, upsert=True)

    async def delete(self, slug: str) -> None:
        async with guard("delete_airing"):
            await self._airing.delete_one({"_id": slug})

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
    return {"user_id": key[0], "slug": key[1], "episode": key[2]}


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
