"""One contract for every storage backend: what the bot relies on, run against each."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta, timezone

import pytest

from domain.errors import StorageUnavailable
from domain.models import UserProfile
from tests.integration.conftest import Repos

T0 = datetime(2024, 3, 1, 12, 30, 45, 123456, tzinfo=UTC)
ALICE = UserProfile(42, "Alice", "Liddell", "alice", "en")


def to_ms(value: datetime) -> datetime:
    """What every backend can keep: MongoDB stores milliseconds."""
    return value.replace(microsecond=value.microsecond // 1000 * 1000)


def assert_same_instant(stored: datetime, written: datetime) -> None:
    assert stored.tzinfo is not None, "datetimes come back timezone-aware"
    assert stored.utcoffset() == timedelta(0), "datetimes come back in UTC"
    assert to_ms(stored) == to_ms(written.astimezone(UTC))


async def test_first_sighting_records_the_user(repos: Repos) -> None:
    await repos.users.record_seen(ALICE, T0)

    user = await repos.users.get(ALICE.id)

    assert user is not None
    assert user.profile == ALICE
    assert_same_instant(user.first_seen, T0)
    assert_same_instant(user.last_seen, T0)
    assert user.blocked is False


async def test_second_sighting_updates_names_and_last_seen_but_keeps_first_seen(
    repos: Repos,
) -> None:
    await repos.users.record_seen(ALICE, T0)
    renamed = UserProfile(ALICE.id, "Alicia", "", "alicia", "de")
    later = T0 + timedelta(days=3, seconds=7)

    await repos.users.record_seen(renamed, later)

    user = await repos.users.get(ALICE.id)
    assert user is not None
    assert user.profile == renamed
    assert_same_instant(user.first_seen, T0)
    assert_same_instant(user.last_seen, later)
    assert await repos.users.count() == 1


async def test_unknown_user_is_none(repos: Repos) -> None:
    assert await repos.users.get(999) is None


async def test_a_user_who_writes_again_has_not_blocked_the_bot(repos: Repos) -> None:
    await repos.users.record_seen(ALICE, T0)
    await repos.users.set_blocked(ALICE.id, True)
    blocked = await repos.users.get(ALICE.id)
    assert blocked is not None and blocked.blocked is True

    await repos.users.record_seen(ALICE, T0 + timedelta(minutes=1))

    user = await repos.users.get(ALICE.id)
    assert user is not None and user.blocked is False


async def test_blocking_an_unknown_user_creates_nobody(repos: Repos) -> None:
    await repos.users.set_blocked(777, True)

    assert await repos.users.get(777) is None
    assert await repos.users.count() == 0


async def test_count_counts_distinct_users(repos: Repos) -> None:
    assert await repos.users.count() == 0
    for user_id in (1, 2, 3):
        await repos.users.record_seen(UserProfile(user_id, f"u{user_id}"), T0)
    await repos.users.record_seen(UserProfile(2, "again"), T0 + timedelta(hours=1))

    assert await repos.users.count() == 3


async def test_unicode_and_emoji_names_round_trip(repos: Repos) -> None:
    profile = UserProfile(7, "김지원 🌸", "Ñandú 𝓩", "jiwon_👑", "ko")

    await repos.users.record_seen(profile, T0)

    user = await repos.users.get(7)
    assert user is not None and user.profile == profile
    assert user.profile.display_name == "김지원 🌸 Ñandú 𝓩"


async def test_non_utc_datetimes_come_back_as_the_same_instant_in_utc(repos: Repos) -> None:
    seoul = T0.astimezone(timezone(timedelta(hours=9)))

    await repos.users.record_seen(ALICE, seoul)

    user = await repos.users.get(ALICE.id)
    assert user is not None
    assert_same_instant(user.first_seen, T0)
    assert user.first_seen.hour == T0.hour


async def test_large_telegram_ids_fit(repos: Repos) -> None:
    big = UserProfile(7_999_999_999, "Big")

    await repos.users.record_seen(big, T0)

    user = await repos.users.get(big.id)
    assert user is not None and user.id == big.id


async def test_settings_get_set_overwrite_delete(repos: Repos) -> None:
    assert await repos.settings.get("public_mode") is None

    await repos.settings.set("public_mode", "true")
    assert await repos.settings.get("public_mode") == "true"

    await repos.settings.set("public_mode", "false")
    assert await repos.settings.get("public_mode") == "false"

    await repos.settings.set("template", "<b>{title}</b> 🎬 ★")
    assert await repos.settings.get("template") == "<b>{title}</b> 🎬 ★"

    await repos.settings.delete("public_mode")
    assert await repos.settings.get("public_mode") is None
    assert await repos.settings.get("template") == "<b>{title}</b> 🎬 ★"


async def test_deleting_a_missing_setting_is_harmless(repos: Repos) -> None:
    await repos.settings.delete("never-set")

    assert await repos.settings.get("never-set") is None


async def test_empty_setting_value_is_kept_not_confused_with_missing(repos: Repos) -> None:
    await repos.settings.set("note", "")

    assert await repos.settings.get("note") == ""


# ------------------------------------------------------------------ backend specifics


@pytest.mark.parametrize(
    "operation",
    [
        pytest.param(lambda r: r.users.get(1), id="users.get"),
        pytest.param(lambda r: r.users.record_seen(ALICE, T0), id="users.record_seen"),
        pytest.param(lambda r: r.users.set_blocked(1, True), id="users.set_blocked"),
        pytest.param(lambda r: r.users.count(), id="users.count"),
        pytest.param(lambda r: r.settings.get("k"), id="settings.get"),
        pytest.param(lambda r: r.settings.set("k", "v"), id="settings.set"),
        pytest.param(lambda r: r.settings.delete("k"), id="settings.delete"),
        pytest.param(lambda r: r.db.ping(), id="ping"),
    ],
)
@pytest.mark.parametrize("how", ["closed", "connection_lost"])
async def test_closed_sqlite_raises_storage_unavailable(
    sqlite_repos: Repos, operation: Callable[[Repos], Awaitable[object]], how: str
) -> None:
    if how == "closed":
        await sqlite_repos.db.close()
    else:
        # The connection dies under the repository (it still holds the object).
        await sqlite_repos.db.conn.close()

    with pytest.raises(StorageUnavailable):
        await operation(sqlite_repos)


async def test_mongo_ensure_indexes_creates_the_indexes(mongo_repos: Repos) -> None:
    database = mongo_repos.db.db  # the driver's database object
    await mongo_repos.db.ensure_indexes()  # idempotent: a restart runs it again

    names = set(await database.users.index_information())

    assert {"last_seen_-1", "first_seen_-1", "username_1"} <= names


async def test_mongo_ping_succeeds(mongo_repos: Repos) -> None:
    await mongo_repos.db.ping()


async def test_mongo_double_speaks_pymongo_aggregate(mongo_repos: Repos) -> None:
    """PyMongo's async aggregate is awaited and returns a cursor; the fixture's mock agrees."""
    for user_id, language in ((1, "en"), (2, "en"), (3, "ko")):
        await mongo_repos.users.record_seen(UserProfile(user_id, language_code=language), T0)
    users = mongo_repos.db.db.users

    cursor = await users.aggregate([{"$group": {"_id": "$language_code", "n": {"$sum": 1}}}])
    counted = {doc["_id"]: doc["n"] async for doc in cursor}

    assert counted == {"en": 2, "ko": 1}


# -- templates ------------------------------------------------------------------


async def test_a_template_is_stored_per_user_and_source(repos: Repos) -> None:
    assert await repos.templates.get(42, "mdl") is None
    await repos.templates.put(42, "mdl", "<b>{title}</b>", T0)
    await repos.templates.put(42, "imdb", "{title} ({year})", T0)
    await repos.templates.put(7, "mdl", "other user", T0)
    assert await repos.templates.get(42, "mdl") == "<b>{title}</b>"
    assert await repos.templates.get(42, "imdb") == "{title} ({year})"
    assert await repos.templates.get(7, "mdl") == "other user"


async def test_setting_a_template_again_replaces_it(repos: Repos) -> None:
    await repos.templates.put(42, "mdl", "first", T0)
    await repos.templates.put(42, "mdl", "second 🎬\nline two", T0 + timedelta(seconds=1))
    assert await repos.templates.get(42, "mdl") == "second 🎬\nline two"


async def test_deleting_a_template_says_whether_there_was_one(repos: Repos) -> None:
    await repos.templates.put(42, "mdl", "x", T0)
    assert await repos.templates.delete(42, "mdl") is True
    assert await repos.templates.get(42, "mdl") is None
    assert await repos.templates.delete(42, "mdl") is False


async def test_mongo_templates_are_unique_per_user_and_source(mongo_repos: Repos) -> None:
    database = mongo_repos.db.db
    indexes = await database.templates.index_information()
    assert any(info.get("unique") for name, info in indexes.items() if name != "_id_")
