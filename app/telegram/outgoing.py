"""Sending a text or a photo by URL as one raw request, its HTML parsed once per text.

Kurigram's ``send_message`` and ``send_photo`` parse the HTML again for every
send, and then turn Telegram's answer into a full ``Message`` (users, chats,
entities, media), of which the bot only ever reads the message id. A cached
answer sends the same bytes every time, so this keeps the parsed text and
entities of recent texts, builds the same ``SendMessage`` / ``SendMedia``
request Kurigram would, and reads only the id back. Errors are Telegram's,
raised as Kurigram raises them.

Only the two shapes the hot paths use go this way (a text without a link
preview, a photo given by an http(s) URL); anything else (uploads, previews of
a URL) stays with Kurigram's own methods.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from pyrogram import Client, enums, raw, types, utils

PARSED_TEXTS = 1024  # recent texts kept parsed; each at most 4096 characters and its entities
_HTTP_URL = re.compile(r"^https?://", re.IGNORECASE)

Parsed = tuple[str, list[Any] | None]


@dataclass(frozen=True, slots=True)
class Sent:
    """What the bot keeps of a message it sent."""

    chat_id: int
    id: int


class ParsedTexts:
    """The last ``size`` HTML texts (as handed to Kurigram) with their parsed text and entities."""

    def __init__(self, size: int = PARSED_TEXTS) -> None:
        self._size = size
        self._parsed: OrderedDict[str, Parsed] = OrderedDict()

    async def parse(self, client: Client, markup: str) -> Parsed:
        parsed = self._parsed.get(markup)
        if parsed is not None:
            self._parsed.move_to_end(markup)
            return parsed
        result = await client.parser.parse(markup, enums.ParseMode.HTML)
        parsed = (result["message"], result["entities"] or None)
        self._parsed[markup] = parsed
        if len(self._parsed) > self._size:
            self._parsed.popitem(last=False)
        return parsed

    def __len__(self) -> int:
        return len(self._parsed)


# One per process: the parse of a text does not depend on the client that sends it
# (the bot's HTML never mentions users by id, the one case Kurigram resolves).
PARSED = ParsedTexts()


def takes_url(photo: str) -> bool:
    return bool(_HTTP_URL.match(photo))


async def _peer(client: Client, chat_id: int) -> Any:
    peer = await client.resolve_peer(chat_id)
    if peer is None:  # Kurigram resolves a known id or raises; None would be its bug
        raise ValueError(f"no peer for chat {chat_id}")
    return peer


async def _reply_to(client: Client, reply_to: int | None, thread_id: int | None) -> Any:
    if reply_to is None and thread_id is None:
        return None
    parameters = types.ReplyParameters(message_id=reply_to) if reply_to else None
    return await utils.get_reply_to(client, parameters, thread_id)


async def send_text(
    client: Client,
    chat_id: int,
    markup: str,
    keyboard: types.InlineKeyboardMarkup | None = None,
    reply_to: int | None = None,
    thread_id: int | None = None,
) -> Sent | None:
    """``markup`` (HTML as handed to Kurigram) as a text message without a link preview."""
    message, entities = await PARSED.parse(client, markup)
    request = raw.functions.messages.SendMessage(
        peer=await _peer(client, chat_id),
        message=message,
        random_id=client.rnd_id(),
        no_webpage=True,
        reply_to=await _reply_to(client, reply_to, thread_id),
        reply_markup=await keyboard.write(client) if keyboard else None,
        entities=entities,
    )
    return _sent(chat_id, await client.invoke(request))


async def send_photo_url(
    client: Client,
    chat_id: int,
    url: str,
    caption: str,
    keyboard: types.InlineKeyboardMarkup | None = None,
    reply_to: int | None = None,
    thread_id: int | None = None,
) -> Sent | None:
    """The photo at ``url`` (http or https, fetched by Telegram) with ``caption`` (HTML)."""
    if not takes_url(url):
        raise ValueError("send_photo_url takes an http(s) URL")
    message, entities = await PARSED.parse(client, caption)
    request = raw.functions.messages.SendMedia(
        peer=await _peer(client, chat_id),
        media=raw.types.InputMediaPhotoExternal(url=url),
        message=message,
        random_id=client.rnd_id(),
        reply_to=await _reply_to(client, reply_to, thread_id),
        reply_markup=await keyboard.write(client) if keyboard else None,
        entities=entities,
    )
    return _sent(chat_id, await client.invoke(request))


def _sent(chat_id: int, answer: Any) -> Sent | None:
    """The id of the new message in Telegram's answer to a send, without parsing the rest."""
    if isinstance(answer, raw.types.UpdateShortSentMessage):
        return Sent(chat_id, answer.id)
    for update in getattr(answer, "updates", ()):
        if isinstance(update, raw.types.UpdateMessageID):
            return Sent(chat_id, update.id)
        if isinstance(update, raw.types.UpdateNewMessage | raw.types.UpdateNewChannelMessage):
            return Sent(chat_id, update.message.id)
    return None
