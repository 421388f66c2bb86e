"""/imdb, /imdburl and the buttons of IMDb results and cards."""

from __future__ import annotations

from pyrogram import Client, types

from app.discover import suggest
from app.people import links as person_links
from app.telegram import lookups
from app.telegram.callbacks import Action
from app.telegram.cards import edit_view, send_card
from app.telegram.keyboards import cb, markup, url
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
from app.watch import cards as watch_cards
from app.wiring.commands import CommandSpec
from app.wiring.context import Services
from app.wiring.routing import CommandRoute
from domain.discover.suggest import IMDB
from domain.errors import InvalidInput, UpstreamUnavailable
from domain.i18n import N_, gettext
from domain.imdb import cards as imdb_cards
from domain.imdb.links import find_imdb_link, parse_imdb_link, resize_imdb_image, split_year
from domain.lookup import Fetched
from domain.queries import clean_query
from domain.titles import Movie, MovieHit
from domain.tmdb.backup import as_movie, imdb_via_tmdb

USAGE = N_("Usage: /imdb <title> [year] — for example: /imdb the matrix 1999")
URL_USAGE = N_("Usage: /imdburl <IMDb link or id> — for example: /imdburl tt0133093")
INVALID = N_("This button is no longer valid.")


async def imdb_command(client: Client, message: types.Message, services: Services) -> None:
    argument = command_argument(message)
    imdb_id = find_imdb_link(argument or replied_text(message))
    if imdb_id is not None:
        await show_card(client, message, services, imdb_id, session=None)
        return
    await send_results(message, services, clean_query(argument, gettext(USAGE)), sender_id(message))


async def send_results(
    message: types.Message, services: Services, query: str, user_id: int
) -> None:
    title, year = split_year(query)
    fetched = await services.movies.search(title, year)
    people = services.movies.people(title)
    if not fetched.value and people:
        await reply(message, imdb_cards.people_note(people, titles_found=False))
        return
    if not fetched.value:
        await suggest.nothing_found(
            message,
            services,
            title,
            [IMDB],
            gettext(
                "No IMDb titles found for “{query}”. Tip: check the spelling or drop the year.",
                query=query,
            ),
            user_id,
        )
        return
    ids = [hit.imdb_id for hit in fetched.value]
    session = await services.sessions.create(user_id, "imdb", query, ids)
    text, keyboard = results_view(session, fetched, 0)
    note = imdb_cards.people_note(people, titles_found=True)
    await reply(message, f"{text}\n\n{note}" if note else text, keyboard)


async def imdburl_command(client: Client, message: types.Message, services: Services) -> None:
    argument = command_argument(message) or replied_text(message)
    if not argument:
        raise InvalidInput(gettext("Send me an IMDb link or id."), hint=gettext(URL_USAGE))
    imdb_id = find_imdb_link(argument) or parse_imdb_link(argument)
    await show_card(client, message, services, imdb_id, session=None)


def results_view(
    session: SearchSession, fetched: Fetched[list[MovieHit]], page_number: int
) -> tuple[str, types.InlineKeyboardMarkup]:
    return lookups.results_view(
        session,
        fetched,
        page_number,
        source="IMDb",
        prefix="i",
        page_size=imdb_cards.RESULTS_PAGE_SIZE,
        text=imdb_cards.results_text,
        label=imdb_cards.hit_label,
    )


async def card_html(services: Services, user_id: int, fetched: Fetched[Movie]) -> str:
    """The card in the user's own template (or the default), as a lookup sends it."""
    template, _ = await services.templates.for_card(user_id, "imdb")
    html = imdb_cards.movie_card(fetched.value, template, services.settings.template_empty_value)
    return html + stale_note("IMDb", fetched.stale)


