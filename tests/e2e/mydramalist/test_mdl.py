"""/mdl and /mdlurl end to end: Telegram test client → bot → fake kuryana."""

from __future__ import annotations

import copy
import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp import web
from pyrogram import errors, raw

from domain.text import CAPTION_LIMIT, TEXT_LIMIT, utf16_len
from tests.conftest import BotUnderTest, bot_settings, running_bot
from tests.fakes.clock import SettableClock
from tests.fakes.image_hosts import admit_loopback_images
from tests.fakes.imdb import FakeImdb
from tests.fakes.kuryana import FIXTURES, FakeKuryana, Fault
from tests.harness.telegram import BOT_USERNAME, People, Sent, make_group

GOBLIN_URL = "https://mydramalist.com/18452-goblin"


def goblin_detail() -> dict[str, object]:
    body = json.loads((FIXTURES / "drama_goblin.json").read_text())
    data: dict[str, object] = body["data"]
    return data


async def search(bot: BotUnderTest, user: raw.types.User, text: str) -> Sent:
    await bot.tg.send_text(user, text)
    return bot.tg.last_to(user.id)


async def open_first(bot: BotUnderTest, user: raw.types.User, query: str = "goblin") -> Sent:
    results = await search(bot, user, f"/mdl {query}")
    await bot.tg.press(user, results, button="1. ")
    return bot.tg.last_to(user.id)


# -- search and results ------------------------------------------------------


async def test_search_lists_title_year_type_and_rating_with_a_button_each(
    bot: BotUnderTest, people: People
) -> None:
    results = await search(bot, people.alice, "/mdl goblin")
    print("\n--- /mdl goblin ---\n" + results.html)
    assert "<b>MyDramaList</b> · 3 results for “goblin”" in results.html
    assert "1. <b>Goblin</b> — 2016 · Korean Drama · ⭐ 8.8" in results.html
    assert "3. <b>The Little Goblin</b> — Korean Movie" in results.html
    labels = [b.text for b in results.flat_buttons]
    assert labels == [
        "1. Goblin (2016)",
        "2. Goblin: Special Edition (2017)",
        "3. The Little Goblin",
    ]
    assert all(b.data and len(b.data.encode()) <= 64 for b in results.flat_buttons)


async def test_search_to_card_conversation(bot: BotUnderTest, people: People) -> None:
    card = await open_first(bot, people.alice)
    print("\n--- card (caption of a photo) ---\n" + card.html)
    print("buttons:", [[b.text for b in row] for row in card.buttons])
    assert card.photo == "https://i.mydramalist.com/Lx0Kg_4c.jpg"
    for expected in (
        "🎬 <b>Goblin</b>",
        "📅 Year: 2016",
        "🌏 Country: South Korea",
        "📺 Episodes: 16",
        "📡 Network: tvN",
        "⭐ Rating: <b>8.8</b>",
        "🎭 Genres: Comedy, Romance, Fantasy, Melodrama",
        "<blockquote expandable>A goblin",
    ):
        assert expected in card.html
    assert "Vote or add tags" not in card.text
    assert utf16_len(card.text) <= CAPTION_LIMIT
    assert card.button("Open on MyDramaList").url == GOBLIN_URL
    assert [b.text for b in card.flat_buttons] == [
        "👥 Cast",
        "📺 Episodes",
        "🔗 Open on MyDramaList",
        "🎬 Search on IMDb",
        "🧭 Similar",
        "📝 Reviews",
        # No 🔔 Notify me: Goblin finished airing, so kuryana sends no next episode.
        "« Back to results",
    ]


