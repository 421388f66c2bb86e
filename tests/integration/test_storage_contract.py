"""One contract for every storage backend: what the bot relies on, run against each."""

from __future__ import annotations

from collections import Counter
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta, timezone

import pytest

from domain.broadcast.job import BroadcastJob, BroadcastStatus
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


# -- access control ----------------------------------------------------------------


async def test_unknown_users_are_neither_authorised_nor_banned(repos: Repos) -> None:
    flags = await repos.access.flags(42)
    assert (flags.authorised, flags.banned) == (False, False)


async def test_authorising_says_whether_it_changed_anything(repos: Repos) -> None:
    assert await repos.access.set_authorised(42, True, T0) is True
    assert await repos.access.set_authorised(42, True, T0) is False
    assert (await repos.access.flags(42)).authorised is True

    assert await repos.access.set_authorised(42, False, T0) is True
    assert await repos.access.set_authorised(42, False, T0) is False
    assert await repos.access.set_authorised(7, False, T0) is False  # never was
    assert (await repos.access.flags(42)).authorised is False


async def test_ban_and_authorisation_are_independent(repos: Repos) -> None:
    await repos.access.set_authorised(42, True, T0)
    assert await repos.access.set_banned(42, True, T0) is True
    assert await repos.access.set_banned(42, True, T0) is False

    flags = await repos.access.flags(42)
    assert (flags.authorised, flags.banned) == (True, True)

    assert await repos.access.set_banned(42, False, T0) is True
    assert (await repos.access.flags(42)).authorised is True


async def test_authorised_users_page_in_the_order_they_were_let_in(repos: Repos) -> None:
    for i, user_id in enumerate((30, 10, 20, 40)):
        await repos.access.set_authorised(user_id, True, T0 + timedelta(minutes=i))
    await repos.access.set_banned(99, True, T0)  # banned, not authorised
    await repos.access.set_authorised(40, False, T0 + timedelta(hours=1))

    assert await repos.access.count_authorised() == 3
    assert await repos.access.authorised(0, 2) == [30, 10]
    assert await repos.access.authorised(2, 2) == [20]
    assert await repos.access.authorised(4, 2) == []


# -- user directory and broadcast recipients --------------------------------------------


async def test_find_a_user_by_username_in_any_case(repos: Repos) -> None:
    await repos.users.record_seen(ALICE, T0)
    await repos.users.record_seen(UserProfile(7, "Bob"), T0)

    for name in ("alice", "@ALICE", "Alice"):
        found = await repos.directory.find_username(name)
        assert found is not None and found.id == ALICE.id
    assert await repos.directory.find_username("bob") is None
    assert await repos.directory.find_username("@") is None
    assert await repos.directory.find_username("ali") is None  # whole names only


async def test_counts_of_active_new_and_blocked_users(repos: Repos) -> None:
    day = timedelta(days=1)
    await repos.users.record_seen(UserProfile(1), T0 - 40 * day)  # old, quiet
    await repos.users.record_seen(UserProfile(2), T0 - 40 * day)
    await repos.users.record_seen(UserProfile(2), T0 - 2 * day)  # old, active this week
    await repos.users.record_seen(UserProfile(3), T0 - day / 2)  # new today
    await repos.users.set_blocked(1, True)

    assert await repos.directory.count_active_since(T0 - day) == 1
    assert await repos.directory.count_active_since(T0 - 7 * day) == 2
    assert await repos.directory.count_new_since(T0 - 30 * day) == 1
    assert await repos.directory.count_new_since(T0 - 60 * day) == 3
    assert await repos.directory.count_blocked() == 1


async def test_recipients_stream_by_id_after_a_cursor_skipping_blocked(repos: Repos) -> None:
    for user_id in (50, 10, 40, 20, 30):
        await repos.users.record_seen(UserProfile(user_id), T0)
    await repos.users.set_blocked(30, True)

    assert await repos.directory.count_recipients() == 4
    assert await repos.directory.recipients_after(0, 2) == [10, 20]
    assert await repos.directory.recipients_after(20, 2) == [40, 50]
    assert await repos.directory.recipients_after(50, 2) == []


async def test_banned_users_are_not_broadcast_recipients(repos: Repos) -> None:
    for user_id in (10, 20, 30):
        await repos.users.record_seen(UserProfile(user_id), T0)
    await repos.access.set_banned(20, True, T0)
    await repos.access.set_banned(99, True, T0)  # banned before ever writing: no user row

    assert await repos.directory.count_recipients() == 2
    assert await repos.directory.recipients_after(0, 10) == [10, 30]
    await repos.access.set_banned(20, False, T0)
    assert await repos.directory.recipients_after(0, 10) == [10, 20, 30]