def card_keyboard(
    movie: Movie, session: SearchSession, index: int, watch: watch_cards.Rows | None = None
) -> types.InlineKeyboardMarkup | None:
    # An episode links to its series' card; the id is checked again on arrival.
    series = movie.extra.get("series_id", "")
    return markup(
        [
            [cb(gettext("📺 Series card"), Action("is", session.id, index))] if series else [],
            # Director and stars, each openable (app/people/links.py).
            person_links.people_button(movie, session, index),
            [url(gettext("🔗 Open on IMDb"), movie.url)]
            if movie.url.startswith("https://")
            else [],
            [cb(gettext("🎎 Search on MyDramaList"), Action("ix", session.id, index))],
            *(watch or []),  # 📺 Where to watch, ▶️ Trailer (app/watch/cards.py)
            [cb(gettext("« Back to results"), Action("ib", session.id))] if session.query else [],
        ]
    )


async def show_card(
    client: Client,
    message: types.Message,
    services: Services,
    imdb_id: str,
    session: SearchSession | None,
    index: int = 0,
    user_id: int | None = None,
) -> None:
    tmdb = watch_cards.start(services, lambda tmdb: tmdb.lookup.for_imdb(imdb_id))
    via_tmdb = ""
    try:
        fetched = await services.movies.details(imdb_id)
    except UpstreamUnavailable:
        # IMDb is down with no saved copy: TMDB's basic card, found by the exact IMDb id.
        extras = await watch_cards.settle(services, tmdb)
        if extras.title is None:
            raise
        fetched, via_tmdb = Fetched(as_movie(extras.title, imdb_id)), imdb_via_tmdb()
    except BaseException:
        watch_cards.drop(tmdb)
        raise
    if session is None:
        uid = user_id if user_id is not None else sender_id(message)
        session = await services.sessions.create(uid, "imdb", "", [imdb_id])
    await services.recent.record(session.user_id, "imdb", imdb_id)
    movie = fetched.value
    html = await card_html(services, session.user_id, fetched) + via_tmdb
    extras = await watch_cards.settle(services, tmdb)
    watch = watch_cards.rows(services, extras, "iv", session, index)
    await send_card(
        client,
        chat_id_of(message),
        html,
        resize_imdb_image(movie.cover_url) if movie.cover_url else "",
        card_keyboard(movie, session, index, watch),
        services.http,
        reply_to=quote_in_groups(message),
        backup_poster=extras.title.poster if extras.title is not None else "",
    )


async def on_button(
    client: Client,
    query: types.CallbackQuery,
    services: Services,
    action: Action,
    session: SearchSession,
) -> None:
    """Handle a verified IMDb button press of the session's owner."""
    message = query.message
    assert message is not None
    if action.op == "ip":
        fetched = await services.movies.search(*split_year(session.query))
        text, keyboard = results_view(session, fetched, action.a)
        await edit_view(message, text, keyboard)
        await query.answer()
        return
    if action.op == "ib":
        await query.answer(gettext("Back to the results above."))
        await message.delete()
        return
    if not 0 <= action.a < len(session.ids):
        await query.answer(gettext(INVALID), show_alert=True)
        return
    imdb_id = session.ids[action.a]
    if action.op == "is":
        await show_series(client, query, services, imdb_id, session)
        return
    await show_card(client, message, services, imdb_id, session, action.a)
    # After the card: a failed lookup is reported through this query's one answer.
    await query.answer()


async def show_series(
    client: Client,
    query: types.CallbackQuery,
    services: Services,
    episode_id: str,
    session: SearchSession,
) -> None:
    """The series card of an episode, as a new card in the same chat."""
    message = query.message
    assert message is not None
    episode = await services.movies.details(episode_id)
    series_id = episode.value.extra.get("series_id", "")
    if not series_id:
        await query.answer(gettext("This title is not an episode of a series."), show_alert=True)
        return
    series_id = parse_imdb_link(series_id)  # upstream data: only a well-formed id goes on
    await show_card(client, message, services, series_id, None, user_id=session.user_id)
    await query.answer()


ROUTES = [
    CommandRoute(
        CommandSpec(
            "imdb", "Search IMDb for movies and series", usage="<title> [year]", lookup=True
        ),
        imdb_command,
    ),
    CommandRoute(
        CommandSpec("imdburl", "Open an IMDb link or id", usage="<link or id>", lookup=True),
        imdburl_command,
    ),
]
