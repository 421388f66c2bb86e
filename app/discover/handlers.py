"""/today (alias /schedule), /season and their buttons.

Parse, call ``Discovery``, render with ``domain/discover/text.py``, reply. The
buttons carry a session (source "discover") like search results, so the strict
checks of ``app/wiring/buttons.py`` cover them; each card they open gets its
own MyDramaList session, so the card's buttons work as after a search.
"""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo

from pyrogram import Client, types

from app.airing import handlers as watch
from app.discover.formats import BABEL
from app.imdb import handlers as imdb
from app.mydramalist import handlers as mdl
from app.telegram.callbacks import Action
from app.telegram.cards import edit_view
from app.telegram.keyboards import Button, cb, nav_row
from app.telegram.lookups import command_argument, sender_id
from app.telegram.replies import reply
from app.telegram.sessions import SearchSession
from app.wiring.commands import CommandSpec
from app.wiring.context import Services
from app.wiring.routing import CommandRoute
from domain.discover import text as discover_text
from domain.discover.calendar import Season, season_of
from domain.discover.seasons import parse_season_args
from domain.discover.service import BY_POPULARITY, BY_RATING, ORDERS, check_season
from domain.discover.suggest import IMDB, MDL
from domain.errors import InvalidInput
from domain.i18n import N_, gettext
from domain.mydramalist.links import is_slug
from domain.paging import page_of

SOURCE = "discover"
IMDB_ID = re.compile(r"tt[0-9]{1,12}")
INVALID = N_("This button is no longer valid.")
TODAY = "today"
SEASON = "season"


async def today_view(
    services: Services, user_id: int, word: str, page_number: int
) -> tuple[str, types.InlineKeyboardMarkup | None]:
    zone = await services.watching.watchlists.zone(user_id)
    today = await services.discovery.today(zone, services.clock.now(), word)
    page = page_of(today.airings, page_number, discover_text.TODAY_PAGE_SIZE)
    body = discover_text.today_text(today, page, BABEL)
    if not today.airings:
        return body, None
    ids = [a.slug for a in today.airings]
    session = await services.sessions.create(user_id, SOURCE, f"{TODAY}:{today.word}", ids)
    rows: list[list[Button]] = [
        [
            cb(discover_text.today_label(n, a), Action("do", session.id, n - 1)),
            cb("🔔", Action("dw", session.id, n - 1)),
        ]
        for n, a in enumerate(page.items, start=page.first_index + 1)
    ]
    nav = nav_row(page, "dp", session.id)
    if nav:
        rows.append(nav)
    return body, types.InlineKeyboardMarkup(rows)


async def season_view(
    services: Services, user_id: int, season: Season, order: str, page_number: int
) -> tuple[str, types.InlineKeyboardMarkup | None]:
    listing = await services.discovery.season(season, order)
    page = page_of(listing.titles, page_number, discover_text.SEASON_PAGE_SIZE)
    body = discover_text.season_text(listing, page, BABEL)
    if not listing.titles:
        return body, None
    query = f"{SEASON}:{season.year}:{season.quarter}:{listing.order}"
    session = await services.sessions.create(
        user_id, SOURCE, query, [t.slug for t in listing.titles]
    )
    rows: list[list[Button]] = [
        [cb(discover_text.season_label(n, t), Action("do", session.id, n - 1))]
        for n, t in enumerate(page.items, start=page.first_index + 1)
    ]
    nav = nav_row(page, "dp", session.id)
    if nav:
        rows.append(nav)
    other = BY_RATING if listing.order == BY_POPULARITY else BY_POPULARITY
    label = gettext("⭐ Sort by rating") if other == BY_RATING else gettext("🔥 Sort by popularity")
    rows.append([cb(label, Action("ds", session.id, ORDERS.index(other)))])
    return body, types.InlineKeyboardMarkup(rows)


async def today_command(client: Client, message: types.Message, services: Services) -> None:
    text, keyboard = await today_view(services, sender_id(message), command_argument(message), 0)
    await reply(message, text, keyboard)


async def season_command(client: Client, message: types.Message, services: Services) -> None:
    user_id = sender_id(message)
    zone = await services.watching.watchlists.zone(user_id)
    now = services.clock.now()
    current = season_of(now.astimezone(ZoneInfo(zone)))
    season, order = parse_season_args(command_argument(message), current)
    text, keyboard = await season_view(services, user_id, check_season(season, now), order, 0)
    await reply(message, text, keyboard)


async def _redraw(
    services: Services, session: SearchSession, page_number: int, order: str | None = None
) -> tuple[str, types.InlineKeyboardMarkup | None] | None:
    """The session's listing again (from the cache while fresh); None when the data is not ours."""
    kind, _, rest = session.query.partition(":")
    if kind == TODAY:
        return await today_view(services, session.user_id, rest, page_number)
    if kind == SEASON:
        year, quarter, shown = [*rest.split(":"), "", "", ""][:3]
        if not (year.isdigit() and quarter.isdigit()):
            return None
        season = Season(int(year), int(quarter))
        return await season_view(services, session.user_id, season, order or shown, page_number)
    return None


async def on_button(
    client: Client,
    query: types.CallbackQuery,
    services: Services,
    action: Action,
    session: SearchSession,
) -> None:
    """A verified press of the listing's owner: a page, a sort order, a card or 🔔."""
    message = query.message
    assert message is not None
    if action.op in ("dp", "ds"):
        order = None
        if action.op == "ds":
            if not 0 <= action.a < len(ORDERS):
                await query.answer(gettext(INVALID), show_alert=True)
                return
            order = ORDERS[action.a]
        view = await _redraw(services, session, action.a if action.op == "dp" else 0, order)
        if view is None:
            await query.answer(gettext(INVALID), show_alert=True)
            return
        await edit_view(message, *view)
        await query.answer()
        return
    if not 0 <= action.a < len(session.ids):
        await query.answer(gettext(INVALID), show_alert=True)
        return
    slug = session.ids[action.a]
    if action.op == "dm":
        await _open_suggestion(client, message, services, session, slug)
        await query.answer()
    elif action.op == "dw":
        await watch.notify_from_card(query, services, slug)
    elif action.op == "do":
        card_session = await services.sessions.create(session.user_id, "mdl", "", [slug])
        await mdl.show_card(client, message, services, slug, card_session)
        await query.answer()
    else:
        await query.answer(gettext(INVALID), show_alert=True)


async def _open_suggestion(
    client: Client,
    message: types.Message,
    services: Services,
    session: SearchSession,
    entry: str,
) -> None:
    """A "Did you mean" title's card, with a session of its own source."""
    source, _, ident = entry.partition(":")
    if source == MDL and is_slug(ident):
        card_session = await services.sessions.create(session.user_id, "mdl", "", [ident])
        await mdl.show_card(client, message, services, ident, card_session)
    elif source == IMDB and IMDB_ID.fullmatch(ident):
        card_session = await services.sessions.create(session.user_id, "imdb", "", [ident])
        await imdb.show_card(client, message, services, ident, card_session)
    else:
        raise InvalidInput(gettext(INVALID))


ROUTES = [
    CommandRoute(
        CommandSpec(
            "today",
            "Episodes airing today, in your time zone",
            usage="[country]",
            aliases=("schedule",),
            lookup=True,
        ),
        today_command,
    ),
    CommandRoute(
        CommandSpec(
            "season",
            "This season's dramas, by rating or popularity",
            usage="[year] [1-4]",
            lookup=True,
        ),
        season_command,
    ),
]
