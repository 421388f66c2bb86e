"""People open from where their names appear: a drama's Cast view, an IMDb card."""

from __future__ import annotations

from tests.conftest import BotUnderTest
from tests.harness.telegram import People, Sent


async def ask(bot: BotUnderTest, people: People, text: str) -> Sent:
    await bot.tg.send_text(people.alice, text)
    return bot.tg.last_to(people.alice.id)


async def press(bot: BotUnderTest, people: People, message: Sent, button: str) -> Sent:
    before = {m.id: m.edits for m in bot.tg.messages_to(people.alice.id)}
    await bot.tg.press(people.alice, message, button=button)
    sent = bot.tg.messages_to(people.alice.id)
    new = [m for m in sent if m.id not in before]
    edited = [m for m in sent if m.id in before and m.edits != before[m.id]]
    return (new or edited or sent)[-1]


async def goblin_cast(bot: BotUnderTest, people: People) -> Sent:
    card = await ask(bot, people, "/mdl https://mydramalist.com/18452-goblin")
    return await press(bot, people, card, "Cast")


async def test_each_cast_member_opens_their_person_card(bot: BotUnderTest, people: People) -> None:
    cast = await goblin_cast(bot, people)
    labels = [b.text for b in cast.flat_buttons]
    assert "👤 Gong Yoo" in labels and "👤 Lee Eung Bok" in labels
    assert labels[-1] == "« Back to card"
    for button in cast.flat_buttons:
        assert button.data is None or len(button.data.encode()) <= 64
    person = await press(bot, people, cast, "👤 Gong Yoo")
    assert person.id != cast.id
    assert "👤 <b>Gong Yoo</b>" in person.html
    assert bot.kuryana.hits["/people/1-gong-yoo"] == 1
    # The person card's own buttons work for the same user.
    works = await press(bot, people, person, "Works")
    assert "Works of Gong Yoo" in works.text


async def test_a_director_from_the_cast_view(bot: BotUnderTest, people: People) -> None:
    cast = await goblin_cast(bot, people)
    person = await press(bot, people, cast, "👤 Lee Eung Bok")
    assert "2016 · Goblin — Director · ⭐ 8.8" in person.text


async def test_a_cast_member_without_a_page_says_so(bot: BotUnderTest, people: People) -> None:
    cast = await goblin_cast(bot, people)
    query_id = await bot.tg.press(people.alice, cast, button="👤 Kim Go Eun")
    assert "MyDramaList has no such person." in bot.tg.answer_for(query_id).text


async def test_forged_positions_and_other_users_are_refused(
    bot: BotUnderTest, people: People
) -> None:
    cast = await goblin_cast(bot, people)
    data = cast.button("👤 Gong Yoo").data
    assert data is not None
    op, session, a, _ = data.split(":")
    query_id = await bot.tg.press(people.alice, cast, data=f"{op}:{session}:{a}:9999")
    assert bot.tg.answer_for(query_id).text == "This button is no longer valid."
    query_id = await bot.tg.press(people.bob, cast, button="👤 Gong Yoo")
    assert "Only the person who searched" in bot.tg.answer_for(query_id).text
    assert bot.kuryana.route_hits["person"] == 0


async def test_an_imdb_cards_people_view_opens_the_director_and_stars(
    bot: BotUnderTest, people: People
) -> None:
    card = await ask(bot, people, "/imdburl tt0133093")
    view = await press(bot, people, card, "👥 People")
    assert view.id != card.id  # the card stays; the view comes under it
    assert "👥 People of The Matrix" in view.text
    assert "• Lana Wachowski — Director" in view.text
    assert "• Keanu Reeves — Star" in view.text
    for button in view.flat_buttons:
        assert button.data is not None and len(button.data.encode()) <= 64
    keanu = await press(bot, people, view, "👤 Keanu Reeves")
    assert "👤 <b>Keanu Reeves</b>" in keanu.html
    lana = await press(bot, people, view, "👤 Lana Wachowski")
    assert "👤 <b>Lana Wachowski</b>" in lana.html
    assert lana.photo is None  # no photo on her page: a text card
    assert "1999 · The Matrix — Director" in lana.text
    assert "1999 · The Matrix — Writer" in lana.text


async def test_the_people_view_belongs_to_the_searcher(bot: BotUnderTest, people: People) -> None:
    card = await ask(bot, people, "/imdburl tt0133093")
    query_id = await bot.tg.press(people.bob, card, button="👥 People")
    assert "Only the person who searched" in bot.tg.answer_for(query_id).text
    view = await press(bot, people, card, "👥 People")
    query_id = await bot.tg.press(people.bob, view, button="👤 Keanu Reeves")
    assert "Only the person who searched" in bot.tg.answer_for(query_id).text
