"""/watch, /unwatch, /watchlist, /timezone and their buttons (🔔 Notify me, Unwatch).

Parse, call ``Watchlists``, render with ``domain/airing/text.py``, reply.
Watchlist buttons carry a session (source "watch") like search results, so
the strict verification in ``app/wiring/buttons.py`` covers them too.
"""

from __future__ import annotations

from pyrogram import Client, types

from app.airing.formats import BABEL_FORMATS as FORMATS
from app.telegram.callbacks import Action
from app.telegram.cards import edit_view
from app.telegram.keyboards import Button, cb, nav_row
from app.telegram.lookups import command_argument, replied_text, sender_id
from app.telegram.replies import reply
from app.telegram.sessions import SearchSession
from app.wiring.commands import CommandSpec
from app.wiring.context import Services
from app.wiring.routing import CommandRoute
from domain.airing import text as watch_text
from domain.errors import InvalidInput
from domain.i18n import N_, gettext
from domain.mydramalist.links import find_mdl_link, is_slug
from domain.paging import page_of
from domain.queries import clean_query

SOURCE = "watch"
WATCH_USAGE = N_(
    "Usage: /watch <MyDramaList link or title> — for example: "
    "/watch https://mydramalist.com/18452-goblin"
)
UNWATCH_USAGE = N_(
    "Usage: /unwatch <MyDramaList link or title> — or the Unwatch buttons of /watchlist"
)
INVALID = N_("This button is no longer valid.")


def _slug_in(text: str) -> str | None:
    text = text.strip()
    return find_mdl_link(text) or (text if is_slug(text) else None)


async def watch_command(client: Client, message: types.Message, services: Services) -> None:
    argument = command_argument(message) or replied_text(message)
    watchlists, user_id = services.watching.watchlists, sender_id(message)
    slug, found_by = _slug_in(argument), ""
    if slug is None:
        found_by = clean_query(argument, gettext(WATCH_USAGE))
        slug, _ = await watchlists.slug_of_query(found_by)
    await _confirm(message, services, user_id, slug, found_by)


async def _confirm(
    message: types.Message, services: Services, user_id: int, slug: str, found_by: str = ""
) -> None:
    watchlists = services.watching.watchlists
    watched = await watchlists.watch(user_id, slug)
    zone = await watchlists.zone(user_id)
    now = services.clock.now()
    await reply(
        message, watch_text.watching(watched.drama, watched.added, zone, now, found_by, FORMATS)
    )


async def notify_from_card(query: types.CallbackQuery, services: Services, slug: str) -> None:
    """The card's 🔔 Notify me: the confirmation goes to the card's chat."""
    assert query.message is not None
    await _confirm(query.message, services, query.from_user.id, slug)
    await query.answer(gettext("🔔 Watching it"))


async def unwatch_command(client: Client, message: types.Message, services: Services) -> None:
    argument = " ".join(command_argument(message).split())
    if not argument:
        raise InvalidInput(gettext("Which drama?"), hint=gettext(UNWATCH_USAGE))
    user_id = sender_id(message)
    watchlists = services.watching.watchlists
    slug = _slug_in(argument)
    if slug is None:  # a title from the user's own list, in any case
        entries = await watchlists.entries(user_id)
        slug = next((w.slug for w, _ in entries if w.title.casefold() == argument.casefold()), None)
    removed = await watchlists.unwatch(user_id, slug) if slug else None
    if removed is None:
        raise InvalidInput(gettext("You do not watch that drama."), hint=gettext("See /watchlist."))
    await reply(message, watch_text.unwatched([removed.title]))


async def watchlist_view(
    services: Services, user_id: int, page_number: int
) -> tuple[str, types.InlineKeyboardMarkup | None]:
    watchlists = services.watching.watchlists
    entries = await watchlists.entries(user_id)
    zone = await watchlists.zone(user_id)
    page = page_of(entries, page_number, watch_text.WATCHLIST_PAGE_SIZE)
    text = watch_text.watchlist(page, len(entries), zone, services.clock.now(), FORMATS)
    if not entries:
        return text, None
    session = await services.sessions.create(user_id, SOURCE, "", [w.slug for w, _ in entries])
    rows: list[list[Button]] = [
        [cb(watch_text.unwatch_label(n, w.title, FORMATS), Action("wu", session.id, n - 1))]
        for n, (w, _) in enumerate(page.items, start=page.first_index + 1)
    ]
    nav = nav_row(page, "wp", session.id)
    if nav:
        rows.append(nav)
    return text, types.InlineKeyboardMarkup(rows)


async def watchlist_command(client: Client, message: types.Message, services: Services) -> None:
    text, keyboard = await watchlist_view(services, sender_id(message), 0)
    await reply(message, text, keyboard)


async def timezone_command(client: Client, message: types.Message, services: Services) -> None:
    argument = command_argument(message).strip()
    watchlists, user_id = services.watching.watchlists, sender_id(message)
    if not argument:
        await reply(message, watch_text.zone_is(await watchlists.zone(user_id)))
        return
    zone = await watchlists.set_zone(user_id, argument)
    await reply(message, watch_text.zone_set(zone, services.clock.now(), FORMATS))


async def on_button(
    client: Client,
    query: types.CallbackQuery,
    services: Services,
    action: Action,
    session: SearchSession,
) -> None:
    """A verified press of the watchlist's owner: a page, or Unwatch."""
    message = query.message
    assert message is not None
    page_number, note = action.a, None
    if action.op == "wu":
        if not 0 <= action.a < len(session.ids):
            await query.answer(gettext(INVALID), show_alert=True)
            return
        removed = await services.watching.watchlists.unwatch(session.user_id, session.ids[action.a])
        page_number = action.a // watch_text.WATCHLIST_PAGE_SIZE
        if removed:
            note = gettext("🔕 Unwatched {title}", title=removed.title)
        else:
            note = gettext("You no longer watch it.")
    text, keyboard = await watchlist_view(services, session.user_id, page_number)
    await edit_view(message, text, keyboard)
    await query.answer(note[:200] if note else None)


ROUTES = [
    CommandRoute(
        CommandSpec(
            "watch",
            "Get notified when new episodes air",
            usage="<link or title>",
            lookup=True,
            per_user=True,
        ),
        watch_command,
    ),
    CommandRoute(
        CommandSpec("watchlist", "Dramas you watch, with the next episode", per_user=True),
        watchlist_command,
    ),
    CommandRoute(
        CommandSpec(
            "unwatch", "Stop notifications for a drama", usage="<link or title>", per_user=True
        ),
        unwatch_command,
    ),
    CommandRoute(
        CommandSpec("timezone", "Your time zone for air times", usage="[Area/City]", per_user=True),
        timezone_command,
    ),
]
