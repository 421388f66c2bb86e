"""🧭 Similar and 📝 Reviews on a drama card (issue 17), end to end through the test client."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from domain.text import CAPTION_LIMIT, TEXT_LIMIT, utf16_len
from tests.conftest import BotUnderTest, bot_settings, running_bot
from tests.fakes.clock import SettableClock
from tests.fakes.imdb import FakeImdb
from tests.fakes.kuryana import FIXTURES, FakeKuryana, Fault
from tests.harness.telegram import People, Sent

GOBLIN_URL = "https://mydramalist.com/18452-goblin"


def goblin() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FIXTURES / "drama_goblin.json").read_text())["data"]
    return data


def review(name: str, text: str, overall: float = 8.0) -> dict[str, Any]:
    """One review as kuryana's FetchReviews builds it."""
    return {
        "reviewer": {"name": name, "user_link": "", "user_image": "", "info": ""},
        "review": [text],
        "ratings": {"overall": overall},
    }


async def card(bot: BotUnderTest, people: People) -> Sent:
    await bot.tg.send_text(people.alice, f"/mdlurl {GOBLIN_URL}")
    return bot.tg.last_to(people.alice.id)


# -- Similar -----------------------------------------------------------------


async def test_similar_lists_the_related_titles_and_each_opens_its_card(
    bot: BotUnderTest, people: People
) -> None:
    bot.kuryana.add_drama(
        "40001-goblin-special", {**goblin(), "title": "Goblin: Special Edition (2017)"}
    )
    shown = await card(bot, people)
    await bot.tg.press(people.alice, shown, button="🧭 Similar")
    print("\n--- 🧭 Similar ---\n" + shown.html)
    print("buttons:", [[b.text for b in row] for row in shown.buttons])
    assert shown.edits == 1
    assert "🧭 <b>Like Goblin</b>" in shown.html
    assert "1. <b>Goblin: Special Edition</b> (Special)" in shown.html
    assert [b.text for b in shown.flat_buttons] == [
        "1. Goblin: Special Edition",
        "« Back to card",
    ]
    assert bot.kuryana.hits["/id/18452-goblin"] == 1  # the card's own copy, from the cache

    await bot.tg.press(people.alice, shown, button="1. Goblin")
    opened = bot.tg.last_to(people.alice.id)
    assert opened.id != shown.id  # a card of its own; the Similar view stays
    assert "🎬 <b>Goblin: Special Edition</b>" in opened.html
    assert bot.kuryana.hits["/id/40001-goblin-special"] == 1
    # The opened card has the views too, and they work on it.
    await bot.tg.press(people.alice, opened, button="🧭 Similar")
    assert "🧭 <b>Like Goblin: Special Edition</b>" in opened.html

    await bot.tg.press(people.alice, shown, button="« Back to card")
    assert "🎬 <b>Goblin</b>" in shown.html


async def test_similar_without_related_titles_says_so(bot: BotUnderTest, people: People) -> None:
    data = goblin()
    del data["others"]["related_content"]
    bot.kuryana.add_drama("18452-goblin", data)
    shown = await card(bot, people)
    await bot.tg.press(people.alice, shown, button="🧭 Similar")
    assert "lists no related titles" in shown.text
    assert [b.text for b in shown.flat_buttons] == ["« Back to card"]


async def test_hostile_related_content_is_escaped_paged_and_unlinked_rows_get_no_button(
    bot: BotUnderTest, people: People
) -> None:
    data = goblin()
    rows: list[Any] = [
        {"title": "<b>Bold</b> & Co", "link": "", "description": "(<i>x</i>)", "slug": ""},
        {"title": "", "link": "", "description": "", "slug": "1-empty"},
        "not an object",
        {"title": 7, "slug": ["x"]},
        {"title": "Path", "link": "", "description": "", "slug": "../../admin"},
    ]
    rows += [
        {"title": f"Sequel {n}", "link": "", "description": "(Sequel)", "slug": f"{n}-sequel"}
        for n in range(1, 300)
    ]
    data["others"]["related_content"] = rows
    bot.kuryana.add_drama("18452-goblin", data)
    shown = await card(bot, people)
    await bot.tg.press(people.alice, shown, button="🧭 Similar")
    assert "1. <b>&lt;b&gt;Bold&lt;/b&gt; &amp; Co</b> (&lt;i&gt;x&lt;/i&gt;)" in shown.html
    assert "1. <b>Bold</b> & Co (<i>x</i>)" in shown.text  # shown as typed, not as markup
    assert "page 1/" in shown.text
    labels = [b.text for b in shown.flat_buttons]
    assert not any("Bold" in label or "Path" in label for label in labels)  # nothing to open
    assert len(shown.flat_buttons) <= 100
    assert all(b.data and len(b.data.encode()) <= 64 for b in shown.flat_buttons)
    await bot.tg.press(people.alice, shown, button="Next »")
    assert "page 2/" in shown.text


