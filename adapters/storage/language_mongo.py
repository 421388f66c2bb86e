"""Users' chosen languages in MongoDB: ``user_languages``, one document per user id."""

from __future__ import annotations

from adapters.storage.mongo import MongoDatabase, guard


class MongoLanguageRepository:
    def __init__(self, db: MongoDatabase) -> None:
        self._languages = db.db.user_languages

    async def get(self, user_id: int) -> str | None:
        async with guard("get_language"):
            doc = await self._languages.find_one({"_id": user_id})
        return None if doc is None else str(doc["language"])

    async def set(self, user_id: int, code: str) -> None:
        async with guard("set_language"):
            await self._languages.update_one(
                {"_id": user_id}, {"$set": {"language": code}}, upsert=True
            )

    async def delete(self, user_id: int) -> None:
        async with guard("delete_language"):
            await self._languages.delete_one({"_id": user_id})
