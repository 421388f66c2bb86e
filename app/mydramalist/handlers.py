"""/mdl, /mdlurl and the buttons of MyDramaList results and cards."""

from __future__ import annotations

from typing import Any

from pyrogram import Client, types

from app.airing import handlers as watch
from app.discover import suggest
from app.mydramalist import views
from app.people import links as person_links
from app.telegram import lookups
from app.telegram.callbacks import Action
from app.telegram.cards import edit_view, poster_preview, send_card
from app.telegram.keyboards import cb, markup, nav_row, url
from app.telegram.lookups import (
    chat_id_of,
    command_argument,
    quote_in_groups,
    replied_text,
    sender_id,
    stale_note,
)
from app.telegram.replies import reply
from app.telegram.sessions import SearchSession
from app.watch import backup as watch_backup
from app.watch import cards as watch_cards
from app.watch.matching import drama_facts
from app.wiring.commands import CommandSpec
from app.wiring.context import Services
from app.wiring.routing import CommandRoute
from domain.discover.suggest import MDL
from domain.errors import InvalidInput, NotFound, UpstreamUnavailable
from domain.i18n import N_, gettext
from domain.lookup import Fetched
from domain.mydramalist import cards as mdl_cards
from domain.mydramalist.links import find_mdl_link, mdl_url, parse_mdl_link
from domain.paging import Page
from domain.queries import clean_query
from domain.titles import Drama, DramaHit
from domain.tmdb.backup import as_drama, mdl_via_tmdb

USAGE = N_("Usage: /mdl <title> — for example: /mdl goblin")
URL_USAGE = N_(
    "Usage: /mdlurl <MyDramaList link> — for example: /mdlurl https://mydramalist.com/18452-goblin"
)
SOURCE = "MyDramaList"
INVALID = N_("This button is no longer valid.")


async def mdl_command(client: Client, message: types.Message, services: Services) -> None:
    argument = command_argument(message)
    slug = find_mdl_link(argument or replied_text(message))
    if slug is not None:
        await show_card(client, message, services, slug, session=None)
        return
    await send_results(message, services, clean_query(argument, gettext(USAGE)), sender_id(message))


async def send_results(
    message: types.Message, services: Services, query: str, user_id: int
) -> None:
    fetched = await services.dramas.search(query)
    people = services.dramas.people(query)
    if not fetched.value and people:
        await reply(message, mdl_cards.people_note(people, titles_found=False))
        return
    if not fetched.value:
        await suggest.nothing_found(
            message,
            services,
            query,
            [MDL],
            gettext(
                "No dramas found for “{query}”. Tip: check the spelling, "
                "or try the English or native title.",
                query=query,
            ),
            user_id,
        )
        return
    session = await services.sessions.create(user_id, "mdl", query, [h.slug for h in fetched.value])
    text, keyboard = results_view(session, fetched, 0)
    note = mdl_cards.people_note(people, titles_found=True)
    await reply(message, f"{text}\n\n{note}" if note else text, keyboard)


async def mdlurl_command(client: Client, message: types.Message, services: Services) -> None:
    argument = command_argument(message) or replied_text(message)
    if not argument:
        raise InvalidInput(gettext("Send me a MyDramaList link."), hint=gettext(URL_USAGE))
    slug = find_mdl_link(argument) or parse_mdl_link(argument)
    await show_card(client, message, services, slug, session=None)


def results_view(
    session: SearchSession, fetched: Fetched[list[DramaHit]], page_number: int
) -> tuple[str, types.InlineKeyboardMarkup]:
    return lookups.results_view(
        session,
        fetched,
        page_number,
        source=SOURCE,
        prefix="m",
        page_size=mdl_cards.RESULTS_PAGE_SIZE,
        text=mdl_cards.results_text,
        label=mdl_cards.hit_label,
    )


def has_episodes(drama: Drama) -> bool:
    return not drama.type.casefold().endswith("movie")


def card_keyboard(
    drama: Drama, session: SearchSession, index: int, watch: watch_cards.Rows | None = None
) -> types.InlineKeyboardMarkup | None:
    return markup(
        [
            [
                cb(gettext("👥 Cast"), Action("mc", session.id, index)),
                # A movie has no episodes page on MyDramaList: offer only what exists.
                *(
                    [cb(gettext("📺 Episodes"), Action("me", session.id, index))]
                    if has_episodes(drama)
                    else []
                ),
            ],
            [url(gettext("🔗 Open on MyDramaList"), drama.link)]
            if drama.link.startswith("https://")
            else [],
            [cb(gettext("🎬 Search on IMDb"), Action("mx", session.id, index))],
            views.card_buttons(session, index),
            # Only an ongoing or upcoming drama has airings to announce.
            [cb(gettext("🔔 Notify me"), Action("mw", session.id, index))]
            if drama.next_episode
            else [],
            *(watch or []),  # 📺 Where to watch, ▶️ Trailer (app/watch/cards.py)
            [cb(gettext("« Back to results"), Action("mb", session.id))] if session.query else [],
        ]
    )


async def card_html(services: Services, user_id: int, fetched: Fetched[Drama]) -> str:
    """The card in the user's own template (or the default), as a lookup sends it."""
    template, _ = await services.templates.for_card(user_id, "mdl")
    html = mdl_cards.drama_card(fetched.value, template, services.settings.template_empty_value)
    return html + stale_note(SOURCE, fetched.stale)


