"""A second ceiling: bare Kurigram sending exactly what a cached /mdl answer sends.

The one-line echo is the framework's floor; a cached answer also sends a
results message with entities and a keyboard, which costs Kurigram more to
build, send and parse back. This handler sends that same message, its text,
entities and keyboard built once in advance, so ``warm / reply ceiling``
isolates the bot's own work from the framework's cost of the reply.
"""

from __future__ import annotations

from typing import Any

from pyrogram import Client, filters, raw, types
from pyrogram.handlers import MessageHandler

from bench.support import BenchHarness
from tests.harness.telegram import new_client


class PrebuiltReply:
    """The text, entities and keyboard of one recorded ``messages.SendMessage``."""

    def __init__(
        self,
        text: str,
        entities: list[types.MessageEntity],
        keyboard: types.InlineKeyboardMarkup | None,
    ) -> None:
        self.text = text
        self.entities = entities
        self.keyboard = keyboard

    @classmethod
    async def of(cls, client: Client, request: raw.functions.messages.SendMessage) -> PrebuiltReply:
        parsed = [await types.MessageEntity._parse(client, e, {}) for e in request.entities or []]
        markup: Any = request.reply_markup
        keyboard = types.InlineKeyboardMarkup.read(markup) if markup is not None else None
        return cls(request.message, [e for e in parsed if e is not None], keyboard)

    async def send(self, client: Client, message: types.Message) -> None:
        assert message.chat is not None and message.chat.id is not None
        await client.send_message(
            message.chat.id, self.text, entities=self.entities, reply_markup=self.keyboard
        )


def recorded_reply(app: BenchHarness) -> raw.functions.messages.SendMessage:
    """The last MyDramaList results message the app sent (a cached /mdl answer)."""
    sent = [
        call
        for call in app.calls_of(raw.functions.messages.SendMessage)
        if "MyDramaList" in call.message
    ]
    if not sent:
        raise AssertionError("reply ceiling: the app sent no message to copy")
    request: raw.functions.messages.SendMessage = sent[-1]
    return request


async def start_reply_ceiling(
    workers: int, request: raw.functions.messages.SendMessage
) -> BenchHarness:
    harness = BenchHarness(new_client(workers=workers))
    reply = await PrebuiltReply.of(harness.client, request)
    # A bound method: Kurigram runs only coroutine functions on the loop.
    harness.client.add_handler(MessageHandler(reply.send, filters.command(["mdl", "imdb"])))
    await harness.start()
    return harness
