"""Sending and showing person cards, and the works view under them.

A card's session (source "people") holds the one person reference it shows;
its buttons carry only that session's id and small numbers (the work's index
in the person's works, sorted by year), well under Telegram's 64 bytes.
"""

from __future__ import annotations

from datetime import date

from pyrogram import Client, types

from app.imdb import handlers as imdb
from app.mydramalist import handlers as mdl
from app.telegram.callbacks import Action
from app.telegram.cards import edit_view, poster_preview, send_card
from app.telegram.keyboards import cb, markup, nav_row, url
from app.telegram.lookups import quote_in_groups, stale_note
from app.telegram.sessions import SearchSession
from app.wiring.context import Services
from domain.i18n import N_, current, gettext
from domain.imdb.links import resize_imdb_image
from domain.lookup import Fetched
from domain.people import cards as person_cards
from domain.people.models import IMDB, MDL, SOURCE_NAMES, Person, works_by_year
from infra.i18n.formatting import format_date, format_number

SOURCE = "people"
INVALID = N_("This button is no longer valid.")


def long_date(day: date) -> str:
    return format_date(day, "long")


def count(n: int) -> str:
    """A count in a text, as the user's language writes it ("3.000" in Indonesian); English
    keeps the bare digits its texts have always shown ("Works (3000)")."""
    return str(n) if current().code == "en" else format_number(n)


def dates() -> person_cards.Dates:
    """Dates in the user's language; in English the page's own text, as it always was."""
    return None if current().code == "en" else long_date


def photo_of(person: Person) -> str:
    if not person.photo.startswith("https://"):
        return ""
    return resize_imdb_image(person.photo) if person.source == IMDB else person.photo


async def card_html(services: Services, user_id: int, fetched: Fetched[Person]) -> str:
    """The card in the user's own person template (or the default)."""
    person = fetched.value
    html = person_cards.person_card(
        person,
        services.clock.now().date(),
        await person_template(services, user_id),
        services.settings.template_empty_value,
        count,
        dates(),
    )
    return html + stale_note(SOURCE_NAMES[person.source], fetched.stale)


async def person_template(services: Services, user_id: int) -> str:
    template, _ = await services.templates.for_card(user_id, "person")
    return template


def card_keyboard(
    person: Person, session: SearchSession, index: int
) -> types.InlineKeyboardMarkup | None:
    other = "IMDb" if person.source == MDL else "MyDramaList"
    works = gettext("🎬 Works ({n})", n=count(len(person.works)))
    # Translators: {source} is MyDramaList or IMDb.
    open_on = gettext("🔗 Open on {source}", source=SOURCE_NAMES[person.source])
    # Translators: {source} is MyDramaList or IMDb.
    search_on = gettext("🔎 Search on {source}", source=other)
    return markup(
        [
            [cb(works, Action("pw", session.id, index))] if person.works else [],
            [url(open_on, person.link)] if person.link.startswith("https://") else [],
            [cb(search_on, Action("px", session.id, index))],
            [cb(gettext("« Back to results"), Action("pb", session.id))] if session.query else [],
        ]
    )


async def send_person(
    client: Client,
    message: types.Message,
    services: Services,
    ref: str,
    user_id: int,
    query: str = "",
) -> None:
    """A new card for ``ref`` in ``message``'s chat, with a session of its own for ``user_id``."""
    fetched = await services.people.person(ref)
    session = await services.sessions.create(user_id, SOURCE, query, [fetched.value.ref])
    await services.recent.record(user_id, "person", fetched.value.ref)
    assert message.chat is not None and message.chat.id is not None
    await send_card(
        client,
        message.chat.id,
        await card_html(services, user_id, fetched),
        photo_of(fetched.value),
        card_keyboard(fetched.value, session, 0),
        services.http,
        reply_to=quote_in_groups(message),
    )


def works_keyboard(
    person: Person, session: SearchSession, index: int, page_number: int
) -> tuple[str, types.InlineKeyboardMarkup | None]:
    text, page = person_cards.works_page(person, page_number, count)
    rows = [
        [cb(f"{n}. {work.title}"[:60], Action("pt", session.id, index, n - 1))]
        for n, work in enumerate(page.items, start=page.first_index + 1)
        if work.key
    ]
    rows.append(nav_row(page, "pw", session.id, index))
    rows.append([cb(gettext("« Back to card"), Action("pk", session.id, index))])
    return text, markup(rows)


async def show_works(
    message: types.Message, services: Services, session: SearchSession, index: int, page: int
) -> None:
    fetched = await services.people.person(session.ids[index])
    text, keyboard = works_keyboard(fetched.value, session, index, page)
    text += stale_note(SOURCE_NAMES[fetched.value.source], fetched.stale)
    await edit_view(message, text, keyboard)


async def back_to_card(
    message: types.Message, services: Services, session: SearchSession, index: int
) -> None:
    fetched = await services.people.person(session.ids[index])
    html = await card_html(services, session.user_id, fetched)
    keyboard = card_keyboard(fetched.value, session, index)
    await edit_view(message, html, keyboard, poster_preview(photo_of(fetched.value)))


async def open_work(
    client: Client,
    query: types.CallbackQuery,
    services: Services,
    session: SearchSession,
    index: int,
    work_index: int,
) -> None:
    """The title card of one of the person's works, as a new message."""
    message = query.message
    assert message is not None
    person = (await services.people.person(session.ids[index])).value
    works = works_by_year(person.works)
    if not 0 <= work_index < len(works) or not works[work_index].key:
        await query.answer(gettext(INVALID), show_alert=True)
        return
    key = works[work_index].key
    if person.source == MDL:
        card = await services.sessions.create(session.user_id, "mdl", "", [key])
        await mdl.show_card(client, message, services, key, card)
    else:
        card = await services.sessions.create(session.user_id, "imdb", "", [key])
        await imdb.show_card(client, message, services, key, card)
    await query.answer()
