"""Sending a text or a photo by URL as one raw request, its HTML parsed once per text.

Kurigram's ``send_message`` and ``send_photo`` parse the HTML again for every
send, and then turn Telegram's answer into a full ``Message`` (users, chats,
entities, media), of which the bot only ever reads the message id. A cached
answer sends the same bytes every time, so the client's parser remembers the
parsed text and entities of recent texts (``RememberingParser``), and these
build the same ``SendMessage`` / ``SendMedia`` request Kurigram would and read
only the id back. Errors are Telegram's,
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
from pyrogram.parser import Parser

PARSED_TEXTS = 1024  # recent texts kept parsed; each at most 4096 characters and its entities
_HTTP_URL = re.compile(r"^https?://", re.IGNORECASE)

Parsed = tuple[str, list[Any] | None]


@dataclass(frozen=True, slots=True)
class Sent:
    """What the bot keeps of a message it sent."""

    chat_id: int
    id: int


class RememberingParser(Parser):
    """Kurigram's parser, remembering the text and entities of the last ``size`` HTML texts.

    Installed on the bot's client, so every send, edit and inline answer that
    Kurigram parses gains from it, not only the ones below.
    """

    def __init__(self, client: Client | None, size: int = PARSED_TEXTS) -> None:
        super().__init__(client)
        self._size = size
        self._recent: OrderedDict[str, Parsed] = OrderedDict()
        self.parses = 0

    async def parse(self, text: str, mode: enums.ParseMode | None = None) -> dict[str, Any]:
        if mode is None and self.client is not None:
            mode = self.client.parse_mode
        if mode != enums.ParseMode.HTML or not isinstance(text, str):
            return await super().parse(text, mode)
        parsed = self._recent.get(text)
        if parsed is None:
            self.parses += 1
            result = await super().parse(text, mode)
            parsed = (result["message"], list(result["entities"] or ()) or None)
            self._recent[text] = parsed
            if len(self._recent) > self._size:
                self._recent.popitem(last=False)
        else:
            self._recent.move_to_end(text)
        message, entities = parsed
        # A new list each time: a caller may extend it; the entities themselves are
        # only ever serialised.
        return {"message": message, "entities": list(entities) if entities else None}

    def __len__(self) -> int:
        return len(self._recent)


def remember_parses(client: Client) -> None:
    """Give ``client`` the remembering parser (once)."""
    if not isinstance(client.parser, RememberingParser):
        client.parser = RememberingParser(client)


async def _parse(client: Client, markup: str) -> Parsed:
    result = await client.parser.parse(markup, enums.ParseMode.HTML)
    return result["message"], result["entities"] or None


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
    message, entities = await _parse(client, markup)
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
    message, entities = await _parse(client, caption)
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
