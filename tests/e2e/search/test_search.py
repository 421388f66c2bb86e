"""/search and plain text end to end: Telegram test client → bot → fake kuryana and fake IMDb.

"Slower than the budget" is made without a clock: the slow fake holds its
answer until the test releases it, and the budget is small, so the bot must
answer without it. Nothing here measures time.
"""

from __future__ import annotations

import copy
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from pyrogram import raw

from domain.search.service import settle
from tests.conftest import BotUnderTest, bot_settings, running_bot
from tests.fakes.imdb import FakeImdb
from tests.fakes.imdb_catalogue import MATRIX_ID
from tests.fakes.imdb_pages import FakeTitle
from tests.fakes.kuryana import FIXTURES, FakeKuryana, Fault
from tests.harness.telegram import BOT_USERNAME, CallbackAnswer, People, Sent, make_group

PARASITE_ID = "tt6751668"
PARASITE = FakeTitle(
    imdb_id=PARASITE_ID,
    title="Parasite",
    year=2019,
    rating=8.5,
    votes=1_000_000,
    runtime_minutes=132,
    genres=("Drama", "Thriller"),
    directors=(("nm0094435", "Bong Joon Ho"),),
    countries=(("KR", "South Korea"),),
    languages=(("ko", "Korean"),),
    plot="Greed and class discrimination threaten a newly formed bond. (Written for tests.)",
)
PARASITE_LOST = FakeTitle(imdb_id="tt9900101", title="Parasite Lost", year=2021, kind="tvSeries")
SLOW = 0.3  # the budget of the "slower than the budget" tests (no clock is read)
NOT_YOURS = "Only the person who searched can use these buttons"


@pytest.fixture
async def bot(tmp_path: Path, kuryana: FakeKuryana, imdb: FakeImdb) -> AsyncIterator[BotUnderTest]:
    """The bot, with "Parasite" (2019) on both fakes: MyDramaList has it in its fixtures."""
    imdb.add(PARASITE)
    imdb.add(PARASITE_LOST)
    async with running_bot(bot_settings(tmp_path, kuryana), kuryana, imdb) as running:
        yield running


@pytest.fixture
async def slow_bot(
    tmp_path: Path, kuryana: FakeKuryana, imdb: FakeImdb
) -> AsyncIterator[BotUnderTest]:
    """A small budget; timeouts long enough that a held fake never times out on its own."""
    imdb.add(PARASITE)
    settings = bot_settings(
        tmp_path, kuryana, search_budget=SLOW, http_timeout=60.0, imdb_timeout=60.0
    )
    async with running_bot(settings, kuryana, imdb) as running:
        try:
            yield running
        finally:
            kuryana.release()
            imdb.release()
            await settle(running.services.background)


async def search(bot: BotUnderTest, user: raw.types.User, text: str) -> Sent:
    await bot.tg.send_text(user, text)
    return bot.tg.last_to(user.id)


def labels(sent: Sent) -> list[list[str]]:
    return [[b.text for b in row] for row in sent.buttons]


def only_answer(bot: BotUnderTest, query_id: int) -> CallbackAnswer:
    answers = [a for a in bot.tg.callback_answers if a.query_id == query_id]
    assert len(answers) == 1, f"callback {query_id} answered {len(answers)} times"
    return answers[0]


def parasite_hit() -> dict[str, Any]:
    body = json.loads((FIXTURES / "search_parasite.json").read_text(encoding="utf-8"))
    hit: dict[str, Any] = body["results"]["dramas"][0]
    return hit


# -- both sources ----------------------------------------------------------------