async def show_card(
    client: Client,
    message: types.Message,
    services: Services,
    slug: str,
    session: SearchSession | None,
    index: int = 0,
) -> None:
    via_tmdb = ""
    try:
        fetched = await services.dramas.details(slug)
    except NotFound:
        raise NotFound(
            gettext(
                "MyDramaList has no title at “{slug}”. Check the link, "
                "or search with /mdl <title>.",
                slug=slug,
            )
        ) from None
    except UpstreamUnavailable:
        # No saved copy either: TMDB's basic card, when the title is surely known there.
        backup = await watch_backup.drama_title(services, slug, session)
        if backup is None:
            raise
        fetched = Fetched(as_drama(backup.value, slug, mdl_url(slug)))
        via_tmdb = mdl_via_tmdb()
    if session is None:
        session = await services.sessions.create(sender_id(message), "mdl", "", [slug])
    await services.recent.record(session.user_id, "mdl", slug)
    drama = fetched.value
    extras = await drama_extras(services, drama, bool(via_tmdb))
    await send_card(
        client,
        chat_id_of(message),
        await card_html(services, session.user_id, fetched) + via_tmdb,
        drama.poster,
        card_keyboard(
            drama, session, index, watch_cards.rows(services, extras, "mv", session, index)
        ),
        services.http,
        reply_to=quote_in_groups(message),
        backup_poster=extras.title.poster if extras.title is not None else "",
    )


async def drama_extras(
    services: Services, drama: Drama, from_tmdb: bool = False
) -> watch_cards.CardExtras:
    """The card's TMDB match (trailer, poster), within the card budget."""
    if from_tmdb:
        # The card is TMDB's own: its match is known and cached.
        task = watch_cards.start(services, lambda t: t.lookup.matched_drama(drama.slug))
    else:
        # The facts are worked out only when TMDB is on (start calls this lambda).
        task = watch_cards.start(
            services, lambda t: t.lookup.for_drama(drama.slug, drama_facts(drama))
        )
    return await watch_cards.settle(services, task)


def subview_keyboard(
    page: Page[Any], op: str, session: SearchSession, index: int
) -> types.InlineKeyboardMarkup | None:
    back = cb(gettext("« Back to card"), Action("mk", session.id, index))
    return markup([nav_row(page, op, session.id, index), [back]])


async def on_button(
    client: Client,
    query: types.CallbackQuery,
    services: Services,
    action: Action,
    session: SearchSession,
) -> None:
    """Handle a verified MyDramaList button press of the session's owner."""
    message = query.message
    assert message is not None
    if action.op == "mp":
        fetched = await services.dramas.search(session.query)
        text, keyboard = results_view(session, fetched, action.a)
        await edit_view(message, text, keyboard)
        await query.answer()
        return
    if action.op == "mb":
        await query.answer(gettext("Back to the results above."))
        await message.delete()
        return
    if not 0 <= action.a < len(session.ids):
        await query.answer(gettext(INVALID), show_alert=True)
        return
    slug = session.ids[action.a]
    if action.op == "mo":
        # Answered after the work, so that a failure's alert is the press's one answer.
        await show_card(client, message, services, slug, session, action.a)
        await query.answer()
    elif action.op == "mk":
        card = await services.dramas.details(slug)
        extras = await drama_extras(services, card.value)
        tmdb_rows = watch_cards.rows(services, extras, "mv", session, action.a)
        card_markup = card_keyboard(card.value, session, action.a, tmdb_rows)
        html = await card_html(services, session.user_id, card)
        await edit_view(message, html, card_markup, poster_preview(card.value.poster))
        await query.answer()
    elif action.op == "mc":
        cast = await services.dramas.cast(slug)
        text, cast_page = mdl_cards.cast_text(cast.value, action.b)
        text += stale_note(SOURCE, cast.stale)  # a saved copy says so in every view
        cast_keyboard = subview_keyboard(cast_page, "mc", session, action.a)
        # Each member with a person page can be opened (app/people/links.py).
        people = person_links.cast_buttons(cast.value, cast_page, session, action.a)
        if cast_keyboard is not None and people:
            cast_keyboard.inline_keyboard[:0] = people
        await edit_view(message, text, cast_keyboard)
        await query.answer()
    elif action.op == "mw":
        await watch.notify_from_card(query, services, slug)
    elif action.op == "ms":
        await views.show_similar(query, services, session, action)
    elif action.op == "mr":
        await views.show_reviews(query, services, session, action)
    elif action.op == "my":
        related = await views.related_slug(services, session, action)
        if related is None:
            await query.answer(gettext(INVALID), show_alert=True)
            return
        card_session = await services.sessions.create(session.user_id, "mdl", "", [related])
        await show_card(client, message, services, related, card_session)
        await query.answer()
    elif action.op == "me":
        episodes = await services.dramas.episodes(slug)
        text, episode_page = mdl_cards.episodes_text(episodes.value, action.b)
        text += stale_note(SOURCE, episodes.stale)
        await edit_view(message, text, subview_keyboard(episode_page, "me", session, action.a))
        await query.answer()


ROUTES = [
    CommandRoute(
        CommandSpec("mdl", "Search MyDramaList", usage="<title or link>", lookup=True), mdl_command
    ),
    CommandRoute(
        CommandSpec("mdlurl", "Open a MyDramaList link", usage="<link>", lookup=True),
        mdlurl_command,
    ),
]