async def test_results_are_paged_with_next_and_prev(bot: BotUnderTest, people: People) -> None:
    item = json.loads((FIXTURES / "search_goblin.json").read_text())["results"]["dramas"][0]
    dramas = []
    for n in range(1, 10):
        hit = copy.deepcopy(item)
        hit.update(slug=f"{n}0000-love-{n}", title=f"Love {n}", year=2000 + n)
        dramas.append(hit)
    bot.kuryana.add_search("love", dramas)

    results = await search(bot, people.alice, "/mdl love")
    assert "page 1/2" in results.text
    assert len(results.flat_buttons) == 7  # six titles and Next
    assert results.flat_buttons[-1].text == "Next »"

    await bot.tg.press(people.alice, results, button="Next »")
    assert results.edits == 1
    assert "page 2/2" in results.text
    assert [b.text for b in results.flat_buttons] == [
        "7. Love 7 (2007)",
        "8. Love 8 (2008)",
        "9. Love 9 (2009)",
        "« Prev",
    ]

    await bot.tg.press(people.alice, results, button="8. Love 8")
    assert bot.kuryana.hits["/id/80000-love-8"] == 1
    assert bot.kuryana.hits["/search/q/love"] == 1  # paging is served from the cache


async def test_a_group_command_addressed_to_the_bot_quotes_the_question(
    bot: BotUnderTest, people: People
) -> None:
    group = make_group(700)
    msg_id = await bot.tg.send_text(people.alice, f"/mdl@{BOT_USERNAME} goblin", group=group)
    results = bot.tg.last_to(-700)
    assert "Goblin" in results.text
    assert results.reply_to == msg_id


# -- cast and episodes -------------------------------------------------------


async def test_cast_view_pages_and_returns_to_the_card(bot: BotUnderTest, people: People) -> None:
    card = await open_first(bot, people.alice)
    card_html = card.html
    await bot.tg.press(people.alice, card, button="Cast")
    assert "👥 <b>Cast of Goblin</b>" in card.html
    assert "Gong Yoo" in card.text
    assert "<b>Main Role</b>" in card.html
    assert utf16_len(card.text) <= CAPTION_LIMIT
    if any(b.text == "Next »" for b in card.flat_buttons):
        first_page = card.text
        await bot.tg.press(people.alice, card, button="Next »")
        assert card.text != first_page
    await bot.tg.press(people.alice, card, button="Back to card")
    assert card.html == card_html
    assert card.button("Cast")


async def test_episodes_view_lists_sixteen_episodes_on_two_pages(
    bot: BotUnderTest, people: People
) -> None:
    card = await open_first(bot, people.alice)
    await bot.tg.press(people.alice, card, button="Episodes")
    assert "📺 <b>Episodes of Goblin</b> · 1–10 of 16" in card.html
    assert "1. Episode 1" in card.text
    await bot.tg.press(people.alice, card, button="Next »")
    assert "11–16 of 16" in card.text
    assert "16. Episode 16" in card.text
    assert [b.text for b in card.flat_buttons] == ["« Prev", "« Back to card"]


async def test_back_to_results_removes_the_card(bot: BotUnderTest, people: People) -> None:
    card = await open_first(bot, people.alice)
    query_id = await bot.tg.press(people.alice, card, button="Back to results")
    deleted = bot.tg.calls_of(raw.functions.messages.DeleteMessages)
    assert [call.id for call in deleted] == [[card.id]]
    assert "results above" in bot.tg.answer_for(query_id).text


# -- links ------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        f"/mdlurl {GOBLIN_URL}",
        "/mdlurl https://m.mydramalist.com/18452-goblin/cast?lang=en#top",
        "/mdlurl http://www.mydramalist.com/18452-goblin/episodes",
        "/mdlurl 18452-goblin",
        f"/mdl {GOBLIN_URL}/reviews",
    ],
)
async def test_every_link_form_opens_the_card(bot: BotUnderTest, people: People, text: str) -> None:
    await bot.tg.send_text(people.alice, text)
    card = bot.tg.last_to(people.alice.id)
    assert "🎬 <b>Goblin</b>" in card.html
    # A card opened from a link has no list to go back to.
    assert all("Back to results" not in b.text for b in card.flat_buttons)


async def test_mdlurl_as_a_reply_to_a_message_with_a_link(
    bot: BotUnderTest, people: People
) -> None:
    linked = await bot.tg.send_text(people.alice, f"have you seen {GOBLIN_URL} ?")
    bot.tg.clear()
    await bot.tg.send_text(people.alice, "/mdlurl", reply_to=linked)
    assert "🎬 <b>Goblin</b>" in bot.tg.last_to(people.alice.id).html


