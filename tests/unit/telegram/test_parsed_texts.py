"""The bot's client remembers what it parsed (app/telegram/outgoing.py): exactly, and bounded."""

from __future__ import annotations

from pyrogram import enums
from pyrogram.parser import Parser

from app.telegram.outgoing import RememberingParser

HTML = enums.ParseMode.HTML


def written(entities: list | None) -> list[bytes]:
    return [e.write() for e in entities or []]


async def test_a_text_parses_to_what_kurigram_parses_and_only_once() -> None:
    parser = RememberingParser(None, size=8)
    markup = "<b>Goblin</b> (2016) &amp;lt;3 <a href='https://mydramalist.com/18452'>open</a>"
    expected = await Parser(None).parse(markup, HTML)
    for _ in range(3):
        parsed = await parser.parse(markup, HTML)
        assert parsed["message"] == expected["message"]
        assert written(parsed["entities"]) == written(expected["entities"])
    assert parser.parses == 1


async def test_a_caller_changing_its_answer_does_not_change_the_next_one() -> None:
    parser = RememberingParser(None)
    first = await parser.parse("<b>bold</b> and <i>italic</i>", HTML)
    first["entities"].clear()
    second = await parser.parse("<b>bold</b> and <i>italic</i>", HTML)
    assert len(second["entities"]) == 2


async def test_the_memory_keeps_the_most_recent_texts_only() -> None:
    parser = RememberingParser(None, size=3)
    for i in range(5):
        await parser.parse(f"<i>title {i}</i>", HTML)
    assert len(parser) == 3 and parser.parses == 5
    await parser.parse("<i>title 4</i>", HTML)
    assert parser.parses == 5
    parsed = await parser.parse("<i>title 0</i>", HTML)
    assert parsed["message"] == "title 0" and parser.parses == 6 and len(parser) == 3


async def test_other_modes_are_parsed_as_kurigram_parses_them_and_not_kept() -> None:
    parser = RememberingParser(None)
    assert (await parser.parse("**x**", enums.ParseMode.DISABLED))["message"] == "**x**"
    markdown = await parser.parse("**x**", enums.ParseMode.MARKDOWN)
    assert markdown["message"] == "x" and len(markdown["entities"]) == 1
    assert len(parser) == 0


async def test_plain_text_has_no_entities() -> None:
    parsed = await RememberingParser(None).parse("no tags here", HTML)
    assert parsed == {"message": "no tags here", "entities": None}
