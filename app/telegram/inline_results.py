"""What every inline answer is built of: a card result, a notice, safe links.

Shared by title search (app/search/inline.py) and person search
(app/people/inline.py), so both keep Telegram's rules in one place.
"""

from __future__ import annotations

import asyncio
from typing import Any

from pyrogram import enums, types

from app.telegram.cards import poster_preview, text_markup
from domain.text import escape, link_problem, safe_url


def web(url: str) -> str:
    """``url`` when Telegram takes it as a web address, else "": one upstream link that is
    not (a thumbnail, a poster, a slug with a space) would make it refuse the whole answer."""
    return url if safe_url(url) and link_problem(url) is None else ""


def card_result(
    result_id: str,
    title: str,
    description: str,
    thumb: str,
    html: str,
    preview: str,
    buttons: list[list[types.InlineKeyboardButton]],
) -> types.InlineQueryResultArticle:
    """A result whose message is a card (``html``), with ``preview`` shown above it."""
    return types.InlineQueryResultArticle(
        id=result_id,
        title=title[:256] or "?",
        description=description[:256] or None,
        thumb_url=web(thumb) or None,
        input_message_content=types.InputTextMessageContent(
            text_markup(html),
            parse_mode=enums.ParseMode.HTML,
            link_preview_options=poster_preview(web(preview)),
        ),
        reply_markup=types.InlineKeyboardMarkup(buttons),
    )


def notice(result_id: str, title: str, text: str) -> types.InlineQueryResultArticle:
    """A result that only says something; ``text`` (it may quote the query) is plain text."""
    return types.InlineQueryResultArticle(
        id=result_id,
        title=title,
        description=text,
        input_message_content=types.InputTextMessageContent(
            text_markup(escape(text)), parse_mode=enums.ParseMode.HTML
        ),
    )


def quietly(task: asyncio.Future[Any]) -> None:
    """Late details finish in the background; their failures matter to nobody."""
    if not task.cancelled():
        task.exception()
