"""The SQLite file deleted under the running bot: no write is confirmed, the owner is told."""

from __future__ import annotations

from pathlib import Path

from app.admin.health import check_dependencies
from app.wiring.bootstrap import SQLITE_FILE
from app.wiring.lifecycle import on_shutdown, on_startup
from tests.conftest import bot_settings, running_bot
from tests.fakes.imdb import FakeImdb
from tests.fakes.kuryana import FakeKuryana
from tests.harness.telegram import People


async def test_a_deleted_database_file_is_reported_and_no_write_is_confirmed(
    tmp_path: Path, kuryana: FakeKuryana, imdb: FakeImdb, people: People
) -> None:
    settings = bot_settings(tmp_path, kuryana)
    database = settings.data_dir / SQLITE_FILE
    async with running_bot(settings, kuryana, imdb) as bot:
        tg = bot.tg
        await tg.send_text(people.alice, "/start")
        await on_startup(tg.client, bot.services)
        watch = bot.services.database_watch
        assert watch is not None and await watch.check_now(tg.client)

        database.unlink()  # what an operator's cleanup script (or a bad volume) does

        await tg.send_text(people.owner, "/ban 2002")
        answer = tg.last_to(people.owner.id).text
        assert "could not save" in answer and "banned" not in answer.lower()

        await tg.send_text(people.owner, "/health")
        assert "❌ Database" in tg.last_to(people.owner.id).text
        ready = await check_dependencies(bot.services)  # what /health/ready answers from
        assert ready["database"] == {"ok": False, "error": "StorageUnavailable"} | {
            "latency_ms": ready["database"]["latency_ms"]
        }

        assert not await watch.check_now(tg.client)
        assert not await watch.check_now(tg.client)  # told once, not at every check
        notices = [m.text for m in tg.messages_to(people.owner.id) if "database is not" in m.text]
        assert len(notices) == 1
        assert "the database file was removed or replaced" in notices[0]

        # Lookups still work without the database.
        await tg.send_text(people.alice, "/mdl goblin")
        assert "Goblin" in tg.last_to(people.alice.id).text
        await on_shutdown(bot.services)

    # After a restart the ban really is not there, as the bot said.
    async with running_bot(settings, kuryana, imdb) as again:
        flags = await again.services.admin.repos.access.flags(people.alice.id)
        assert not flags.banned
