"""/person: both sources in one list, person cards, their works, opening a work."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.conftest import BotUnderTest
from tests.fakes.imdb_catalogue import MATRIX_ID
from tests.fakes.kuryana import Fault
from tests.harness.telegram import People, Sent


def age_on_birthday(year: int, month: int, day: int) -> int:
    today = datetime.now(UTC).date()
    return today.year - year - ((today.month, today.day) < (month, day))


async def ask(bot: BotUnderTest, people: People, text: str) -> Sent:
    await bot.tg.send_text(people.alice, text)
    return bot.tg.last_to(people.alice.id)


async def press(bot: BotUnderTest, people: People, message: Sent, button: str) -> Sent:
    """The message the press edited, or the new one it sent."""
    before = {m.id: m.edits for m in bot.tg.messages_to(people.alice.id)}
    await bot.tg.press(people.alice, message, button=button)
    sent = bot.tg.messages_to(people.alice.id)
    new = [m for m in sent if m.id not in before]
    edited = [m for m in sent if m.id in before and m.edits != before[m.id]]
    return (new or edited or sent)[-1]


async def test_a_person_on_both_sources_is_one_row_with_two_buttons(
    bot: BotUnderTest, people: People
) -> None:
    results = await ask(bot, people, "/person gong yoo")
    assert "👤 People · 1 person for “gong yoo”" in results.text
    assert "1. Gong Yoo — South Korean · Actor · MDL + IMDb" in results.text
    assert [b.text for b in results.flat_buttons] == ["1. Gong Yoo · MDL", "IMDb"]


async def test_same_name_but_another_birth_year_is_another_person(
    bot: BotUnderTest, people: People
) -> None:
    results = await ask(bot, people, "/person kimura")
    assert "2 people" in results.text
    labels = [b.text for b in results.flat_buttons]
    assert labels == ["1. Kimura Takuya · MyDramaList", "2. Kimura Takuya · IMDb"]


async def test_the_mydramalist_card(bot: BotUnderTest, people: People) -> None:
    results = await ask(bot, people, "/person gong yoo")
    card = await press(bot, people, results, "MDL")
    assert card.photo == "https://i.mydramalist.com/p1_5c.jpg"
    assert "👤 <b>Gong Yoo</b>" in card.html
    assert "🈶 <i>공유</i>" in card.html
    assert f"🎂 Born: July 10, 1979 (age {age_on_birthday(1979, 7, 10)})" in card.text
    assert "🌏 Nationality: South Korean" in card.text
    # The biography is escaped once: its < > & show as text.
    assert 'known for &lt;Goblin&gt; &amp; "Train to Busan"' in card.html
    known = card.text.split("Known for:")[1]
    assert known.index("2016 · Goblin — Main Role · Kim Shin · ⭐ 8.8") < known.index(
        "2007 · Coffee Prince"
    )
    assert "TBA · The Trunk — Main Role" in known  # no year, no role name, rating N/A
    assert "N/A" not in known
    labels = [b.text for b in card.flat_buttons]
    assert labels == [
        "🎬 Works (4)",
        "🔗 Open on MyDramaList",
        "🔎 Search on IMDb",
        "« Back to results",
    ]
    assert card.button("Open on MyDramaList").url == "https://mydramalist.com/people/1-gong-yoo"


async def test_the_imdb_card(bot: BotUnderTest, people: People) -> None:
    results = await ask(bot, people, "/person keanu")
    card = await press(bot, people, results, "Keanu Reeves")
    assert card.photo is not None and "keanu" in card.photo
    assert "👤 <b>Keanu Reeves</b>" in card.html
    assert f"🎂 Born: September 2, 1964 (age {age_on_birthday(1964, 9, 2)})" in card.text
    assert "📍 Birthplace: Beirut, Lebanon" in card.text
    assert "💼 Actor, Director" in card.text
    assert "Keanu &lt;Charles&gt; Reeves &amp; friends" in card.html
    assert "2013 · Man of Tai Chi — Director" in card.text
    assert "TBA · Untitled Keanu Project — Actor" in card.text
    assert card.button("Open on IMDb").url == "https://www.imdb.com/name/nm0000206/"


async def test_a_director_without_photo_or_role_names(bot: BotUnderTest, people: People) -> None:
    results = await ask(bot, people, "/person lee eung bok")
    card = await press(bot, people, results, "Lee Eung Bok")
    assert card.photo is None  # sent as text
    assert "2020 · Sweet Home — Director" in card.text
    assert "2016 · Goblin — Director · ⭐ 8.8" in card.text
    assert "None" not in card.text


async def test_works_are_paged_and_each_opens_its_title_card(
    bot: BotUnderTest, people: People
) -> None:
    results = await ask(bot, people, "/person gong yoo")
    card = await press(bot, people, results, "MDL")
    works = await press(bot, people, card, "Works")
    assert works.id == card.id  # the card turns into its works view
    assert "🎬 Works of Gong Yoo · 4" in works.text
    assert "1. 2016 · Goblin — Main Role · Kim Shin · ⭐ 8.8" in works.text
    goblin = await press(bot, people, works, "Goblin")
    assert goblin.id != card.id
    assert "🎬 <b>Goblin</b>" in goblin.html
    # The title card's own buttons work for the same user.
    cast = await press(bot, people, goblin, "Cast")
    assert "Cast of Goblin" in cast.text
    back = await press(bot, people, works, "Back to card")
    assert back.id == card.id
    assert "👤 <b>Gong Yoo</b>" in back.html


async def test_an_imdb_work_opens_the_imdb_card(bot: BotUnderTest, people: People) -> None:
    results = await ask(bot, people, "/person keanu")
    card = await press(bot, people, results, "Keanu Reeves")
    works = await press(bot, people, card, "Works")
    matrix = await press(bot, people, works, "3. The Matrix")
    assert "The Matrix" in matrix.text and "1999" in matrix.text
    assert MATRIX_ID in (bot.imdb.page_ids[-1])


async def test_thousands_of_works_page_through(bot: BotUnderTest, people: People) -> None:
    results = await ask(bot, people, "/person busy extra")
    card = await press(bot, people, results, "Busy Extra")
    assert "🎬 Works (3000)" in [b.text for b in card.flat_buttons]
    assert "… and 2995 more" in card.text
    works = await press(bot, people, card, "Works")
    assert "page 1/375" in works.text
    for button in [b for b in works.flat_buttons if b.data]:
        assert len(button.data.encode()) <= 64
    second = await press(bot, people, works, "Next »")
    assert "page 2/375" in second.text
    query_id = await bot.tg.press(people.alice, second, button="9. ")
    # The fake has no page for these synthetic titles: the press asked for one.
    assert "MyDramaList has no title" in bot.tg.answer_for(query_id).text
    assert bot.kuryana.route_hits["details"] == 1


async def test_search_on_the_other_source(bot: BotUnderTest, people: People) -> None:
    results = await ask(bot, people, "/person lee eung bok")
    card = await press(bot, people, results, "Lee Eung Bok")
    query_id = await bot.tg.press(people.alice, card, button="Search on IMDb")
    assert "Nobody found for “Lee Eung Bok”" in bot.tg.answer_for(query_id).text
    assert "lee eung bok" in [t.casefold() for t in bot.imdb.search_terms]


async def test_search_on_the_other_source_lists_who_it_finds(
    bot: BotUnderTest, people: People
) -> None:
    results = await ask(bot, people, "/person keanu")
    card = await press(bot, people, results, "Keanu Reeves")
    bot.kuryana.add_search("keanu reeves", [], [])
    query_id = await bot.tg.press(people.alice, card, button="Search on MyDramaList")
    assert "Nobody found" in bot.tg.answer_for(query_id).text
    gong = await ask(bot, people, "/person gong yoo")
    imdb_card = await press(bot, people, gong, "IMDb")
    listed = await press(bot, people, imdb_card, "Search on MyDramaList")
    assert listed.id not in (gong.id, imdb_card.id)
    assert [b.text for b in listed.flat_buttons] == ["1. Gong Yoo · MyDramaList"]


async def test_nobody_found(bot: BotUnderTest, people: People) -> None:
    reply = await ask(bot, people, "/person nobody at all")
    assert "🔍 Nobody found for “nobody at all”" in reply.text


async def test_no_name_gets_the_usage(bot: BotUnderTest, people: People) -> None:
    reply = await ask(bot, people, "/person")
    assert "Usage: /person <name>" in reply.text


async def test_mydramalist_down_still_lists_imdb_people_and_says_so(
    bot: BotUnderTest, people: People
) -> None:
    bot.kuryana.fail_always(Fault.SERVER_ERROR)
    results = await ask(bot, people, "/person keanu")
    assert "Keanu Reeves" in results.text
    assert "MyDramaList is not answering; its people are missing." in results.text


async def test_both_sources_down_is_not_answering_not_nobody(
    bot: BotUnderTest, people: People
) -> None:
    bot.kuryana.fail_always(Fault.SERVER_ERROR)
    bot.imdb.fail("http_500")
    reply = await ask(bot, people, "/person gong yoo")
    assert "not answering" in reply.text
    assert "Nobody found" not in reply.text


async def test_another_users_press_is_refused(bot: BotUnderTest, people: People) -> None:
    results = await ask(bot, people, "/person gong yoo")
    query_id = await bot.tg.press(people.bob, results, button="MDL")
    assert bot.tg.answer_for(query_id).alert
    assert "Only the person who searched" in bot.tg.answer_for(query_id).text