async def test_search_parasite_transcript(bot: BotUnderTest, people: People) -> None:
    """Both sources answer; "Parasite" (2019) is on both and is shown once, with both buttons."""
    results = await search(bot, people.alice, "/search parasite")
    print("\n=== /search parasite (HTML) ===")
    print(results.html)
    print("buttons:", [[(b.text, b.data or b.url) for b in row] for row in results.buttons])

    assert results.html.startswith(
        "🔎 <b>MyDramaList + IMDb</b> · 2 results for “parasite”\n🎎 MyDramaList: 1 · 🎬 IMDb: 2\n"
    )
    assert "1. <b>Parasite</b> — 2019 · 🎎 Korean Movie ⭐ 8.9 · 🎬 Movie ⭐ 8.5" in results.html
    assert "2. <b>Parasite Lost</b> — 2021 · 🎬 TV series" in results.html
    assert results.text.count("Parasite —") == 1  # the shared title is listed once
    assert labels(results) == [["1. 🎎 MDL", "1. 🎬 IMDb"], ["2. 🎬 Parasite Lost (2021)"]]
    assert all(len((b.data or "").encode()) <= 64 for b in results.flat_buttons)
    assert "not answering" not in results.text and "too long" not in results.text
    assert bot.kuryana.route_hits["search"] == 1 and bot.imdb.search_terms == ["parasite"]


async def test_each_button_opens_its_sources_card(bot: BotUnderTest, people: People) -> None:
    alice = people.alice
    results = await search(bot, alice, "/search parasite")

    query_id = await bot.tg.press(alice, results, button="1. 🎎 MDL")
    mdl_card = bot.tg.last_to(alice.id)
    assert only_answer(bot, query_id).text == ""
    assert bot.kuryana.hits["/id/28311-parasite"] == 1
    assert mdl_card.photo == "https://i.mydramalist.com/prst_4c.jpg"
    assert "Parasite" in mdl_card.text and "Open on MyDramaList" in str(labels(mdl_card))

    await bot.tg.press(alice, results, button="1. 🎬 IMDb")
    imdb_card = bot.tg.last_to(alice.id)
    assert "<b>Parasite</b>" in imdb_card.html and "Bong Joon Ho" in imdb_card.text
    assert imdb_card.button("Open on IMDb").url == f"https://www.imdb.com/title/{PARASITE_ID}/"
    assert bot.imdb.page_ids == [PARASITE_ID]

    # The card's own buttons belong to the same searcher.
    await bot.tg.press(alice, imdb_card, button="Back to results")
    assert bot.tg.callback_answers[-1].text == "Back to the results above."


async def test_another_users_press_is_refused(bot: BotUnderTest, people: People) -> None:
    group = make_group(901)
    await bot.tg.send_text(people.alice, "/search parasite", group=group)
    results = bot.tg.last_to(-901)
    before = len(bot.tg.order)

    query_id = await bot.tg.press(people.bob, results, button="1. 🎬 IMDb")

    answer = only_answer(bot, query_id)
    assert answer.alert and NOT_YOURS in answer.text
    assert len(bot.tg.order) == before
    assert bot.imdb.page_ids == []


@pytest.mark.parametrize(
    "data",
    [
        "so:{sid}:1:0",  # row 2 has no MyDramaList side
        "so:{sid}:99:0",  # no such row
        "so:{sid}:0:7",  # no such side
        "mo:{sid}:0:0",  # an op of another source on this session
        "sp:zzzzzzzz:0:0",
    ],
)
async def test_forged_buttons_get_a_clear_answer(
    bot: BotUnderTest, people: People, data: str
) -> None:
    results = await search(bot, people.alice, "/search parasite")
    session = (results.flat_buttons[0].data or "").split(":")[1]
    before = len(bot.tg.order)

    query_id = await bot.tg.press(people.alice, results, data=data.format(sid=session))

    answer = only_answer(bot, query_id)
    assert answer.alert and ("no longer valid" in answer.text or "expired" in answer.text)
    assert len(bot.tg.order) == before


async def test_many_results_are_paged(bot: BotUnderTest, people: People) -> None:
    dramas = []
    for n in range(1, 10):
        hit = copy.deepcopy(parasite_hit())
        hit.update(slug=f"{n}0000-love-{n}", title=f"Love {n}", year=2000 + n)
        dramas.append(hit)
    bot.kuryana.add_search("love", dramas)

    results = await search(bot, people.alice, "/search love")
    assert "9 results" in results.text and "page 1/2" in results.text
    assert labels(results)[-1] == ["Next »"]

    await bot.tg.press(people.alice, results, button="Next »")
    assert results.edits == 1 and "page 2/2" in results.text
    assert labels(results) == [
        ["7. 🎎 Love 7 (2007)"],
        ["8. 🎎 Love 8 (2008)"],
        ["9. 🎎 Love 9 (2009)"],
        ["« Prev"],
    ]
    await bot.tg.press(people.alice, results, button="8. 🎎 Love 8")
    assert bot.kuryana.hits["/id/80000-love-8"] == 1
    assert bot.kuryana.route_hits["search"] == 1  # pages come from the saved answer


