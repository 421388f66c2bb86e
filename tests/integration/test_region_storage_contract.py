"""Where-to-watch countries and TMDB matches: one contract, SQLite and MongoDB alike."""

from __future__ import annotations

from adapters.storage.mongo import MongoDatabase
from adapters.storage.region_mongo import MongoMatchRepository, MongoRegionRepository
from adapters.storage.region_sqlite import (
    SqliteMatchRepository,
    SqliteRegionRepository,
    create_region_table,
)
from domain.tmdb.models import TmdbRef
from domain.tmdb.ports import MatchRepository, RegionRepository
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


async def test_a_match_is_kept_per_title_and_replaced(repos: Repos) -> None:
    if isinstance(repos.db, MongoDatabase):
        matches: MatchRepository = MongoMatchRepository(repos.db)
    else:
        await create_region_table(repos.db)
        matches = SqliteMatchRepository(repos.db)
    assert await matches.get("18452") is None
    await matches.put("18452", TmdbRef("tv", 67915))
    await matches.put("28311", TmdbRef("movie", 496243))
    assert await matches.get("18452") == TmdbRef("tv", 67915)
    await matches.put("18452", TmdbRef("tv", 1))
    assert await matches.get("18452") == TmdbRef("tv", 1)
    assert await matches.get("28311") == TmdbRef("movie", 496243)
