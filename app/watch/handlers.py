"""/region, the 📺 Where to watch button of cards, and the country buttons of its view."""

from __future__ import annotations

from pyrogram import Client, types

from app.help import handlers as basic
from app.telegram.callbacks import Action
from app.telegram.cards import edit_view
from app.telegram.keyboards import cb, markup, url
from app.telegram.lookups import command_argument, sender_id
from app.telegram.replies import reply
from app.telegram.sessions import SearchSession
from app.watch import matching
from app.watch.countries import local_country_code, local_country_name
from app.wiring.commands import CommandSpec
from app.wiring.context import Services
from app.wiring.routing import CommandRoute
from domain.errors import NotFound, UpstreamUnavailable
from domain.i18n import N_, gettext
from domain.lookup import Fetched
from domain.tmdb import text as watch_text
from domain.tmdb.models import TmdbTitle
from domain.tmdb.regions import nearest, parse_region

SOURCE = "tmdb"
OFF = N_("📺 Where to watch is not set up on this bot.")
INVALID = N_("This button is no longer valid.")
RESET_WORDS = {"reset", "auto", "automatic", "clear", "off"}
NEARBY = 3


async def region_command(client: Client, message: types.Message, services: Services) -> None:
    streaming = services.tmdb
    if streaming is None:
        # Without a TMDB key the bot has no such command, exactly as before.
        await basic.unknown_command(client, message, services)
        return
    argument = command_argument(message).strip()
    user_id = sender_id(message)
    language = message.from_user.language_code if message.from_user else None
    if not argument:
        region, why = await streaming.region_of(user_id, language)
        await reply(message, watch_text.region_is(region, why, local_country_name))
        return
    if argument.casefold() in RESET_WORDS:
        await streaming.regions.delete(user_id)
        await reply(message, gettext(watch_text.REGION_RESET))
        return
    # A country named in the user's language ("/region Korea Selatan"), else a code or English.
    region = local_country_code(argument[:60]) or parse_region(argument)
    await streaming.regions.set(user_id, region)
    await reply(message, watch_text.region_set(region, local_country_name))


def offering(title: TmdbTitle) -> list[str]:
    return [code for code, offers in title.offers.items() if offers.any()]


def view(
    title: TmdbTitle, region: str, session: SearchSession | None, stale: bool
) -> tuple[str, types.InlineKeyboardMarkup | None]:
    offers = title.offers.get(region)
    has_offers = offers is not None and offers.any()
    nearby = [] if has_offers else nearest(region, offering(title), NEARBY)
    text = watch_text.where_to_watch(title, region, nearby, stale, local_country_name)
    buttons = []
    if session is not None:
        # Each other country of the view's session, as a button that shows its offers.
        buttons = [
            cb(
                f"{watch_text.flag(code)} {local_country_name(code)}"[:40],
                Action("vc", session.id, i),
            )
            for i, code in enumerate(session.ids)
            if i > 0 and code != region
        ]
    all_offers = url(gettext("🌐 All offers on TMDB"), title.watch_url(region))
    return text, markup([buttons[:4], [all_offers]])


async def on_card_button(
    client: Client,
    query: types.CallbackQuery,
    services: Services,
    action: Action,
    session: SearchSession,
) -> None:
    """📺 Where to watch, pressed on a drama (``mv``) or movie (``iv``) card."""
    message = query.message
    assert message is not None
    streaming = services.tmdb
    if streaming is None or not streaming.active:
        await query.answer(gettext(OFF), show_alert=True)
        return
    if not 0 <= action.a < len(session.ids):
        await query.answer(gettext(INVALID), show_alert=True)
        return
    try:
        fetched: Fetched[TmdbTitle] = await matching.title_of(
            services, session.source, session.ids[action.a]
        )
    except NotFound:
        await query.answer(gettext(watch_text.NOT_ON_TMDB), show_alert=True)
        return
    except UpstreamUnavailable:
        await query.answer(gettext(watch_text.UNAVAILABLE), show_alert=True)
        return
    title = fetched.value
    region, _ = await streaming.region_of(session.user_id, query.from_user.language_code)
    others = nearest(region, offering(title), NEARBY)
    view_session = await services.sessions.create(
        session.user_id, SOURCE, "", [title.ref.key, region, *others]
    )
    text, keyboard = view(title, region, view_session, fetched.stale)
    await reply(message, text, keyboard)
    await query.answer()


async def on_button(
    client: Client,
    query: types.CallbackQuery,
    services: Services,
    action: Action,
    session: SearchSession,
) -> None:
    """A country button of a where-to-watch view (``vc``): that country's offers, in place."""
    message = query.message
    assert message is not None
    streaming = services.tmdb
    if streaming is None or not streaming.active:
        await query.answer(gettext(OFF), show_alert=True)
        return
    if action.op != "vc" or not 1 <= action.a < len(session.ids):
        await query.answer(gettext(INVALID), show_alert=True)
        return
    try:
        fetched = await streaming.title(session.ids[0])
    except (NotFound, UpstreamUnavailable, ValueError):
        await query.answer(gettext(watch_text.UNAVAILABLE), show_alert=True)
        return
    text, keyboard = view(fetched.value, session.ids[action.a], session, fetched.stale)
    await edit_view(message, text, keyboard)
    await query.answer()


ROUTES = [
    CommandRoute(
        CommandSpec(
            "region",
            "Your country for 📺 Where to watch",
            usage="[country code | reset]",
            per_user=True,
        ),
        region_command,
    ),
]