async def test_a_forged_similar_row_opens_nothing(bot: BotUnderTest, people: People) -> None:
    shown = await card(bot, people)
    await bot.tg.press(people.alice, shown, button="🧭 Similar")
    data = shown.button("1. Goblin").data
    assert data is not None
    forged = data.rsplit(":", 1)[0] + ":99"
    sent_before = len(bot.tg.messages_to(people.alice.id))
    query = await bot.tg.press(people.alice, shown, data=forged)
    answer = bot.tg.answer_for(query)
    assert answer.alert and "no longer valid" in answer.text
    assert len(bot.tg.messages_to(people.alice.id)) == sent_before


async def test_similar_from_a_copy_cached_before_titles_carried_related_asks_again(
    bot: BotUnderTest, people: People
) -> None:
    shown = await card(bot, people)
    # What an older release cached: the same title without the ``related`` field.
    cache = bot.services.cache
    entry = await cache.get("mdl:title", "18452")
    assert entry is not None
    head, _, payload = entry.partition(b"\n")
    old = json.loads(payload)
    del old["related"]
    await cache.set("mdl:title", "18452", head + b"\n" + json.dumps(old).encode(), 3600)

    await bot.tg.press(people.alice, shown, button="🧭 Similar")
    assert "Goblin: Special Edition" in shown.text
    assert bot.kuryana.hits["/id/18452-goblin"] == 2


# -- Reviews -----------------------------------------------------------------


async def test_reviews_show_score_reviewer_and_the_text_inside_a_spoiler(
    bot: BotUnderTest, people: People
) -> None:
    shown = await card(bot, people)
    await bot.tg.press(people.alice, shown, button="📝 Reviews")
    print("\n--- 📝 Reviews ---\n" + shown.html)
    print("buttons:", [[b.text for b in row] for row in shown.buttons])
    assert "📝 <b>Reviews of Goblin</b> · page 1" in shown.html
    assert "<b>1. ⭐ 9.5/10</b> · seoulsearcher" in shown.html
    assert "<tg-spoiler><i>A fairy tale that earns its tears</i>\nKim Shin is cursed" in shown.html
    assert "This review may contain spoilers" not in shown.text
    # kuryana's 0.0 is "no score", never a score of zero.
    assert "<b>2. no score</b> · quietviewer" in shown.html
    # User-written text arrives escaped, exactly once, and still hidden.
    assert "<b>3. ⭐ 7/10</b> · &lt;b&gt;Tom &amp; Jerry&lt;/b&gt;" in shown.html
    assert (
        "<tg-spoiler><i>&lt;script&gt;alert(1)&lt;/script&gt;</i>\n"
        "Ending: Eun Tak &amp; Kim Shin &gt; everyone &lt;3</tg-spoiler>"
    ) in shown.html
    # Reviews kuryana could not read (no text) are left out, not shown empty.
    assert "halfparsed" not in shown.text
    assert "4." not in shown.text
    assert [b.text for b in shown.flat_buttons] == ["Next »", "« Back to card"]

    await bot.tg.press(people.alice, shown, button="Next »")
    assert "· page 2" in shown.text
    assert "No more reviews." in shown.text
    assert [b.text for b in shown.flat_buttons] == ["« Prev", "« Back to card"]
    assert bot.kuryana.hits["/id/18452-goblin/reviews"] == 2

    await bot.tg.press(people.alice, shown, button="« Prev")
    assert "seoulsearcher" in shown.text
    assert bot.kuryana.hits["/id/18452-goblin/reviews"] == 2  # page 1 from the cache


async def test_a_title_without_reviews_says_so(bot: BotUnderTest, people: People) -> None:
    bot.kuryana.review_pages.clear()
    shown = await card(bot, people)
    await bot.tg.press(people.alice, shown, button="📝 Reviews")
    assert "No reviews on MyDramaList yet." in shown.text
    assert [b.text for b in shown.flat_buttons] == ["« Back to card"]


