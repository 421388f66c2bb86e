"""/together <a> + <b>: shared titles as a timeline, pickers for ambiguous names."""

from __future__ import annotations

from tests.conftest import BotUnderTest
from tests.fakes.kuryana import Fault
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


async def test_two_people_on_mydramalist(bot: BotUnderTest, people: People) -> None:
    reply = await ask(bot, people, "/together gong yoo + lee eung bok")
    assert "🤝 Gong Yoo + Lee Eung Bok · 1 title together" in reply.text
    assert "1. 2016 · Goblin — Gong Yoo: Main Role · Kim Shin; Lee Eung Bok: Director · ⭐ 8.8" in (
        reply.text
    )
    card = await press(bot, people, reply, "1. Goblin")
    assert "🎬 <b>Goblin</b>" in card.html


async def test_two_people_on_imdb_as_a_timeline(bot: BotUnderTest, people: People) -> None:
    reply = await ask(bot, people, "/together keanu + lana wachowski")
    lines = reply.text.splitlines()
    assert lines[0] == "🤝 Keanu Reeves + Lana Wachowski · 2 titles together"
    assert (
        lines[1] == "1. 1999 · The Matrix — Keanu Reeves: Actor; Lana Wachowski: Director, Writer"
    )
    assert lines[2].startswith("2. 2003 · The Matrix Reloaded")
    card = await press(bot, people, reply, "1. The Matrix")
    assert "The Matrix" in card.text and "1999" in card.text


async def test_nothing_in_common(bot: BotUnderTest, people: People) -> None:
    reply = await ask(bot, people, "/together gong yoo + keanu")
    assert "Gong Yoo and Keanu Reeves have no titles in common" in reply.text
    assert reply.flat_buttons == []


async def test_an_ambiguous_name_is_picked_first(bot: BotUnderTest, people: People) -> None:
    picker = await ask(bot, people, "/together kimura + gong yoo")
    assert "which “kimura” do you mean?" in picker.text
    assert [b.text for b in picker.flat_buttons] == ["1. Kimura Takuya", "2. Kimura Takuya"]
    assert "Japanese" in picker.text
    answer = await press(bot, people, picker, "1. Kimura")
    assert answer.id == picker.id
    assert "Kimura Takuya and Gong Yoo have no titles in common" in answer.text


async def test_both_names_ambiguous_asks_twice(bot: BotUnderTest, people: People) -> None:
    picker = await ask(bot, people, "/together kimura + kimura")
    second = await press(bot, people, picker, "1. Kimura")
    assert "which “kimura” do you mean?" in second.text
    data = second.flat_buttons[1].data
    assert data is not None and data.startswith("tb:")
    answer = await press(bot, people, second, "2. Kimura")
    assert "Kimura Takuya and Kimura Takuya have no titles in common" in answer.text


async def test_a_name_nobody_has(bot: BotUnderTest, people: People) -> None:
    reply = await ask(bot, people, "/together gong yoo + nobody at all")
    assert "Nobody found for “nobody at all”" in reply.text


async def test_usage_without_a_plus(bot: BotUnderTest, people: People) -> None:
    reply = await ask(bot, people, "/together gong yoo")
    assert "Name two people, joined by “+”." in reply.text
    assert "Usage: /together <name> + <name>" in reply.text


async def test_pickers_belong_to_the_asker_and_forged_rows_are_refused(
    bot: BotUnderTest, people: People
) -> None:
    picker = await ask(bot, people, "/together kimura + gong yoo")
    query_id = await bot.tg.press(people.bob, picker, button="1. Kimura")
    assert "Only the person who searched" in bot.tg.answer_for(query_id).text
    data = picker.flat_buttons[0].data
    assert data is not None
    session = data.split(":")[1]
    query_id = await bot.tg.press(people.alice, picker, data=f"ta:{session}:77")
    assert bot.tg.answer_for(query_id).text == "This button is no longer valid."
    query_id = await bot.tg.press(people.alice, picker, data=f"to:{session}:0")
    assert bot.tg.answer_for(query_id).text == "This button is no longer valid."


async def test_a_source_down_for_one_person_still_answers_from_the_other(
    bot: BotUnderTest, people: People
) -> None:
    bot.kuryana.fail_always(Fault.SERVER_ERROR, route="person")
    reply = await ask(bot, people, "/together keanu + lana wachowski")
    assert "2 titles together" in reply.text
