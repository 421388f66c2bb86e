"""/import <MyDramaList user> end to end (issue 17): list → airing titles → one confirmation."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from pyrogram import raw

from domain.airing.imports import MAX_CHECKS
from tests.conftest import BotUnderTest
from tests.e2e.admin_support import admin_bot
from tests.e2e.airing.support import serve_drama
from tests.fakes.clock import SettableClock
from tests.fakes.imdb import FakeImdb
from tests.fakes.kuryana import FakeKuryana, Fault
from tests.harness.telegram import People, Sent

AIRS_AT = SettableClock().now() + timedelta(days=2)


def item(slug: str, name: str, seen: str = "0", total: str = "16") -> dict[str, str]:
    """One row of kuryana's FetchDramaList: every value is text."""
    return {"name": name, "id": slug, "score": "0.0", "episode_seen": seen, "episode_total": total}


@pytest.fixture
async def bot(tmp_path: Path, kuryana: FakeKuryana, imdb: FakeImdb) -> AsyncIterator[BotUnderTest]:
    serve_drama(kuryana, "700-moon-river", "Moon River", airs_at=AIRS_AT)
    serve_drama(kuryana, "701-sun-valley", "Sun <Valley> & Co", airs_at=AIRS_AT)
    serve_drama(kuryana, "702-old-story", "Old Story", episode=None)  # finished airing
    kuryana.add_dramalist(
        "dramafan",
        {
            "Currently Watching": [
                item("700-moon-river", "Moon River", "4"),
                item("702-old-story", "Old Story", "16"),
            ],
            "Completed": [item("18452-goblin", "Goblin", "16")],
            "Plan to Watch": [
                item("701-sun-valley", "Sun <Valley> & Co"),
                item("700", "Moon River"),  # the same title by its bare id: one title
            ],
        },
    )
    async with admin_bot(tmp_path, kuryana, imdb, clock=SettableClock()) as running:
        yield running


async def ask(bot: BotUnderTest, people: People, text: str) -> Sent:
    await bot.tg.send_text(people.alice, text)
    return bot.tg.last_to(people.alice.id)


async def watched(bot: BotUnderTest, people: People) -> list[str]:
    entries = await bot.services.watching.watchlists.entries(people.alice.id)
    return sorted(w.title for w, _ in entries)


async def test_import_offers_the_airing_titles_of_both_lists_then_watches_all(
    bot: BotUnderTest, people: People
) -> None:
    confirm = await ask(bot, people, "/import dramafan")
    print("\n--- /import dramafan ---\n" + confirm.html)
    print("buttons:", [[b.text for b in row] for row in confirm.buttons])
    assert confirm.edits == 1  # the "Reading…" line became the confirmation
    assert "📥 <b>Import from dramafan</b>" in confirm.html
    assert "2 of 3 titles are airing or upcoming:" in confirm.text
    assert "1. <b>Moon River</b> · Currently Watching" in confirm.html
    assert "2. <b>Sun &lt;Valley&gt; &amp; Co</b> · Plan to Watch" in confirm.html
    assert "1 not airing" in confirm.text
    assert "Goblin" not in confirm.text  # Completed is not imported
    assert [b.text for b in confirm.flat_buttons] == ["✅ Watch all (2)", "☑️ Choose", "✖️ Cancel"]
    assert all(b.data and len(b.data.encode()) <= 64 for b in confirm.flat_buttons)

    await bot.tg.press(people.alice, confirm, button="Watch all")
    print("\n--- Watch all ---\n" + confirm.html)
    assert "🔔 Now watching 2: Moon River, Sun &lt;Valley&gt; &amp; Co." in confirm.html
    assert confirm.flat_buttons == []
    assert await watched(bot, people) == ["Moon River", "Sun <Valley> & Co"]

    again = await ask(bot, people, "/import dramafan")
    assert "None of the 3 titles is airing or upcoming right now." in again.text
    assert "2 already on your watchlist" in again.text
    assert again.flat_buttons == []


async def test_choose_watches_one_at_a_time_and_marks_it(bot: BotUnderTest, people: People) -> None:
    confirm = await ask(bot, people, "/import dramafan")
    await bot.tg.press(people.alice, confirm, button="Choose")
    print("\n--- Choose ---\n" + confirm.html)
    assert "Tap a drama to watch it (2 airing or upcoming)" in confirm.text
    assert [b.text for b in confirm.flat_buttons] == [
        "🔔 Moon River",
        "🔔 Sun <Valley> & Co",
        "✔️ Done",
    ]
    query = await bot.tg.press(people.alice, confirm, button="Sun <Valley>")
    assert bot.tg.answer_for(query).text == "🔔 Watching Sun <Valley> & Co"
    assert [b.text for b in confirm.flat_buttons][:2] == ["🔔 Moon River", "✅ Sun <Valley> & Co"]
    assert await watched(bot, people) == ["Sun <Valley> & Co"]
    await bot.tg.press(people.alice, confirm, button="Done")
    assert "closed" in confirm.text and confirm.flat_buttons == []


