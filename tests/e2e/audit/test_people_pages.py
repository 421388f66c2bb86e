"""A people list that is missing a source says so on every page, not only the first."""

from __future__ import annotations

from tests.conftest import BotUnderTest
from tests.fakes import kuryana_people
from tests.harness.telegram import People


async def test_the_missing_source_note_stays_on_every_page(
    bot: BotUnderTest, people: People
) -> None:
    kuryana_people.install(bot.kuryana)
    found = [
        kuryana_people.search_item(f"{n}-kim-{n}", f"Kim {n}", "South Korean") for n in range(1, 15)
    ]
    bot.kuryana.add_search("kim", [], found)
    bot.imdb.fail("http_500")
    await bot.tg.send_text(people.alice, "/person kim")
    results = bot.tg.last_to(people.alice.id)
    note = "IMDb is not answering; its people are missing."
    assert "page 1/3" in results.text and note in results.text
    await bot.tg.press(people.alice, results, button="Next »")
    assert "page 2/3" in results.text
    assert note in results.text  # page 2 is not the whole story either
