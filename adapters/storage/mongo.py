"""MongoDB through PyMongo's native async API (the successor of Motor)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any

from pymongo import ASCENDING, DESCENDING
from pymongo.errors import PyMongoError

from domain.errors import StorageUnavailable
from domain.models import User, UserProfile


def _utc(value: datetime) -> datetime:
    # PyMongo returns naive datetimes unless the client is tz_aware; both mean UTC.
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


@asynccontextmanager
async def guard(operation: str) -> AsyncIterator[None]:
    try:
        yield
    except PyMongoError as exc:
        raise StorageUnavailable(f"mongo {operation}: {type(exc).__name__}") from exc


class MongoDatabase:
    """Wraps an ``AsyncDatabase`` (or a test double with the same API)."""

    def __init__(self, database: Any) -> None:
        self.db = database

    async def ensure_indexes(self) -> None:
        async with guard("create_index"):
            await self.db.users.create_index([("last_seen", DESCENDING)])
            await self.db.users.create_index([("first_seen", DESCENDING)])
            await self.db.users.create_index([("username", ASCENDING)])
            await self.db.templates.create_index(
                [("user_id", ASCENDING), ("source", ASCENDING)], unique=True
            )
            # Access control, broadcasts and statistics (adapters/storage/mongo_admin.py).
            await self.db.users.create_index([("blocked", ASCENDING), ("_id", ASCENDING)])
            await self.db.access.create_index(
                [("authorised", ASCENDING), ("authorised_at", ASCENDING)]
            )
            await self.db.broadcasts.create_index([("status", ASCENDING)])
            await self.db.lookup_queries.create_index([("count", DESCENDING), ("_id", ASCENDING)])

    async def ping(self) -> None:
        async with guard("ping"):
            await self.db.command("ping")


class MongoUserRepository:
    def __init__(self, db: MongoDatabase) -> None:
        self._users = db.db.users

    async def record_seen(self, profile: UserProfile, at: datetime) -> None:
        async with guard("record_seen"):
            await self._users.update_one(
                {"_id": profile.id},
                {
                    "$set": {
                        "first_name": profile.first_name,
                        "last_name": profile.last_name,
                        "username": profile.username,
                        "language_code": profile.language_code,
                        "last_seen": at,
                        "blocked": False,
                    },
                    "$setOnInsert": {"first_seen": at},
                },
                upsert=True,
            )

    async def get(self, user_id: int) -> User | None:
        async with guard("get_user"):
            doc = await self._users.find_one({"_id": user_id})
        if doc is None:
            return None
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

    async def set_blocked(self, user_id: int, blocked: bool) -> None:
        async with guard("set_blocked"):
            await self._users.update_one({"_id": user_id}, {"$set": {"blocked": blocked}})

    async def count(self) -> int:
        async with guard("count_users"):
            return int(await self._users.count_documents({}))


class MongoSettingsRepository:
    def __init__(self, db: MongoDatabase) -> None:
        self._settings = db.db.settings

    async def get(self, key: str) -> str | None:
        async with guard("get_setting"):
            doc = await self._settings.find_one({"_id": key})
        return None if doc is None else str(doc["value"])

    async def set(self, key: str, value: str) -> None:
        async with guard("set_setting"):
            await self._settings.update_one({"_id": key}, {"$set": {"value": value}}, upsert=True)

    async def delete(self, key: str) -> None:
        async with guard("delete_setting"):
            await self._settings.delete_one({"_id": key})


class MongoTemplateRepository:
    def __init__(self, db: MongoDatabase) -> None:
        self._templates = db.db.templates

    async def get(self, user_id: int, source: str) -> str | None:
        async with guard("get_template"):
            doc = await self._templates.find_one({"user_id": user_id, "source": source})
        return None if doc is None else str(doc["template"])

    async def put(self, user_id: int, source: str, template: str, at: datetime) -> None:
        async with guard("put_template"):
            await self._templates.update_one(
                {"user_id": user_id, "source": source},
                {"$set": {"template": template, "updated_at": at}},
                upsert=True,
            )

    async def delete(self, user_id: int, source: str) -> bool:
        async with guard("delete_template"):
            result = await self._templates.delete_one({"user_id": user_id, "source": source})
        return bool(result.deleted_count)