async def test_hostile_titles_are_shown_literally(bot: BotUnderTest, people: People) -> None:
    results = await search(bot, people.alice, "/search script")
    assert "<script>alert(1)</script> &amp; Friends" in results.text  # MyDramaList's
    assert '<script>alert("x")</script> Tom &amp; Jerry & Co' in results.text  # IMDb's
    assert "<script>" not in results.html


# -- one source down or slow ---------------------------------------------------------


async def test_mydramalist_down_shows_imdb_and_says_so(bot: BotUnderTest, people: People) -> None:
    bot.kuryana.fail_always(Fault.SERVER_ERROR)

    results = await search(bot, people.alice, "/search parasite")

    assert "⚠️ MyDramaList is not answering right now." in results.text
    assert "🎬 IMDb: 2" in results.text and "MyDramaList: " not in results.text
    assert labels(results) == [["1. 🎬 Parasite (2019)"], ["2. 🎬 Parasite Lost (2021)"]]


async def test_imdb_down_shows_mydramalist_and_says_so(bot: BotUnderTest, people: People) -> None:
    bot.imdb.fail("waf")

    results = await search(bot, people.alice, "/search parasite")

    assert "⚠️ IMDb is not answering right now." in results.text
    assert labels(results) == [["1. 🎎 Parasite (2019)"]]
    assert bot.imdb.search_terms  # it did ask


async def test_both_down_is_the_usual_unavailable_message(
    bot: BotUnderTest, people: People
) -> None:
    bot.kuryana.fail_always(Fault.SERVER_ERROR)
    bot.imdb.fail("network")

    answer = await search(bot, people.alice, "/search parasite")

    assert answer.text.startswith("⏳ MyDramaList and IMDb are not answering right now.")
    assert answer.buttons == []
    assert "Traceback" not in answer.text and "went wrong" not in answer.text


async def test_mydramalist_slower_than_the_budget(slow_bot: BotUnderTest, people: People) -> None:
    bot = slow_bot
    bot.kuryana.hold()

    results = await search(bot, people.alice, "/search parasite")

    assert "⏳ MyDramaList took too long; showing IMDb only." in results.text
    assert labels(results)[0] == ["1. 🎬 Parasite (2019)"]
    assert len(bot.services.background) == 1  # still running, not cancelled

    bot.kuryana.release()
    await settle(bot.services.background)
    again = await search(bot, people.alice, "/search parasite")
    assert labels(again)[0] == ["1. 🎎 MDL", "1. 🎬 IMDb"]
    assert "too long" not in again.text
    assert bot.kuryana.route_hits["search"] == 1  # the late answer was cached


async def test_imdb_slower_than_the_budget(slow_bot: BotUnderTest, people: People) -> None:
    bot = slow_bot
    bot.imdb.fail("hang", times=1)

    results = await search(bot, people.alice, "parasite")

    assert "⏳ IMDb took too long; showing MyDramaList only." in results.text
    assert labels(results) == [["1. 🎎 Parasite (2019)"]]

    bot.imdb.release()
    await settle(bot.services.background)
    again = await search(bot, people.alice, "parasite")
    assert labels(again)[0] == ["1. 🎎 MDL", "1. 🎬 IMDb"]
    assert bot.imdb.search_terms == ["parasite"]  # the late answer was cached


async def test_nothing_found_anywhere(bot: BotUnderTest, people: People) -> None:
    answer = await search(bot, people.alice, "/search zzqx")

    assert answer.text.startswith("🔍 Nothing found on MyDramaList or IMDb for “zzqx”.")
    assert "Tip:" in answer.text and answer.buttons == []


async def test_a_bare_search_command_says_how(bot: BotUnderTest, people: People) -> None:
    answer = await search(bot, people.alice, "/search")

    assert "Tell me what to look for." in answer.text and "/search parasite" in answer.text
    assert bot.kuryana.route_hits["search"] == 0