# -- broadcasts ------------------------------------------------------------------


def _job(job_id: str = "b1", **changes: object) -> BroadcastJob:
    job = BroadcastJob(
        job_id, owner_chat_id=1001, source_chat_id=1001, source_message_id=77, created_at=T0
    )
    for name, value in changes.items():
        setattr(job, name, value)
    return job


async def test_a_broadcast_job_round_trips_every_field(repos: Repos) -> None:
    job = _job(
        status=BroadcastStatus.RUNNING,
        total=10,
        cursor=4242,
        pending=4343,
        sent=5,
        blocked=1,
        failed=2,
        uncertain=1,
        failures=Counter({"PeerIdInvalid": 2}),
        progress_message_id=9,
        started_at=T0 + timedelta(seconds=1),
    )
    await repos.broadcasts.save(job)

    loaded = await repos.broadcasts.get("b1")

    assert loaded is not None
    assert_same_instant(loaded.created_at, T0)
    assert loaded.started_at is not None
    assert_same_instant(loaded.started_at, T0 + timedelta(seconds=1))
    assert loaded.finished_at is None
    fields = ("status", "total", "cursor", "pending", "sent", "blocked", "failed", "uncertain")
    assert [getattr(loaded, f) for f in fields] == [getattr(job, f) for f in fields]
    assert loaded.failures == job.failures
    assert (loaded.progress_message_id, loaded.source_message_id) == (9, 77)


async def test_saving_a_job_again_replaces_it(repos: Repos) -> None:
    job = _job()
    await repos.broadcasts.save(job)
    job.status, job.cursor, job.pending = BroadcastStatus.DONE, 99, None
    await repos.broadcasts.save(job)

    loaded = await repos.broadcasts.get("b1")
    assert loaded is not None and (loaded.status, loaded.cursor) == (BroadcastStatus.DONE, 99)
    assert await repos.broadcasts.get("missing") is None


async def test_the_running_broadcast_is_found_for_resuming(repos: Repos) -> None:
    assert await repos.broadcasts.running() is None
    await repos.broadcasts.save(_job("draft"))
    await repos.broadcasts.save(_job("old", status=BroadcastStatus.DONE))
    assert await repos.broadcasts.running() is None

    await repos.broadcasts.save(_job("live", status=BroadcastStatus.RUNNING))

    running = await repos.broadcasts.running()
    assert running is not None and running.id == "live"


# -- lookup statistics -------------------------------------------------------------


async def test_lookups_are_counted_by_source_and_query(repos: Repos) -> None:
    assert await repos.lookup_stats.by_source() == {}
    assert await repos.lookup_stats.top_queries(5) == []
    for source, query in [
        ("mdl", "goblin"),
        ("mdl", "goblin"),
        ("imdb", "the matrix"),
        ("inline", "goblin"),
        ("button", ""),
        ("imdb", "alien"),
    ]:
        await repos.lookup_stats.record(source, query, T0)

    assert await repos.lookup_stats.by_source() == {"mdl": 2, "imdb": 2, "inline": 1, "button": 1}
    assert await repos.lookup_stats.top_queries(2) == [("goblin", 3), ("alien", 1)]
    assert await repos.lookup_stats.top_queries(5) == [
        ("goblin", 3),
        ("alien", 1),
        ("the matrix", 1),
    ]


async def test_mongo_indexes_for_recipients_and_statistics(mongo_repos: Repos) -> None:
    database = mongo_repos.db.db
    assert "blocked_1__id_1" in set(await database.users.index_information())
    assert "status_1" in set(await database.broadcasts.index_information())
    assert "count_-1__id_1" in set(await database.lookup_queries.index_information())


async def test_lookup_counts_can_be_added_in_one_batch(repos: Repos) -> None:
    await repos.lookup_stats.record("mdl", "goblin", T0)
    later = T0 + timedelta(minutes=5)
    await repos.lookup_stats.add(
        {"mdl": 3, "imdb": 2}, {"goblin": (2, later), "the matrix": (4, later)}
    )
    assert await repos.lookup_stats.by_source() == {"mdl": 4, "imdb": 2}
    assert await repos.lookup_stats.top_queries(5) == [("the matrix", 4), ("goblin", 3)]
