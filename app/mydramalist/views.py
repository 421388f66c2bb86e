"""The 🧭 Similar and 📝 Reviews views of a MyDramaList card, and their buttons.

Ops (app/telegram/callbacks.py): ``ms`` Similar page (a = card, b = page),
``my`` open a related title's card (a = card, b = its row), ``mr`` Reviews
page (a = card, b = page, 0-based). ``app/mydramalist/handlers.py`` checks the
card index ``a`` against the session before handing a press over, and opens
the related card itself (cards live there).
"""

from __future__ import annotations

from typing import Any

from pyrogram import types

from app.telegram.callbacks import Action
from app.telegram.cards import edit_view
from app.telegram.keyboards import Button, cb, markup, nav_row
from app.telegram.lookups import stale_note
from app.telegram.sessions import SearchSession
from app.wiring.context import Services
from domain.i18n import N_, gettext
from domain.lookup import Fetched
from domain.mydramalist import reviews as mdl_reviews
from domain.mydramalist import similar
from domain.mydramalist.links import mdl_url
from domain.paging import Page
from domain.text import CAPTION_LIMIT, TEXT_LIMIT
from domain.titles import Drama

SOURCE = "MyDramaList"
INVALID = N_("This button is no longer valid.")


def card_buttons(session: SearchSession, index: int) -> list[Button]:
    """The views' row on a drama card."""
    return [
        cb(gettext("🧭 Similar"), Action("ms", session.id, index)),
        cb(gettext("📝 Reviews"), Action("mr", session.id, index)),
    ]


async def related_of(services: Services, slug: str) -> Fetched[Drama]:
    """The title with its related titles; a copy cached before titles carried them is renewed."""
    fetched = await services.dramas.details(slug)
    if fetched.value.related is None:
        fetched = await services.dramas.refresh(slug)
    return fetched


def _back(session: SearchSession, index: int) -> list[Button]:
    return [cb(gettext("« Back to card"), Action("mk", session.id, index))]


def similar_keyboard(
    page: Page[Any], rows: list[list[Button]], session: SearchSession, index: int
) -> types.InlineKeyboardMarkup | None:
    return markup([*rows, nav_row(page, "ms", session.id, index), _back(session, index)])


async def show_similar(
    query: types.CallbackQuery, services: Services, session: SearchSession, action: Action
) -> None:
    assert query.message is not None
    fetched = await related_of(services, session.ids[action.a])
    text, page = similar.similar_text(fetched.value, action.b)
    rows = [
        [cb(similar.similar_label(n, item), Action("my", session.id, action.a, n - 1))]
        for n, item in enumerate(page.items, start=page.first_index + 1)
        if similar.openable(item)
    ]
    text += stale_note(SOURCE, fetched.stale)
    await edit_view(query.message, text, similar_keyboard(page, rows, session, action.a))
    await query.answer()


async def related_slug(services: Services, session: SearchSession, action: Action) -> str | None:
    """The slug of the related title a ``my`` button names, or None when it names none."""
    related = (await related_of(services, session.ids[action.a])).value.related or ()
    if not 0 <= action.b < len(related) or not similar.openable(related[action.b]):
        return None
    return related[action.b].slug


async def show_reviews(
    query: types.CallbackQuery, services: Services, session: SearchSession, action: Action
) -> None:
    """Part ``b % PARTS`` of MyDramaList's review page ``b // PARTS`` (0-based)."""
    message = query.message
    assert message is not None
    slug = session.ids[action.a]
    page_number = min(action.b // mdl_reviews.PARTS, mdl_reviews.MAX_PAGES - 1)
    fetched = await services.reviews.page(slug, page_number + 1)
    limit = CAPTION_LIMIT if message.photo is not None else TEXT_LIMIT
    part = mdl_reviews.part_of(fetched.value, action.b % mdl_reviews.PARTS, limit)
    link = f"{mdl_url(slug)}/reviews"
    text = mdl_reviews.reviews_text(fetched.value, part, limit, link)
    text += stale_note(SOURCE, fetched.stale)

    def at(page: int, number: int) -> Action:
        return Action("mr", session.id, action.a, page * mdl_reviews.PARTS + number)

    nav: list[Button] = []
    if part.has_prev:
        nav.append(cb(gettext("« Prev"), at(page_number, part.number - 1)))
    elif page_number > 0:  # the last part of the page before (clamped when it has fewer)
        nav.append(cb(gettext("« Prev"), at(page_number - 1, mdl_reviews.PARTS - 1)))
    if part.has_next:
        nav.append(cb(gettext("Next »"), at(page_number, part.number + 1)))
    elif part.items and page_number + 1 < mdl_reviews.MAX_PAGES:
        nav.append(cb(gettext("Next »"), at(page_number + 1, 0)))
    await edit_view(message, text, markup([nav, _back(session, action.a)]))
    await query.answer()