async def test_a_link_that_is_not_a_title_gets_an_example(
    bot: BotUnderTest, people: People
) -> None:
    await bot.tg.send_text(people.alice, "/mdlurl https://mydramalist.com/people/123-someone")
    reply = bot.tg.last_to(people.alice.id)
    assert "That is not a MyDramaList title link." in reply.text
    assert "https://mydramalist.com/18452-goblin" in reply.text


# -- bad input and nothing found --------------------------------------------


async def test_mdl_without_a_query_explains_usage(bot: BotUnderTest, people: People) -> None:
    reply = await search(bot, people.alice, "/mdl")
    assert "Tell me what to look for." in reply.text
    assert "/mdl goblin" in reply.text
    assert bot.kuryana.total_hits == 0


async def test_an_over_long_query_is_refused_politely(bot: BotUnderTest, people: People) -> None:
    reply = await search(bot, people.alice, "/mdl " + "x" * 201)
    assert "too long" in reply.text and "200" in reply.text
    assert bot.kuryana.total_hits == 0


async def test_no_results_says_so_with_a_tip(bot: BotUnderTest, people: People) -> None:
    reply = await search(bot, people.alice, "/mdl nothing at all")
    assert "No dramas found for “nothing at all”" in reply.text
    assert "Tip:" in reply.text


async def test_a_title_that_does_not_exist(bot: BotUnderTest, people: People) -> None:
    await bot.tg.send_text(people.alice, "/mdlurl 99998-no-such-drama")
    reply = bot.tg.last_to(people.alice.id)
    assert reply.text.startswith("🔍")
    assert "MyDramaList has no title at “99998-no-such-drama”" in reply.text


async def test_hostile_upstream_text_is_shown_literally(bot: BotUnderTest, people: People) -> None:
    results = await search(bot, people.alice, "/mdl script")
    assert "<script>" in results.text
    assert "<script>" not in results.html
    card = await open_first(bot, people.alice, "script")
    assert "<script>" in card.text and "&amp;" in card.text
    assert "&lt;script&gt;" in card.html


# -- buttons that are not yours, expired or forged -----------------------------


async def test_another_user_cannot_press_the_buttons(bot: BotUnderTest, people: People) -> None:
    group = make_group(701)
    await bot.tg.send_text(people.alice, "/mdl goblin", group=group)
    results = bot.tg.last_to(-701)
    before = len(bot.tg.order)
    query_id = await bot.tg.press(people.bob, results, button="1. Goblin")
    answer = bot.tg.answer_for(query_id)
    assert answer.alert and "Only the person who searched" in answer.text
    assert len(bot.tg.order) == before


@pytest.mark.parametrize(
    "data",
    [
        "garbage",
        "mo:zzzzzzzz:0:0",
        "mo:" + "a" * 8 + ":0:0",  # well formed, but no such session
        "mo:12345678:1:2:3",
        "<script>",
        "",
    ],
)
async def test_forged_callback_data_gets_a_clear_answer(
    bot: BotUnderTest, people: People, data: str
) -> None:
    results = await search(bot, people.alice, "/mdl goblin")
    before = len(bot.tg.order)
    query_id = await bot.tg.press(people.alice, results, data=data or b"\xff\xfe")
    answer = bot.tg.answer_for(query_id)
    assert answer.alert
    assert "no longer valid" in answer.text or "expired" in answer.text
    assert len(bot.tg.order) == before


async def test_an_index_beyond_the_session_is_refused(bot: BotUnderTest, people: People) -> None:
    results = await search(bot, people.alice, "/mdl goblin")
    session = (results.flat_buttons[0].data or "").split(":")[1]
    query_id = await bot.tg.press(people.alice, results, data=f"mo:{session}:99:0")
    assert "no longer valid" in bot.tg.answer_for(query_id).text


async def test_a_foreign_source_op_on_a_session_is_refused(
    bot: BotUnderTest, people: People
) -> None:
    results = await search(bot, people.alice, "/mdl goblin")
    session = (results.flat_buttons[0].data or "").split(":")[1]
    query_id = await bot.tg.press(people.alice, results, data=f"io:{session}:0:0")
    assert "no longer valid" in bot.tg.answer_for(query_id).text


