"""Each user's where-to-watch country, in MongoDB (collection ``user_regions``, by ``_id``)."""

from __future__ import annotations

from adapters.storage.mongo import MongoDatabase, guard


class MongoRegionRepository:
    def __init__(self, db: MongoDatabase) -> None:
        self._regions = db.db.user_regions

    async def get(self, user_id: int) -> str | None:
        async with guard("get_region"):
            doc = await self._regions.find_one({"_id": user_id})
        return None if doc is None else str(doc["region"])

    async def set(self, user_id: int, region: str) -> None:
        async with guard("set_region"):
            await self._regions.update_one(
                {"_id": user_id}, {"$set": {"region": region}}, upsert=True
            )

    async def delete(self, user_id: int) -> None:
        async with guard("delete_region"):
            await self._regions.delete_one({"_id": user_id})
