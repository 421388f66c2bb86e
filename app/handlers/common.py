"""Pieces every lookup handler shares."""

from __future__ import annotations

from pyrogram import enums, types

STALE_NOTE = "\n\n<i>⚠️ {source} is not answering; this is a saved copy.</i>"


def command_argument(message: types.Message) -> str:
    parts = (message.text or message.caption or "").split(maxsplit=1)
    return parts[1] if len(parts) > 1 else ""


def replied_text(message: types.Message) -> str:
    replied = message.reply_to_message
    return (replied.text or replied.caption or "") if replied else ""


def stale_note(source: str, stale: bool) -> str:
    return STALE_NOTE.format(source=source) if stale else ""


def sender_id(update: types.Message | types.CallbackQuery) -> int:
    user = update.from_user
    return user.id if user else 0


def chat_id_of(message: types.Message) -> int:
    assert message.chat is not None and message.chat.id is not None
    return message.chat.id


def quote_in_groups(message: types.Message) -> int | None:
    """Reply-to id for group chats, where an answer must stay anchored to its question."""
    chat = message.chat
    return message.id if chat is not None and chat.type != enums.ChatType.PRIVATE else None
