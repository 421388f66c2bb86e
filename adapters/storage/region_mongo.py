"""TMDB's documents in MongoDB: where-to-watch countries (``user_regions``, by user id) and
MyDramaList titles' matches (``tmdb_matches``, by title key)."""

from __future__ import annotations

from adapters.storage.mongo import MongoDatabase, guard
from domain.tmdb.models import KINDS, TmdbRef


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


class MongoMatchRepository:
    def __init__(self, db: MongoDatabase) -> None:
        self._matches = db.db.tmdb_matches

    async def get(self, title_key: str) -> TmdbRef | None:
        async with guard("get_tmdb_match"):
            doc = await self._matches.find_one({"_id": title_key})
        if doc is None or doc.get("kind") not in KINDS:
            return None
        return TmdbRef(str(doc["kind"]), int(doc["tmdb_id"]))

    async def put(self, title_key: str, ref: TmdbRef) -> None:
        async with guard("put_tmdb_match"):
            await self._matches.update_one(
                {"_id": title_key},
                {"$set": {"kind": ref.kind, "tmdb_id": ref.tmdb_id}},
                upsert=True,
            )