async def test_cancel_adds_nothing(bot: BotUnderTest, people: People) -> None:
    confirm = await ask(bot, people, "/import dramafan")
    await bot.tg.press(people.alice, confirm, button="Cancel")
    assert "Import from dramafan closed. Nothing more was added" in confirm.text
    assert await watched(bot, people) == []


async def test_only_its_owner_may_press_the_confirmation(bot: BotUnderTest, people: People) -> None:
    confirm = await ask(bot, people, "/import dramafan")
    query = await bot.tg.press(people.bob, confirm, button="Watch all")
    assert "Only the person who searched" in bot.tg.answer_for(query).text
    assert await watched(bot, people) == []


async def test_a_forged_choice_index_watches_nothing(bot: BotUnderTest, people: People) -> None:
    confirm = await ask(bot, people, "/import dramafan")
    await bot.tg.press(people.alice, confirm, button="Choose")
    data = confirm.button("Moon River").data
    assert data is not None
    op, session, _, page = data.split(":")
    query = await bot.tg.press(people.alice, confirm, data=f"{op}:{session}:77:{page}")
    assert bot.tg.answer_for(query).alert
    assert await watched(bot, people) == []


@pytest.mark.parametrize(
    "link",
    [
        "dramafan",
        "@dramafan",
        "https://mydramalist.com/dramalist/dramafan",
        "mydramalist.com/profile/dramafan",
    ],
)
async def test_the_user_may_be_named_or_linked(
    bot: BotUnderTest, people: People, link: str
) -> None:
    confirm = await ask(bot, people, f"/import {link}")
    assert "2 of 3 titles are airing or upcoming" in confirm.text


async def test_a_private_list_gets_a_clear_answer(bot: BotUnderTest, people: People) -> None:
    bot.kuryana.private_dramalist("shy")
    answer = await ask(bot, people, "/import shy")
    print("\n--- /import shy (private) ---\n" + answer.html)
    assert (
        "I can't see any drama list of “shy” on MyDramaList: it is private or empty." in answer.text
    )
    # The "Reading…" line is taken back: the answer stands alone.
    reading = next(m for m in bot.tg.messages_to(people.alice.id) if "Reading" in m.text)
    deleted = bot.tg.calls_of(raw.functions.messages.DeleteMessages)
    assert [d.id for d in deleted] == [[reading.id]]


async def test_a_list_mydramalist_refuses_to_show_is_private_not_an_outage(
    bot: BotUnderTest, people: People
) -> None:
    bot.kuryana.private_dramalist("hidden", status=403)
    answer = await ask(bot, people, "/import hidden")
    assert "it is private or empty" in answer.text


async def test_a_missing_user_gets_a_clear_answer(bot: BotUnderTest, people: People) -> None:
    answer = await ask(bot, people, "/import nobody_here")
    assert "MyDramaList has no user “nobody_here”" in answer.text


@pytest.mark.parametrize("text", ["/import", "/import ../../id/1", "/import <b>x</b>"])
async def test_bad_user_names_are_refused_before_any_upstream_call(
    bot: BotUnderTest, people: People, text: str
) -> None:
    answer = await ask(bot, people, text)
    assert answer.text.startswith("⚠️")
    assert bot.kuryana.route_hits["dramalist"] == 0


async def test_kuryana_down_for_the_list_says_so(bot: BotUnderTest, people: People) -> None:
    bot.kuryana.fail_always(Fault.SERVER_ERROR, route="dramalist")
    answer = await ask(bot, people, "/import dramafan")
    assert "MyDramaList is not answering right now" in answer.text


async def test_titles_that_cannot_be_checked_are_counted_not_offered(
    bot: BotUnderTest, people: People
) -> None:
    bot.kuryana.fail_always(Fault.FORBIDDEN, route="details")
    answer = await ask(bot, people, "/import dramafan")
    assert "None of the 3 titles is airing or upcoming" in answer.text
    assert "3 could not be checked (MyDramaList did not answer)" in answer.text


