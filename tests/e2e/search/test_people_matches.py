"""People a MyDramaList search matched are named, not dropped (issue 22).

Person cards do not exist yet, so the bot says who matched and links to
their MyDramaList pages instead of answering as if nothing matched.
"""

from __future__ import annotations

from tests.conftest import BotUnderTest
from tests.harness.telegram import People, Sent

PERSON = {
    "slug": "people/5150-han-ji-woo",
    "thumb": "https://i.mydramalist.com/hjw_4s.jpg",
    "name": "Han Ji <Woo>",
    "nationality": "South Korean",
}
PERSON_LINK = "https://mydramalist.com/people/5150-han-ji-woo"


async def ask(bot: BotUnderTest, people: People, text: str) -> Sent:
    await bot.tg.send_text(people.alice, text)
    return bot.tg.last_to(people.alice.id)


async def test_a_search_matching_only_a_person_says_so_with_a_link(
    bot: BotUnderTest, people: People
) -> None:
    bot.kuryana.add_search("han ji woo", [], [PERSON])
    reply = await ask(bot, people, "/mdl han ji woo")
    assert "No dramas found" not in reply.text
    assert "No dramas, but 1 person matched:" in reply.text
    assert f'<a href="{PERSON_LINK}">Han Ji &lt;Woo&gt;</a> (South Korean)' in reply.html
    assert "Their person cards: /person <name>." in reply.text


async def test_people_are_named_below_the_titles_found(bot: BotUnderTest, people: People) -> None:
    results = await ask(bot, people, "/mdl goblin")
    assert "1. <b>Goblin</b>" in results.html
    assert "Also matched 1 person:" in results.text
    assert "Goblin Actor (South Korean)" in results.text
    assert [b.text for b in results.flat_buttons][-1] == "3. The Little Goblin"  # no button


async def test_the_combined_search_names_them_too(bot: BotUnderTest, people: People) -> None:
    bot.kuryana.add_search("han ji woo", [], [PERSON])
    reply = await ask(bot, people, "/search han ji woo")
    assert "No dramas, but 1 person matched:" in reply.text
    assert PERSON_LINK in reply.html


async def test_a_search_without_any_match_still_says_nothing_found(
    bot: BotUnderTest, people: People
) -> None:
    reply = await ask(bot, people, "/mdl nothing at all")
    assert "No dramas found for “nothing at all”" in reply.text
    assert "matched" not in reply.text


async def test_an_imdb_search_matching_only_a_person_says_so(
    bot: BotUnderTest, people: People
) -> None:
    reply = await ask(bot, people, "/imdb keanu")  # no title has the word, a star does
    assert "No IMDb titles found" not in reply.text
    assert "No titles, but 1 person matched:" in reply.text
    assert '<a href="https://www.imdb.com/name/nm0000206/">Keanu Reeves</a> (Actor)' in reply.html


async def test_imdb_people_are_named_below_the_titles(bot: BotUnderTest, people: People) -> None:
    results = await ask(bot, people, "/imdb night")
    assert "18 results" in results.text
    assert "Also matched 2 people:" in results.text
    assert "Nightingale Fairweather" in results.text and "Courtney Knight" in results.text
    assert not any("Nightingale" in b.text for b in results.flat_buttons)
    assert "Night Train No. 1 — 2003 · Movie · ⭐ 7.6" in results.text
    assert "Night Train No. 5 — 2018 · Video game" in results.text


async def test_the_combined_search_names_imdb_people_too(bot: BotUnderTest, people: People) -> None:
    reply = await ask(bot, people, "/search keanu")
    assert "No titles, but 1 person matched:" in reply.text
    assert "https://www.imdb.com/name/nm0000206/" in reply.html
