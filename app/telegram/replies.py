"""Sending replies: one place that knows Kurigram's reply options."""

from __future__ import annotations

import html
import re
from typing import Any

from pyrogram import enums, types

from app.telegram.html import for_kurigram
from app.telegram.outgoing import Sent, send_text
from app.telegram.sessions import bind_buttons

_TAG_RE = re.compile(r"<[^>]+>")
NO_PREVIEW = types.LinkPreviewOptions(is_disabled=True)


def plain_text(text: str) -> str:
    """HTML to plain text, for places Telegram shows without formatting."""
    return html.unescape(_TAG_RE.sub("", text))


async def reply(
    message: types.Message,
    text: str,
    markup: types.InlineKeyboardMarkup | None = None,
    preview: types.LinkPreviewOptions | None = None,
) -> Sent | None:
    """Answer ``message`` in its chat; in groups the answer quotes it, to stay anchored."""
    chat, client = message.chat, message._client
    assert chat is not None and chat.id is not None and client is not None, "a received message"
    quote_id = message.id if chat.type != enums.ChatType.PRIVATE else None
    sent: Sent | None
    if preview is None or preview.is_disabled:
        sent = await send_text(
            client, chat.id, for_kurigram(text), markup, quote_id, message.message_thread_id
        )
    else:
        kept = await client.send_message(
            chat_id=chat.id,
            text=for_kurigram(text),
            parse_mode=enums.ParseMode.HTML,
            link_preview_options=preview,
            reply_parameters=types.ReplyParameters(message_id=quote_id) if quote_id else None,
            message_thread_id=message.message_thread_id,
            reply_markup=markup,
        )
        sent = Sent(chat.id, kept.id) if kept is not None else None
    if sent is not None:
        await bind_buttons(markup, chat.id, sent.id)
    return sent


async def notify(update: Any, text: str) -> None:
    """Tell the sender ``text`` (HTML) in the way their update allows."""
    if isinstance(update, types.Message):
        await reply(update, text)
    elif isinstance(update, types.CallbackQuery):
        # Alerts are plain text of at most 200 characters.
        await update.answer(plain_text(text)[:200], show_alert=True)
    elif isinstance(update, types.InlineQuery):
        await update.answer([], cache_time=0, is_personal=True)
