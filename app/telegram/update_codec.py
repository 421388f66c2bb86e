"""Raw updates as bytes for the update stream, and the identity that dedupes them.

An update travels as one TL ``Updates`` object holding the update and the users
and chats that came with it (the worker needs them to resolve peers), written
and read by Kurigram's own TL codec, so a worker sees exactly what the
receiver got from the network.
"""

from __future__ import annotations

import hashlib
from io import BytesIO
from typing import Any

from pyrogram import raw
from pyrogram.raw.core import TLObject

Packet = tuple[Any, dict[int, Any], dict[int, Any]]  # what Kurigram's dispatcher queues

_QUERIES = (
    raw.types.UpdateBotCallbackQuery,
    raw.types.UpdateInlineBotCallbackQuery,
    raw.types.UpdateBotInlineQuery,
)


def encode(update: Any, users: dict[int, Any], chats: dict[int, Any]) -> bytes:
    return bytes(
        raw.types.Updates(
            updates=[update], users=list(users.values()), chats=list(chats.values()), date=0, seq=0
        ).write()
    )


def decode(payload: bytes) -> Packet:
    """Raises ``ValueError`` for bytes that are not one encoded update."""
    try:
        box = TLObject.read(BytesIO(payload))
    except Exception as exc:  # the TL reader raises whatever it tripped on
        raise ValueError("not an encoded update") from exc
    if not isinstance(box, raw.types.Updates) or len(box.updates) != 1:
        raise ValueError("not an encoded update")
    return box.updates[0], {u.id: u for u in box.users}, {c.id: c for c in box.chats}


def _peer_key(peer: Any) -> str:
    for name in ("user_id", "chat_id", "channel_id"):
        value = getattr(peer, name, None)
        if value is not None:
            return f"{name[0]}{value}"
    return "?"


def identity(update: Any) -> str:
    """The same for every copy of one update: pushed live, or fetched again by
    ``getDifference`` after a failover (where ``pts`` differs but the message does not)."""
    message = getattr(update, "message", None)
    if isinstance(message, raw.types.Message | raw.types.MessageService):
        edit = getattr(message, "edit_date", None) or 0
        kind = type(update).__name__
        prefix = "msg" if kind in ("UpdateNewMessage", "UpdateNewChannelMessage") else kind
        return f"{prefix}:{_peer_key(message.peer_id)}:{message.id}:{edit}"
    if isinstance(update, _QUERIES):
        return f"{type(update).__name__}:{update.query_id}"
    digest = hashlib.blake2b(bytes(update.write()), digest_size=16).hexdigest()
    return f"{type(update).__name__}:{digest}"
