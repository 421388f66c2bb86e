"""MongoDB repositories for access control, statistics and broadcasts.

Their indexes are created with the others in ``MongoDatabase.ensure_indexes``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from pymongo import ASCENDING, DESCENDING

from adapters.storage.jobs import job_fields, job_from_fields
from adapters.storage.mongo import MongoDatabase, guard
from domain.admin.access import AccessFlags
from domain.broadcast.job import BroadcastJob, BroadcastStatus
from domain.models import User, UserProfile


def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class MongoAccessRepository:
    def __init__(self, db: MongoDatabase) -> None:
        self._access = db.db.access

    async def flags(self, user_id: int) -> AccessFlags:
        async with guard("access_flags"):
            doc = await self._access.find_one({"_id": user_id})
        if doc is None:
            return AccessFlags()
        return AccessFlags(bool(doc.get("authorised")), bool(doc.get("banned")))

    async def set_authorised(self, user_id: int, authorised: bool, at: datetime) -> bool:
        return await self._set("authorised", user_id, authorised, at)

    async def set_banned(self, user_id: int, banned: bool, at: datetime) -> bool:
        return await self._set("banned", user_id, banned, at)

    async def _set(self, field: str, user_id: int, value: bool, at: datetime) -> bool:
        if getattr(await self.flags(user_id), field) == value:
            return False
        async with guard("set_access"):
            await self._access.update_one(
                {"_id": user_id}, {"$set": {field: value, f"{field}_at": at}}, upsert=True
            )
        return True

    async def authorised(self, offset: int, limit: int) -> list[int]:
        async with guard("list_authorised"):
            cursor = (
                self._access.find({"authorised": True}, {"_id": 1})
                .sort([("authorised_at", ASCENDING), ("_id", ASCENDING)])
                .skip(offset)
                .limit(limit)
            )
            return [int(doc["_id"]) async for doc in cursor]

    async def count_authorised(self) -> int:
        async with guard("count_authorised"):
            return int(await self._access.count_documents({"authorised": True}))


class MongoUserDirectory:
    """``UserDirectory`` and ``RecipientSource`` over the users collection."""

    def __init__(self, db: MongoDatabase) -> None:
        self._users = db.db.users
        self._access = db.db.access

    async def find_username(self, username: str) -> User | None:
        name = username.removeprefix("@")
        if not name:
            return None
        # Usernames are [A-Za-z0-9_]; escaped anyway, as any text reaching a regex must be.
        query = {"username": {"$regex": f"^{re.escape(name)}$", "$options": "i"}}
        async with guard("find_username"):
            cursor = self._users.find(query).sort("last_seen", DESCENDING).limit(1)
            docs = [doc async for doc in cursor]
        if not docs:
            return None
        doc = docs[0]
        profile = UserProfile(
            doc["_id"],
            doc.get("first_name", ""),
            doc.get("last_name", ""),
            doc.get("username", ""),
            doc.get("language_code", ""),
        )
        return User(
            profile, _utc(doc["first_seen"]), _utc(doc["last_seen"]), bool(doc.get("blocked"))
        )

    async def _count(self, query: dict[str, Any]) -> int:
        async with guard("count_users"):
            return int(await self._users.count_documents(query))

    async def count_active_since(self, since: datetime) -> int:
        return await self._count({"last_seen": {"$gte": since}})

    async def count_new_since(self, since: datetime) -> int:
        return await self._count({"first_seen": {"$gte": since}})

    async def count_blocked(self) -> int:
        return await self._count({"blocked": True})

    async def _recipients(self, **extra: Any) -> dict[str, Any]:
        """Users who have not blocked the bot and are not banned (few are: a list is fine)."""
        async with guard("banned_users"):
            banned = [doc["_id"] async for doc in self._access.find({"banned": True}, {"_id": 1})]
        return {"_id": {"$nin": banned, **extra}, "blocked": {"$ne": True}}

    async def recipients_after(self, cursor: int, limit: int) -> list[int]:
        query = await self._recipients(**{"$gt": cursor})
        async with guard("recipients"):
            found = self._users.find(query, {"_id": 1}).sort("_id", ASCENDING).limit(limit)
            return [int(doc["_id"]) async for doc in found]

    async def count_recipients(self) -> int:
        return await self._count(await self._recipients())


class MongoBroadcastRepository:
    def __init__(self, db: MongoDatabase) -> None:
        self._jobs = db.db.broadcasts

    async def save(self, job: BroadcastJob) -> None:
        async with guard("save_broadcast"):
            await self._jobs.replace_one({"_id": job.id}, job_fields(job), upsert=True)

    async def get(self, job_id: str) -> BroadcastJob | None:
        async with guard("get_broadcast"):
            doc = await self._jobs.find_one({"_id": job_id})
        return None if doc is None else job_from_fields(job_id, doc)

    async def running(self) -> BroadcastJob | None:
        async with guard("running_broadcast"):
            cursor = (
                self._jobs.find({"status": BroadcastStatus.RUNNING.value})
                .sort("created_at", DESCENDING)
                .limit(1)
            )
            docs = [doc async for doc in cursor]
        return job_from_fields(docs[0]["_id"], docs[0]) if docs else None


class MongoLookupStats:
    def __init__(self, db: MongoDatabase) -> None:
        self._sources = db.db.lookup_sources
        self._queries = db.db.lookup_queries

    async def record(self, source: str, query: str, at: datetime) -> None:
        async with guard("record_lookup"):
            await self._sources.update_one({"_id": source}, {"$inc": {"count": 1}}, upsert=True)
            if query:
                await self._queries.update_one(
                    {"_id": query}, {"$inc": {"count": 1}, "$set": {"last_at": at}}, upsert=True
                )

    async def add(
        self, sources: Mapping[str, int], queries: Mapping[str, tuple[int, datetime]]
    ) -> None:
        async with guard("add_lookups"):
            for source, count in sources.items():
                await self._sources.update_one(
                    {"_id": source}, {"$inc": {"count": count}}, upsert=True
                )
            for query, (count, at) in queries.items():
                await self._queries.update_one(
                    {"_id": query}, {"$inc": {"count": count}, "$max": {"last_at": at}}, upsert=True
                )

    async def by_source(self) -> dict[str, int]:
        async with guard("lookups_by_source"):
            return {str(doc["_id"]): int(doc["count"]) async for doc in self._sources.find({})}

    async def top_queries(self, limit: int) -> list[tuple[str, int]]:
        async with guard("top_queries"):
            cursor = (
                self._queries.find({})
                .sort([("count", DESCENDING), ("_id", ASCENDING)])
                .limit(limit)
            )
            return [(str(doc["_id"]), int(doc["count"])) async for doc in cursor]
