"""The storage contract, continued: watches, time zones, airing state and the notice ledger.

Runs against every backend through the same ``repos`` fixture as
``test_storage_contract.py``.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from adapters.storage.mongo import MongoDatabase
from adapters.storage.sqlite import SqliteDatabase
from app.airing.wiring import WatchRepos
from domain.airing.watches import FINALE, AiringState, Notice, NoticeStatus, Watch
from tests.integration.conftest import Repos, mongo_double
from tests.integration.test_storage_contract import assert_same_instant

T0 = datetime(2026, 3, 1, 12, 0, 0, 250000, tzinfo=UTC)


def _state(slug: str, due_in: float, **changes: object) -> AiringState:
    values: dict[str, object] = {
        "slug": slug,
        "title": slug.title(),
        "episode": 5,
        "airs_at": T0 + timedelta(days=1),
        "refreshed_at": T0,
        "next_refresh": T0 + timedelta(seconds=due_in),
    }
    values.update(changes)
    return AiringState(**values)  # type: ignore[arg-type]


async def test_watches_are_per_user_and_unique(repos: Repos) -> None:
    watches = repos.watch.watches
    assert await watches.add(Watch(7, "1-a", "A", T0))
    assert not await watches.add(Watch(7, "1-a", "A again", T0 + timedelta(1)))
    assert await watches.add(Watch(7, "2-b", "B", T0 + timedelta(seconds=1)))
    assert await watches.add(Watch(8, "1-a", "A", T0))

    mine = await watches.of_user(7)
    assert [(w.slug, w.title) for w in mine] == [("1-a", "A"), ("2-b", "B")]
    assert_same_instant(mine[0].added_at, T0)
    assert await watches.count_of_user(7) == 2
    assert await watches.watchers("1-a") == [7, 8]

    assert await watches.remove(7, "1-a")
    assert not await watches.remove(7, "1-a")
    assert await watches.watchers("1-a") == [8]
    assert await watches.remove_drama("1-a") == 1
    assert await watches.watchers("1-a") == []


async def test_time_zones_default_to_none_and_can_change(repos: Repos) -> None:
    zones = repos.watch.zones
    assert await zones.get(7) is None
    await zones.set(7, "Asia/Seoul")
    await zones.set(7, "Europe/Berlin")
    assert await zones.get(7) == "Europe/Berlin"


async def test_airing_state_round_trips_and_is_due_in_order(repos: Repos) -> None:
    airing = repos.watch.airing
    assert await airing.next_due() is None
    await airing.save(_state("late", 600))
    await airing.save(_state("soon", 60, airs_at=None, episode=None, failures=2))
    await airing.save(_state("soon", 30, airs_at=None, episode=None, failures=2))  # replaces

    soon = await airing.get("soon")
    assert soon is not None and soon.episode is None and soon.airs_at is None
    assert soon.failures == 2
    late = await airing.get("late")
    assert late is not None and late.episode == 5 and late.airs_at is not None
    assert_same_instant(late.airs_at, T0 + timedelta(days=1))

    due = await airing.due(T0 + timedelta(seconds=100), 10)
    assert [s.slug for s in due] == ["soon"]
    assert [s.slug for s in await airing.due(T0 + timedelta(hours=1), 10)] == ["soon", "late"]
    next_due = await airing.next_due()
    assert next_due is not None
    assert_same_instant(next_due, T0 + timedelta(seconds=30))
    await airing.delete("soon")
    assert await airing.get("soon") is None


async def test_the_ledger_plans_once_claims_once_and_settles_a_crash(repos: Repos) -> None:
    ledger = repos.watch.ledger
    first = Notice(7, "1-a", 5, "A", T0)
    finale = Notice(7, "1-a", FINALE, "A", T0 + timedelta(hours=1))
    other = Notice(8, "1-a", 5, "A", T0)

    assert await ledger.plan([first, other]) == 2
    assert await ledger.plan([first, finale]) == 1  # the existing key is left alone
    assert [n.key for n in await ledger.due(10)] == [first.key, other.key, finale.key]

    assert await ledger.claim(first.key)
    assert not await ledger.claim(first.key)  # a second claimant loses
    await ledger.mark(other.key, NoticeStatus.SENT)
    assert [n.key for n in await ledger.due(10)] == [finale.key]

    assert await ledger.settle_interrupted() == 1
    stored = await ledger.get(first.key)
    assert stored is not None and stored.status is NoticeStatus.UNCERTAIN
    assert_same_instant(stored.aired_at, T0)
    assert await ledger.get((9, "x", 1)) is None
    await ledger.plan([Notice(7, "1-a", 5, "A", T0)])
    again = await ledger.get(first.key)
    assert again is not None and again.status is NoticeStatus.UNCERTAIN  # never reset to due


# ------------------------------------------ one title, whatever its slug (issue 22)


async def test_a_title_is_one_watch_whatever_slug_names_it(repos: Repos) -> None:
    watches, airing, ledger = repos.watch.watches, repos.watch.airing, repos.watch.ledger
    assert await watches.add(Watch(7, "18452-goblin", "Goblin", T0))
    assert not await watches.add(Watch(7, "18452", "Goblin", T0 + timedelta(1)))
    assert await watches.watchers("18452") == [7]
    await airing.save(_state("18452", 60))
    stored = await airing.get("18452-goblin")
    assert stored is not None and stored.slug == "18452"
    assert await ledger.plan([Notice(7, "18452-goblin", 5, "Goblin", T0)]) == 1
    assert await ledger.plan([Notice(7, "18452", 5, "Goblin", T0)]) == 0
    assert await ledger.claim((7, "18452", 5))
    assert await watches.remove(7, "18452")
    assert await watches.of_user(7) == []


MIGRATION_FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "storage"
WRITTEN_AT = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)  # the T0 of the fixtures' writer


@contextlib.asynccontextmanager
async def sqlite_written_by_slug_keyed_code(tmp_path: Path) -> AsyncIterator[WatchRepos]:
    """A database file as the slug-keyed code wrote it (``watches_by_slug.sql``)."""
    path = tmp_path / "old.sqlite3"
    with contextlib.closing(sqlite3.connect(path)) as conn:
        conn.executescript((MIGRATION_FIXTURES / "watches_by_slug.sql").read_text())
    db = SqliteDatabase(path)
    await db.open()
    try:
        yield await WatchRepos.sqlite(db)  # runs the migration, as start-up does
    finally:
        await db.close()


def _decoded(value: Any) -> Any:
    if isinstance(value, dict) and "$date" in value:
        return datetime.fromisoformat(value["$date"])
    return value


@contextlib.asynccontextmanager
async def mongo_written_by_slug_keyed_code(patch: pytest.MonkeyPatch) -> AsyncIterator[WatchRepos]:
    """A database as the slug-keyed code wrote it (``watches_by_slug.mongo.json``)."""
    from bson import ObjectId

    dump = json.loads((MIGRATION_FIXTURES / "watches_by_slug.mongo.json").read_text())
    db = MongoDatabase(mongo_double(patch)[f"migration_{uuid.uuid4().hex[:8]}"])
    for name, content in dump.items():
        collection = db.db[name]
        for index_name, index in content["indexes"].items():
            keys = [(field, direction) for field, direction in index["key"]]
            await collection.create_index(keys, name=index_name, unique=index["unique"])
        for doc in content["documents"]:
            doc = {key: _decoded(value) for key, value in doc.items()}
            if name != "airing":
                doc["_id"] = ObjectId(doc["_id"])
            await collection.insert_one(doc)
    yield await WatchRepos.mongo(db)


@pytest.mark.parametrize("backend", ["sqlite", "mongo"])
async def test_rows_of_the_slug_keyed_layout_are_merged_by_title(
    backend: str, tmp_path: Path
) -> None:
    with pytest.MonkeyPatch.context() as patch:
        opened = (
            sqlite_written_by_slug_keyed_code(tmp_path)
            if backend == "sqlite"
            else mongo_written_by_slug_keyed_code(patch)
        )
        async with opened as repos:
            await check_merged(repos)


async def check_merged(repos: WatchRepos) -> None:
    watches, airing, ledger = repos.watches, repos.airing, repos.ledger
    # User 7 watched Goblin twice (by slug, then by bare id): one watch, the oldest.
    mine = await watches.of_user(7)
    assert [w.slug for w in mine] == ["18452-goblin", "90210-moonlit-harbour"]
    assert_same_instant(mine[0].added_at, WRITTEN_AT)
    assert await watches.count_of_user(7) == 2
    assert await watches.watchers("18452") == [7, 8]
    assert not await watches.add(Watch(7, "18452", "Goblin", WRITTEN_AT))

    # One airing state per title: the one due first, under the slug with the name.
    goblin = await airing.get("18452")
    assert goblin is not None and goblin.slug == "18452-goblin"
    assert_same_instant(goblin.next_refresh, WRITTEN_AT + timedelta(hours=2))
    harbour = await airing.get("90210")
    assert harbour is not None and harbour.failures == 1 and harbour.airs_at is None
    assert len(await airing.due(WRITTEN_AT + timedelta(days=1), 10)) == 2

    # Episode 5 was sent to user 7 under one slug: it is not due again under the other.
    sent = await ledger.get((7, "18452", 5))
    assert sent is not None and sent.status is NoticeStatus.SENT
    due = {(n.user_id, n.episode) for n in await ledger.due(10)}
    assert due == {(8, 5), (7, 6)}
