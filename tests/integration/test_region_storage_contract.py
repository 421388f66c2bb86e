"""Where-to-watch countries: one contract, SQLite and MongoDB alike."""

from __future__ import annotations

from adapters.storage.mongo import MongoDatabase
from adapters.storage.region_mongo import MongoRegionRepository
from adapters.storage.region_sqlite import SqliteRegionRepository, create_region_table
from domain.tmdb.ports import RegionRepository
from tests.integration.conftest import Repos


async def regions_of(repos: Repos) -> RegionRepository:
    if isinstance(repos.db, MongoDatabase):
        return MongoRegionRepository(repos.db)
    await create_region_table(repos.db)
    await create_region_table(repos.db)  # idempotent: every start-up runs it
    return SqliteRegionRepository(repos.db)


async def test_a_region_is_stored_per_user_replaced_and_deleted(repos: Repos) -> None:
    regions = await regions_of(repos)
    assert await regions.get(1) is None
    await regions.set(1, "KR")
    await regions.set(2, "BR")
    await regions.set(1, "JP")
    assert (await regions.get(1), await regions.get(2)) == ("JP", "BR")
    await regions.delete(1)
    await regions.delete(1)  # deleting what is gone is fine
    assert (await regions.get(1), await regions.get(2)) == (None, "BR")
