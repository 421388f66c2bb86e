"""The composition root's MongoDB branch builds every repository (PyMongo loads lazily)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from adapters.storage.mongo import MongoDatabase
from app.admin.wiring import AdminRepos
from app.airing.wiring import WatchRepos
from tests.integration.conftest import mongo_double


async def test_admin_and_watch_repositories_build_over_mongodb(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    db = MongoDatabase(mongo_double(monkeypatch)["wiring"])
    admin = AdminRepos.mongo(db)
    watch = await WatchRepos.mongo(db)
    await admin.lookup_stats.record("mdl", "goblin", datetime.now(UTC))
    assert await admin.lookup_stats.by_source() == {"mdl": 1}
    assert await watch.watches.of_user(1) == []