async def test_a_long_page_of_long_reviews_is_shown_in_parts_that_fit_under_the_poster(
    bot: BotUnderTest, people: People
) -> None:
    long = "Word " * 3000 + "<&>"
    page = {
        "link": f"{GOBLIN_URL}/reviews?page=1",
        "title": "Goblin (2016)",
        "poster": "",
        "reviews": [review(f"user{n}", long) for n in range(7)],
    }
    bot.kuryana.add_reviews("18452-goblin", 1, page)
    shown = await card(bot, people)
    assert shown.photo  # a caption: 1024 characters
    await bot.tg.press(people.alice, shown, button="📝 Reviews")
    assert "page 1, part 1/3" in shown.text
    assert utf16_len(shown.text) <= CAPTION_LIMIT
    assert "All reviews on MyDramaList" in shown.text  # the end is there: nothing was cut off
    assert shown.html.count("<tg-spoiler>") == 3
    await bot.tg.press(people.alice, shown, button="Next »")
    await bot.tg.press(people.alice, shown, button="Next »")
    assert "part 3/3" in shown.text and "<b>7. ⭐ 8/10</b> · user6" in shown.html
    await bot.tg.press(people.alice, shown, button="Next »")  # MyDramaList's page 2
    assert "· page 2" in shown.text and "No more reviews." in shown.text
    await bot.tg.press(people.alice, shown, button="« Prev")  # back to the last part of page 1
    assert "part 3/3" in shown.text
    assert bot.kuryana.hits["/id/18452-goblin/reviews"] == 2


async def test_a_text_card_shows_more_reviews_at_once(bot: BotUnderTest, people: People) -> None:
    data = goblin()
    data["poster"] = ""
    bot.kuryana.add_drama("18452-goblin", data)
    page = {
        "link": f"{GOBLIN_URL}/reviews?page=1",
        "title": "Goblin (2016)",
        "poster": "",
        "reviews": [review(f"user{n}", "Word " * 3000) for n in range(12)],
    }
    bot.kuryana.add_reviews("18452-goblin", 1, page)
    shown = await card(bot, people)
    assert not shown.photo
    await bot.tg.press(people.alice, shown, button="📝 Reviews")
    assert "page 1, part 1/2" in shown.text
    assert shown.html.count("<tg-spoiler>") == 10
    assert utf16_len(shown.text) <= TEXT_LIMIT and "All reviews on MyDramaList" in shown.text


async def test_reviews_while_kuryana_is_down_say_so_and_keep_the_view(
    bot: BotUnderTest, people: People
) -> None:
    shown = await card(bot, people)
    await bot.tg.press(people.alice, shown, button="📝 Reviews")
    bot.kuryana.fail_always(Fault.FORBIDDEN, route="reviews")
    query = await bot.tg.press(people.alice, shown, button="Next »")
    answer = bot.tg.answer_for(query)
    assert "MyDramaList is not answering" in answer.text
    assert "seoulsearcher" in shown.text  # the view stays as it was


async def test_reviews_come_from_the_saved_copy_when_kuryana_fails_later(
    tmp_path: Path, kuryana: FakeKuryana, imdb: FakeImdb, people: People
) -> None:
    clock = SettableClock()
    async with running_bot(bot_settings(tmp_path, kuryana), kuryana, imdb, clock) as bot:
        shown = await card(bot, people)
        await bot.tg.press(people.alice, shown, button="📝 Reviews")
        await bot.tg.press(people.alice, shown, button="« Back to card")
        clock.advance(2 * 86400)  # past the fresh period, within the stale one
        kuryana.fail_always(Fault.SERVER_ERROR)
        await bot.tg.press(people.alice, shown, button="📝 Reviews")
        assert "seoulsearcher" in shown.text
        assert "MyDramaList is not answering; this is a saved copy." in shown.text


async def test_a_wrong_page_for_reviews_is_an_outage_not_an_empty_list(
    bot: BotUnderTest, people: People
) -> None:
    shown = await card(bot, people)
    bot.kuryana.fail_always(Fault.WRONG_PAGE, route="reviews")
    query = await bot.tg.press(people.alice, shown, button="📝 Reviews")
    assert "not answering" in bot.tg.answer_for(query).text
    assert "No reviews" not in shown.text


async def test_a_forged_reviews_page_far_away_asks_no_upstream_for_it(
    bot: BotUnderTest, people: People
) -> None:
    shown = await card(bot, people)
    await bot.tg.press(people.alice, shown, button="📝 Reviews")
    data = shown.button("Next »").data
    assert data is not None
    await bot.tg.press(people.alice, shown, data=data.rsplit(":", 1)[0] + ":9999")
    assert "· page 50" in shown.text
    assert "Next »" not in [b.text for b in shown.flat_buttons]


async def test_the_views_work_with_redis_down(
    tmp_path: Path, kuryana: FakeKuryana, imdb: FakeImdb, people: People
) -> None:
    settings = bot_settings(tmp_path, kuryana, redis_url="redis://127.0.0.1:9/0")
    async with running_bot(settings, kuryana, imdb) as bot:
        shown = await card(bot, people)
        await bot.tg.press(people.alice, shown, button="📝 Reviews")
        assert "seoulsearcher" in shown.text
        await bot.tg.press(people.alice, shown, button="« Back to card")
        await bot.tg.press(people.alice, shown, button="🧭 Similar")
        assert "Goblin: Special Edition" in shown.text
