"""The parsed-text memory of app/telegram/outgoing.py: exact, and bounded."""

from __future__ import annotations

from typing import Any

from pyrogram import enums
from pyrogram.parser import Parser

from app.telegram.outgoing import ParsedTexts


class CountingClient:
    """Just what ``ParsedTexts`` uses of a client: Kurigram's own parser, counted."""

    def __init__(self) -> None:
        self.parses = 0
        outer = self

        class CountingParser(Parser):
            async def parse(self, text: str, mode: Any = None) -> Any:
                outer.parses += 1
                return await super().parse(text, mode)

        self.parser = CountingParser(None)


async def test_a_text_parses_to_what_kurigram_parses_and_only_once() -> None:
    client, texts = CountingClient(), ParsedTexts(size=8)
    markup = "<b>Goblin</b> (2016) &amp;lt;3 <a href='https://mydramalist.com/18452'>open</a>"
    expected = await Parser(None).parse(markup, enums.ParseMode.HTML)
    for _ in range(3):
        message, entities = await texts.parse(client, markup)  # type: ignore[arg-type]
        assert message == expected["message"]
        assert [e.write() for e in entities or []] == [e.write() for e in expected["entities"]]
    assert client.parses == 1


async def test_the_memory_keeps_the_most_recent_texts_only() -> None:
    client, texts = CountingClient(), ParsedTexts(size=3)
    for i in range(5):
        await texts.parse(client, f"<i>title {i}</i>")  # type: ignore[arg-type]
    assert len(texts) == 3 and client.parses == 5
    await texts.parse(client, "<i>title 4</i>")  # type: ignore[arg-type]
    assert client.parses == 5
    message, _ = await texts.parse(client, "<i>title 0</i>")  # type: ignore[arg-type]
    assert message == "title 0" and client.parses == 6 and len(texts) == 3


async def test_plain_text_has_no_entities() -> None:
    message, entities = await ParsedTexts().parse(CountingClient(), "no tags here")  # type: ignore[arg-type]
    assert message == "no tags here" and entities is None