# -- plain text, groups and links --------------------------------------------------


async def test_plain_text_in_private_searches_both(bot: BotUnderTest, people: People) -> None:
    results = await search(bot, people.alice, "Parasite")

    assert "MyDramaList + IMDb" in results.text and "“Parasite”" in results.text
    assert labels(results)[0] == ["1. 🎎 MDL", "1. 🎬 IMDb"]


async def test_plain_text_in_a_group_is_ignored(bot: BotUnderTest, people: People) -> None:
    group = make_group(902)

    await bot.tg.send_text(people.alice, "parasite", group=group)
    await bot.tg.send_text(people.alice, "https://mydramalist.com/18452-goblin", group=group)

    assert bot.tg.messages_to(-902) == []
    assert bot.kuryana.total_hits == 0 and bot.imdb.call_count == 0


async def test_a_message_naming_the_bot_in_a_group_is_a_search(
    bot: BotUnderTest, people: People
) -> None:
    group = make_group(904)
    asked = await bot.tg.send_text(people.alice, f"@{BOT_USERNAME.upper()} parasite", group=group)
    results = bot.tg.last_to(-904)
    assert "MyDramaList + IMDb" in results.text and "“parasite”" in results.text
    assert results.reply_to == asked

    await bot.tg.send_text(people.alice, f"@{BOT_USERNAME}", group=group)
    assert "Tell me what to look for." in bot.tg.last_to(-904).text
    await bot.tg.send_text(people.alice, "talking about @someone_else parasite", group=group)
    assert len(bot.tg.messages_to(-904)) == 2  # not addressed to the bot: no answer


async def test_search_command_in_a_group_quotes_the_question(
    bot: BotUnderTest, people: People
) -> None:
    group = make_group(903)
    asked = await bot.tg.send_text(people.alice, f"/search@{BOT_USERNAME} parasite", group=group)

    results = bot.tg.last_to(-903)

    assert results.reply_to == asked
    assert labels(results)[0] == ["1. 🎎 MDL", "1. 🎬 IMDb"]


@pytest.mark.parametrize(
    "text",
    [
        "https://mydramalist.com/18452-goblin",
        "look: <m.mydramalist.com/18452-goblin/cast?ref=share>",
        "/search https://www.mydramalist.com/18452-goblin",
    ],
)
async def test_a_mydramalist_link_opens_its_card(
    bot: BotUnderTest, people: People, text: str
) -> None:
    card = await search(bot, people.alice, text)

    assert card.photo == "https://i.mydramalist.com/Lx0Kg_4c.jpg"
    assert "<b>Goblin</b>" in card.html
    assert bot.kuryana.route_hits["search"] == 0 and bot.imdb.search_terms == []


@pytest.mark.parametrize(
    "text",
    [
        "https://www.imdb.com/title/tt0133093/",
        "this one https://m.imdb.com/it/title/tt0133093/reviews?ref_=x",
        "tt0133093",
        "/search imdb.com/title/tt0133093",
    ],
)
async def test_an_imdb_link_opens_its_card(bot: BotUnderTest, people: People, text: str) -> None:
    card = await search(bot, people.alice, text)

    assert "<b>The Matrix</b>" in card.html
    assert bot.imdb.page_ids == [MATRIX_ID]
    assert bot.kuryana.route_hits["search"] == 0 and bot.imdb.search_terms == []


async def test_commands_are_not_taken_for_plain_text(bot: BotUnderTest, people: People) -> None:
    answer = await search(bot, people.alice, "/frobnicate parasite")

    assert "I don't know /frobnicate" in answer.text
    assert bot.kuryana.total_hits == 0


# -- help and menu ---------------------------------------------------------------------


async def test_help_and_menu_list_search_first(bot: BotUnderTest, people: People) -> None:
    answer = await search(bot, people.alice, "/help")

    lines = answer.text.splitlines()
    assert lines[1].startswith("/search <title or link> — Search MyDramaList and IMDb at once")
    assert bot.services.registry.menu(owner=False)[0][0] == "search"