async def test_a_list_of_hundreds_checks_a_bounded_number(
    bot: BotUnderTest, people: People
) -> None:
    rows: list[Any] = [item(f"{9000 + n}-title-{n}", f"Title {n}") for n in range(400)]
    rows += [{"name": "no id"}, "junk", item("../x", "bad id")]
    bot.kuryana.add_dramalist("bigfan", {"Plan to Watch": rows})
    for n in range(0, 400, 7):  # every seventh one airs; the newest ids are checked first
        serve_drama(bot.kuryana, f"{9000 + n}-title-{n}", f"Title {n}", airs_at=AIRS_AT)
    bot.kuryana.reset_hits()
    answer = await ask(bot, people, "/import bigfan")
    print("\n--- /import bigfan (400 titles) ---\n" + answer.text[:600])
    assert bot.kuryana.route_hits["details"] <= MAX_CHECKS
    assert answer.edits == 2  # "Reading…", then "Checking 60 titles…", then the confirmation
    assert f"{400 - MAX_CHECKS} not checked" in answer.text
    checked = range(400 - MAX_CHECKS, 400)
    airing = len([n for n in checked if n % 7 == 0])
    assert "1. <b>Title 399</b>" in answer.html
    assert f"{airing} of 400 titles are airing or upcoming" in answer.text
    assert len(answer.text) <= 4096
    assert len(answer.flat_buttons) <= 100


async def test_watch_all_stays_within_the_watch_limit(
    tmp_path: Path, kuryana: FakeKuryana, imdb: FakeImdb, people: People
) -> None:
    serve_drama(kuryana, "700-moon-river", "Moon River", airs_at=AIRS_AT)
    serve_drama(kuryana, "701-sun-valley", "Sun Valley", airs_at=AIRS_AT)
    kuryana.add_dramalist(
        "dramafan",
        {"Plan to Watch": [item("700-moon-river", "Moon River"), item("701-sun-valley", "Sun")]},
    )
    async with admin_bot(tmp_path, kuryana, imdb, clock=SettableClock(), watch_limit=1) as bot:
        confirm = await ask(bot, people, "/import dramafan")
        assert "You can watch 1 more (at most 1)" in confirm.text
        assert confirm.flat_buttons[0].text == "✅ Watch all (1)"
        await bot.tg.press(people.alice, confirm, button="Watch all")
        # The newest title first (MyDramaList ids grow with time), then the limit.
        assert "🔔 Now watching 1: Sun Valley." in confirm.text
        assert "Not added (1), your watchlist is full or they no longer air: Moon River" in (
            confirm.text
        )
        assert await watched(bot, people) == ["Sun Valley"]


async def test_help_and_the_command_menu_list_import(bot: BotUnderTest, people: People) -> None:
    help_text = await ask(bot, people, "/help")
    assert (
        "/import <MyDramaList user name> — Watch the airing dramas of your MyDramaList lists"
        in (help_text.text)
    )
    assert ("import", "Watch the airing dramas of your MyDramaList lists") in (
        bot.services.registry.menu(owner=False)
    )


async def test_import_works_with_redis_down(
    tmp_path: Path, kuryana: FakeKuryana, imdb: FakeImdb, people: People
) -> None:
    serve_drama(kuryana, "700-moon-river", "Moon River", airs_at=AIRS_AT)
    kuryana.add_dramalist("dramafan", {"Plan to Watch": [item("700-moon-river", "Moon River")]})
    async with admin_bot(
        tmp_path, kuryana, imdb, clock=SettableClock(), redis_url="redis://127.0.0.1:9/0"
    ) as bot:
        confirm = await ask(bot, people, "/import dramafan")
        assert "1 of 1 titles are airing or upcoming" in confirm.text
        await bot.tg.press(people.alice, confirm, button="Watch all")
        assert "🔔 Now watching 1: Moon River." in confirm.text


async def test_a_saved_list_is_used_when_kuryana_fails_and_says_so(
    tmp_path: Path, kuryana: FakeKuryana, imdb: FakeImdb, people: People
) -> None:
    serve_drama(kuryana, "700-moon-river", "Moon River", airs_at=AIRS_AT)
    kuryana.add_dramalist("dramafan", {"Plan to Watch": [item("700-moon-river", "Moon River")]})
    clock = SettableClock()
    async with admin_bot(tmp_path, kuryana, imdb, clock=clock) as bot:
        await ask(bot, people, "/import dramafan")
        clock.advance(3600)  # the list's fresh period (10 min) is over; the title's is not
        kuryana.fail_always(Fault.SERVER_ERROR, route="dramalist")
        confirm = await ask(bot, people, "/import dramafan")
        assert "1 of 1 titles are airing or upcoming" in confirm.text
        assert "MyDramaList is not answering; this list is a saved copy." in confirm.text
