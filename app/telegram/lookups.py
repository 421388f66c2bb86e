"""Pieces every lookup handler shares."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from pyrogram import enums, types

from app.telegram.keyboards import results_keyboard
from app.telegram.sessions import SearchSession
from domain.i18n import N_, gettext
from domain.lookup import Fetched
from domain.paging import Page, page_of

H = TypeVar("H")

# Translators: under a card or list served from the cache while its source is down.
STALE_NOTE = N_("⚠️ {source} is not answering; this is a saved copy.")


def command_argument(message: types.Message) -> str:
    parts = (message.text or message.caption or "").split(maxsplit=1)
    return parts[1] if len(parts) > 1 else ""


def replied_text(message: types.Message) -> str:
    replied = message.reply_to_message
    return (replied.text or replied.caption or "") if replied else ""


def stale_note(source: str, stale: bool) -> str:
    """``source``: a source's name (MyDramaList, IMDb), never a user's text."""
    return f"\n\n<i>{gettext(STALE_NOTE, source=source)}</i>" if stale else ""


def sender_id(update: types.Message | types.CallbackQuery) -> int:
    """Whose the work is: the user, else the chat speaking for itself (a negative id, never
    a user's and never 0; app/admin/gate.py admits nothing without a sender)."""
    user = update.from_user
    if user is not None:
        return user.id
    chat = getattr(update, "sender_chat", None)
    assert chat is not None and chat.id, "an update the gate admitted has a sender"
    return int(chat.id)


def chat_id_of(message: types.Message) -> int:
    assert message.chat is not None and message.chat.id is not None
    return message.chat.id


def quote_in_groups(message: types.Message) -> int | None:
    """Reply-to id for group chats, where an answer must stay anchored to its question."""
    chat = message.chat
    return message.id if chat is not None and chat.type != enums.ChatType.PRIVATE else None


def results_view(
    session: SearchSession,
    fetched: Fetched[list[H]],
    page_number: int,
    *,
    source: str,
    prefix: str,
    page_size: int,
    text: Callable[[str, Page[H], int], str],
    label: Callable[[H], str],
) -> tuple[str, types.InlineKeyboardMarkup]:
    """A page of one source's results: the list, a button per title, Prev/Next."""
    hits = fetched.value
    page = page_of(hits, page_number, page_size)
    body = text(session.query, page, len(hits)) + stale_note(source, fetched.stale)
    labels = [label(hit) for hit in page.items]
    return body, results_keyboard(labels, page, session.id, prefix)
