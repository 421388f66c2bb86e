"""Hostile users (forged buttons, odd input) and hostile pages (markup, huge text, many hits)."""

from __future__ import annotations

import pytest

from tests.conftest import BotUnderTest
from tests.fakes import kuryana_people
from tests.harness.telegram import People, Sent


async def ask(bot: BotUnderTest, people: People, text: str) -> Sent:
    await bot.tg.send_text(people.alice, text)
    return bot.tg.last_to(people.alice.id)


def session_of(message: Sent) -> str:
    data = message.flat_buttons[0].data
    assert data is not None
    return data.split(":")[1]


async def test_pasted_person_links_open_the_card(bot: BotUnderTest, people: People) -> None:
    card = await ask(bot, people, "/person https://mydramalist.com/people/1-gong-yoo")
    assert "👤 <b>Gong Yoo</b>" in card.html
    card = await ask(bot, people, "/person https://m.imdb.com/fr/name/nm0000206/?ref_=x")
    assert "👤 <b>Keanu Reeves</b>" in card.html
    not_a_link = await ask(bot, people, "/person https://evilmydramalist.com/people/1-gong-yoo")
    assert "Nobody found" in not_a_link.text


@pytest.mark.parametrize(
    "forged",
    ["po:{s}:0:2", "po:{s}:99:0", "pw:{s}:5:0", "pt:{s}:0:9999", "pk:{s}:3:0", "px:{s}:1:0"],
)
async def test_forged_person_buttons_change_nothing(
    bot: BotUnderTest, people: People, forged: str
) -> None:
    results = await ask(bot, people, "/person gong yoo")
    await bot.tg.press(people.alice, results, button="MDL")
    card = bot.tg.last_to(people.alice.id)
    sent_before = len(bot.tg.messages_to(people.alice.id))
    target = card if forged.split(":")[0] != "po" else results
    query_id = await bot.tg.press(people.alice, target, data=forged.format(s=session_of(target)))
    assert bot.tg.answer_for(query_id).text == "This button is no longer valid."
    assert len(bot.tg.messages_to(people.alice.id)) == sent_before


async def test_a_works_page_past_the_end_shows_the_last_page(
    bot: BotUnderTest, people: People
) -> None:
    results = await ask(bot, people, "/person busy extra")
    await bot.tg.press(people.alice, results, button="Busy Extra")
    card = bot.tg.last_to(people.alice.id)
    await bot.tg.press(people.alice, card, data=f"pw:{session_of(card)}:0:9999")
    assert "page 375/375" in bot.tg.messages_to(people.alice.id)[-1].text


async def test_a_hostile_page_is_shown_as_text_and_cut_to_fit(
    bot: BotUnderTest, people: People
) -> None:
    hostile = "<script>alert('x')</script> & <b>bold</b> " * 200
    bot.kuryana.add_person(
        "66-evil-name",
        kuryana_people.person(
            "66-evil-name",
            "<i>Evil</i> & Co",
            about=hostile,
            profile="javascript:alert(1)",
            works={"Drama": [kuryana_people.work(1, "1-x", hostile, 2020, 9.9, (hostile, "Main"))]},
        ),
    )
    bot.kuryana.add_search(
        "evil", [], [kuryana_people.search_item("66-evil-name", "<i>Evil</i> & Co", "?")]
    )
    results = await ask(bot, people, "/person evil")
    assert "&lt;i&gt;Evil&lt;/i&gt; &amp; Co" in results.html
    await bot.tg.press(people.alice, results, button="Evil")
    card = bot.tg.last_to(people.alice.id)
    assert card.photo is None  # not an https photo: a text card
    assert "<script>" not in card.html and "&lt;script&gt;" in card.html
    assert len(card.text) <= 4096
    assert "…" in card.text


async def test_many_people_page_through(bot: BotUnderTest, people: People) -> None:
    found = [
        kuryana_people.search_item(f"{n}-kim-{n}", f"Kim {n}", "South Korean") for n in range(1, 15)
    ]
    bot.kuryana.add_search("kim", [], found)
    results = await ask(bot, people, "/person kim")
    # 14 on MyDramaList, and IMDb's Kimura Takuya matches "kim" too.
    assert "15 people" in results.text and "page 1/3" in results.text
    await bot.tg.press(people.alice, results, button="Next »")
    page = bot.tg.messages_to(people.alice.id)[-1]
    assert "7. Kim 7" in page.text and "page 2/3" in page.text
    assert "7. Kim 7 · MyDramaList" in [b.text for b in page.flat_buttons]


async def test_an_over_long_name_is_refused_with_the_usage(
    bot: BotUnderTest, people: People
) -> None:
    reply = await ask(bot, people, "/person " + "x" * 500)
    assert "too long" in reply.text and "Usage: /person" in reply.text
    assert bot.kuryana.route_hits["search"] == 0