async def test_expired_results_say_so(bot: BotUnderTest, people: People) -> None:
    results = await search(bot, people.alice, "/mdl goblin")
    await bot.services.cache.clear("session")
    query_id = await bot.tg.press(people.alice, results, button="1. Goblin")
    assert "expired" in bot.tg.answer_for(query_id).text


# -- posters and limits ---------------------------------------------------------


@pytest.fixture
async def poster_server() -> AsyncIterator[str]:
    """A local image host, standing in for MyDramaList's CDN."""
    jpeg = b"\xff\xd8\xff\xe0" + b"\x00" * 200 + b"\xff\xd9"

    async def image(_: web.Request) -> web.Response:
        return web.Response(body=jpeg, content_type="image/jpeg")

    app = web.Application()
    app.router.add_get("/poster.jpg", image)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        yield f"http://127.0.0.1:{port}/poster.jpg"
    finally:
        await runner.cleanup()


async def test_a_refused_poster_url_is_uploaded_instead(
    bot: BotUnderTest, people: People, poster_server: str
) -> None:
    admit_loopback_images(bot.services)  # the test's image host is on loopback
    detail = goblin_detail()
    detail["poster"] = poster_server
    bot.kuryana.add_drama("18452-goblin", detail)
    bot.tg.fail_next(raw.functions.messages.SendMedia, errors.WebpageMediaEmpty())
    await bot.tg.send_text(people.alice, f"/mdlurl {GOBLIN_URL}")
    card = bot.tg.last_to(people.alice.id)
    assert card.photo_uploaded
    assert "🎬 <b>Goblin</b>" in card.html


async def test_when_the_poster_cannot_be_had_at_all_the_card_is_text(
    bot: BotUnderTest, people: People
) -> None:
    detail = goblin_detail()
    detail["poster"] = "http://127.0.0.1:9/missing.jpg"
    bot.kuryana.add_drama("18452-goblin", detail)
    bot.tg.fail_next(raw.functions.messages.SendMedia, errors.WebpageCurlFailed())
    await bot.tg.send_text(people.alice, f"/mdlurl {GOBLIN_URL}")
    card = bot.tg.last_to(people.alice.id)
    assert card.photo is None and card.preview is None
    assert "🎬 <b>Goblin</b>" in card.html
    assert card.button("Cast")


async def test_a_card_too_long_for_a_caption_is_text_with_the_poster_above(
    bot: BotUnderTest, people: People
) -> None:
    card = await open_first(bot, people.alice, "script")
    assert card.photo is None
    assert card.preview  # the poster, as a large link preview
    assert CAPTION_LIMIT < utf16_len(card.text) <= TEXT_LIMIT
    assert card.text.rstrip().endswith("…")
    assert card.html.endswith("…</blockquote>")


# -- upstream failures --------------------------------------------------------


async def test_upstream_down_without_a_saved_copy(bot: BotUnderTest, people: People) -> None:
    bot.kuryana.fail_always(Fault.SERVER_ERROR)
    reply = await search(bot, people.alice, "/mdl goblin")
    assert "MyDramaList is not answering right now" in reply.text
    assert "Traceback" not in reply.text


async def test_upstream_down_serves_the_saved_copy_and_says_so(
    tmp_path: Path, kuryana: FakeKuryana, imdb: FakeImdb, people: People
) -> None:
    clock = SettableClock()
    async with running_bot(bot_settings(tmp_path, kuryana), kuryana, imdb, clock) as bot:
        await bot.tg.send_text(people.alice, f"/mdlurl {GOBLIN_URL}")
        clock.advance(2 * 86400)  # past the fresh period, within the stale one
        kuryana.fail_always(Fault.FORBIDDEN)
        await bot.tg.send_text(people.alice, f"/mdlurl {GOBLIN_URL}")
        card = bot.tg.last_to(people.alice.id)
        assert "🎬 <b>Goblin</b>" in card.html
        assert "MyDramaList is not answering; this is a saved copy." in card.text
