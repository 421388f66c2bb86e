"""Owner commands through the Telegram test client, as the owner and as a stranger."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyrogram import raw

from app.wiring.bot import OWNER_ONLY
from infra.logging import LOG_FILE_NAME
from tests.conftest import BotUnderTest
from tests.harness.telegram import People, make_group, make_user


async def test_every_owner_command_refuses_a_stranger(bot: BotUnderTest, people: People) -> None:
    specs = bot.services.registry.admin()
    assert {s.name for s in specs} >= {
        "authorize",
        "unauthorize",
        "users",
        "userstats",
        "setpublicmode",
        "broadcast",
        "stop_broadcast",
        "log",
        "health",
        "cachereload",
        "cache_stats",
        "cache_analyze",
        "ban",
        "unban",
    }
    for spec in specs:
        for name in spec.names:
            bot.tg.clear()
            await bot.tg.send_text(people.alice, f"/{name} {people.bob.id}")
            replies = [m.text for m in bot.tg.messages_to(people.alice.id)]
            assert replies == [f"🔒 {OWNER_ONLY}"], name
            assert bot.tg.calls_of(raw.functions.messages.SendMedia) == [], name
    assert (await bot.services.admin.access.public_mode()) is True
    assert (await bot.services.admin.repos.access.flags(people.bob.id)).banned is False


async def test_owner_buttons_refuse_a_stranger(bot: BotUnderTest, people: People) -> None:
    await bot.tg.send_text(people.owner, "/users")
    view = bot.tg.last_to(people.owner.id)
    for data in ("us:0", "bc:go:0123abcd", "bc:no:0123abcd"):
        press = await bot.tg.press(people.alice, view, data=data)
        answer = bot.tg.answer_for(press)
        assert answer.text == f"🔒 {OWNER_ONLY}" and answer.alert


async def test_authorize_by_id_username_and_reply(bot: BotUnderTest, people: People) -> None:
    tg = bot.tg
    await tg.send_text(people.alice, "/start")
    await tg.send_text(people.owner, "/authorize @ALICE")
    assert "Alice @alice — 2002 can now use the bot." in tg.last_to(people.owner.id).text
    await tg.send_text(people.owner, "/authorize 2002")
    assert "was already authorised" in tg.last_to(people.owner.id).text

    await tg.send_text(people.bob, "/start")
    group = make_group(777)  # owners reply to someone's message in a group
    bob_says = await tg.send_text(people.bob, "hello", group=group)
    await tg.send_text(people.owner, "/authorize", reply_to=bob_says, group=group)
    assert "Bob — 3003 can now use the bot." in tg.last_to(-777).text

    await tg.send_text(people.owner, "/authorize 4242")  # never wrote: by id still works
    assert (
        "4242 (has not written to me yet) can now use the bot" in tg.last_to(people.owner.id).text
    )


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("/authorize @nobody_here", "I have not met @nobody_here yet."),
        ("/authorize", "Whom do you mean?"),
        ("/ban <b>", "is neither a user id nor an @username"),
        ("/setpublicmode maybe", "Say on or off."),
        ("/log many", "Give a number of lines."),
    ],
)
async def test_owner_commands_explain_bad_input(
    bot: BotUnderTest, people: People, command: str, expected: str
) -> None:
    await bot.tg.send_text(people.owner, command)
    assert expected in bot.tg.last_to(people.owner.id).text


async def test_users_lists_authorised_users_in_pages(bot: BotUnderTest, people: People) -> None:
    tg = bot.tg
    await tg.send_text(people.owner, "/users")
    assert "Nobody yet" in tg.last_to(people.owner.id).text
    for i in range(12):
        user = make_user(6000 + i, f"Fan{i:02d}", f"fan{i:02d}")
        await tg.send_text(user, "/start")
        await tg.send_text(people.owner, f"/authorize {user.id}")

    await tg.send_text(people.owner, "/users")
    page = tg.last_to(people.owner.id)
    assert "Authorised users (12) — page 1 of 2" in page.text
    assert "1. Fan00 @fan00 — 6000" in page.text and "Fan10" not in page.text
    assert [b.text for b in page.flat_buttons] == ["Next »"]

    await tg.press(people.owner, page, button="Next")
    assert "page 2 of 2" in page.text and "11. Fan10 @fan10 — 6010" in page.text
    assert [b.text for b in page.flat_buttons] == ["« Prev"]


async def test_userstats(bot: BotUnderTest, people: People) -> None:
    tg = bot.tg
    await tg.send_text(people.alice, "/mdl goblin")
    await tg.send_text(people.bob, "/mdl goblin")
    await tg.send_text(people.bob, "/imdb the matrix")

    await tg.send_text(people.owner, "/userstats")

    text = tg.last_to(people.owner.id).text
    assert "Total: 3" in text  # alice, bob and the owner
    assert "Active — 24 h: 3" in text and "Blocked the bot: 0" in text
    assert "mdl: 2" in text and "imdb: 1" in text
    assert "1. goblin — 2" in text
    assert "Cache hit ratio: 33.3 % (1 hit, 2 misses)" in text
    assert "MyDramaList errors: 0.0 %" in text


async def test_health(bot: BotUnderTest, people: People) -> None:
    async def imdb_up() -> None:
        return None

    bot.services.admin.probes["IMDb"] = imdb_up  # no network here; the MDL probe is real
    await bot.tg.send_text(people.owner, "/health")

    text = bot.tg.last_to(people.owner.id).text
    assert "✅ Database" in text and "✅ Cache" in text
    assert "✅ MyDramaList (127.0.0.1:" in text and "✅ IMDb" in text
    assert "Circuit breakers" in text and "IMDb: closed" in text
    assert "Uptime: 0h 0m · Version: " in text


@pytest.fixture
async def log_file(bot: BotUnderTest) -> Path:
    path = bot.services.settings.logs_dir / LOG_FILE_NAME
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [f'{{"event": "line {i}", "level": "info", "token": "***"}}' for i in range(300)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


async def test_log_sends_the_file_as_a_document(
    bot: BotUnderTest, people: People, log_file: Path
) -> None:
    await bot.tg.send_text(people.owner, "/log")

    sent = bot.tg.last_to(people.owner.id)
    assert sent.document == LOG_FILE_NAME
    assert bot.tg.documents[sent.id] == log_file.read_bytes()  # noqa: ASYNC240
    assert "secrets are redacted" in sent.text


async def test_log_with_a_count_sends_the_last_lines(
    bot: BotUnderTest, people: People, log_file: Path
) -> None:
    await bot.tg.send_text(people.owner, "/log 3")
    tail = bot.tg.last_to(people.owner.id)
    assert tail.html.startswith("<pre>")
    assert "line 299" in tail.text and "line 297" in tail.text and "line 296" not in tail.text

    await bot.tg.send_text(people.owner, "/log 100000")  # more than a message holds
    longest = bot.tg.last_to(people.owner.id)
    assert "line 299" in longest.text and len(longest.text) <= 4096


async def test_log_without_a_file(bot: BotUnderTest, people: People) -> None:
    await bot.tg.send_text(people.owner, "/log")
    assert "does not exist yet" in bot.tg.last_to(people.owner.id).text


async def test_cache_commands(bot: BotUnderTest, people: People) -> None:
    tg = bot.tg
    await tg.send_text(people.alice, "/mdl goblin")
    results = tg.last_to(people.alice.id)
    await tg.send_text(people.alice, "/mdl goblin")  # a hit

    await tg.send_text(people.owner, "/cache_stats")
    stats = tg.last_to(people.owner.id).text
    assert "Cache (in-process memory)" in stats
    assert "mdl:search: 1 key, " in stats and "1 hit / 1 miss (50 %)" in stats
    assert "session:" in stats

    await tg.send_text(people.owner, "/cache_analyze")
    analysis = tg.last_to(people.owner.id).text
    assert "mdl:search: 1 key\n" in analysis and "TTL left — ≥ 7 d: 1" in analysis
    assert "Largest: goblin" in analysis

    await tg.send_text(people.owner, "/cachereload")
    assert "Cleared 1 cached lookup." in tg.last_to(people.owner.id).text
    assert await bot.services.cache.ttls("mdl:search") == []
    hits_before = bot.kuryana.total_hits
    await tg.press(people.alice, results, button="1.")  # the session survived the reload
    assert "Goblin" in tg.last_to(people.alice.id).text
    assert bot.kuryana.total_hits > hits_before


async def test_metrics_show_the_new_series(bot: BotUnderTest, people: People) -> None:
    await bot.tg.send_text(people.alice, "/mdl goblin")
    body = bot.services.metrics.render().decode()
    assert 'bot_cache_misses_total{namespace="mdl:search"} 1.0' in body
    assert 'bot_breaker_state{breaker="IMDb"} 0.0' in body
    for name in ("bot_rate_limited_total", "bot_access_refused_total", "bot_broadcast_remaining"):
        assert name in body
    assert 'bot_lookups_total{namespace="mdl:search",outcome="miss"} 1.0' in body
    assert "bot_handler_seconds_bucket" in body
