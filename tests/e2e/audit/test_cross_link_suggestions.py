""" "Did you mean" under a cross-link search belongs to the user who pressed the button."""

from __future__ import annotations

import json

from tests.conftest import BotUnderTest
from tests.fakes.imdb_catalogue import MATRIX_ID
from tests.fakes.kuryana import FIXTURES
from tests.harness.telegram import People

MATRIX_DRAMA = {
    "slug": "70001-the-matrix",
    "thumb": "https://i.mydramalist.com/m70001_4s.jpg",
    "mdl_id": "mdl-70001",
    "title": "The Matrix",
    "ranking": "#9000",
    "type": "Korean Drama",
    "year": 2026,
    "series": "12 episodes",
    "rating": 7.1,
}


async def test_did_you_mean_after_search_on_mydramalist_works_for_the_presser(
    bot: BotUnderTest, people: People
) -> None:
    bot.kuryana.add_search("matrix", [MATRIX_DRAMA])
    page = json.loads((FIXTURES / "drama_goblin.json").read_text())["data"]
    bot.kuryana.add_drama("70001-the-matrix", {**page, "title": "The Matrix (2026)"})
    await bot.tg.send_text(people.bob, "/mdl matrix")  # the bot now knows "The Matrix"
    await bot.tg.send_text(people.alice, f"/imdburl {MATRIX_ID}")
    card = bot.tg.last_to(people.alice.id)
    # MyDramaList finds nothing for "The Matrix" itself: close titles are offered.
    await bot.tg.press(people.alice, card, button="🎎 Search on MyDramaList")
    offer = bot.tg.last_to(people.alice.id)
    assert offer.id != card.id and "Did you mean…?" in offer.text
    assert [b.text for b in offer.flat_buttons] == ["The Matrix (2026)"]
    query = await bot.tg.press(people.alice, offer, button="The Matrix (2026)")
    assert not bot.tg.answer_for(query).alert  # before: "Only the person who searched…"
    opened = bot.tg.last_to(people.alice.id)
    assert opened.id != offer.id and "🎬 <b>The Matrix</b>" in opened.html
