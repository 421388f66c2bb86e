"""Inline keyboards for results, cards and paged views."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pyrogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from app.telegram.callbacks import Action
from domain.i18n import gettext
from domain.paging import Page

Button = InlineKeyboardButton


def cb(text: str, action: Action) -> Button:
    return Button(text, callback_data=action.encode())


def url(text: str, link: str) -> Button:
    return Button(text, url=link)


def nav_row(page: Page[Any], op: str, session: str, index: int | None = None) -> list[Button]:
    """« Prev / Next » for a paged view; empty when there is one page."""

    def action(n: int) -> Action:
        return Action(op, session, index, n) if index is not None else Action(op, session, n)

    row = []
    if page.has_prev:
        row.append(cb(gettext("« Prev"), action(page.number - 1)))
    if page.has_next:
        row.append(cb(gettext("Next »"), action(page.number + 1)))
    return row


def results_keyboard(
    labels: Sequence[str], page: Page[Any], session: str, source: str
) -> InlineKeyboardMarkup:
    rows = [
        [
            cb(
                f"{page.first_index + i + 1}. {label}"[:60],
                Action(f"{source}o", session, page.first_index + i),
            )
        ]
        for i, label in enumerate(labels)
    ]
    nav = nav_row(page, f"{source}p", session)
    if nav:
        rows.append(nav)
    return InlineKeyboardMarkup(rows)


def markup(rows: list[list[Button]]) -> InlineKeyboardMarkup | None:
    rows = [row for row in rows if row]
    return InlineKeyboardMarkup(rows) if rows else None
