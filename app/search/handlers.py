"""/search and plain text in a private chat: MyDramaList and IMDb in one answer.

A pasted MyDramaList or IMDb link opens that card directly, as /mdlurl or
/imdburl would. Otherwise both sources are asked at once (``CombinedSearch``)
and their best hits come back as one list, labelled by source, each with a
button that opens the source's own card.
"""

from __future__ import annotations

import re

from pyrogram import Client, enums, filters, types

from app.discover import suggest
from app.imdb import handlers as imdb
from app.mydramalist import handlers as mdl
from app.people import handlers as people
from app.search.saved_results import SavedResults
from app.telegram.callbacks import Action
from app.telegram.cards import edit_view
from app.telegram.keyboards import Button, cb, markup, nav_row
from app.telegram.lookups import command_argument, replied_text, sender_id
from app.telegram.replies import reply
from app.telegram.sessions import SearchSession
from app.wiring.commands import CommandSpec
from app.wiring.context import Services
from app.wiring.routing import CommandRoute
from domain.discover.suggest import IMDB, MDL
from domain.i18n import N_, gettext
from domain.imdb import cards as imdb_cards
from domain.imdb.links import find_imdb_link, split_year
from domain.mydramalist.cards import people_note
from domain.mydramalist.links import find_mdl_link
from domain.queries import clean_query
from domain.search.merge import Combined, Status
from domain.search.service import CombinedSearch
from domain.search.text import IMDB_SIDE, MDL_SIDE, button_labels, nothing_found, results_page
from infra.i18n.formatting import format_number

USAGE = N_("Usage: /search <title> — for example: /search parasite (or just send me a title)")
SOURCE = "search"
EXPIRED = N_("These results have expired. Please search again.")
INVALID = N_("This button is no longer valid.")

# Plain text in a private chat: not a command, not an inline result sent through a bot.
PLAIN_TEXT = filters.private & filters.text & ~filters.regex(r"^/") & ~filters.via_bot


async def _mentions_me(_: object, client: Client, message: types.Message) -> bool:
    username = client.me.username if client.me else None
    return bool(username) and f"@{username}".casefold() in (message.text or "").casefold()


# In a group the bot speaks only when spoken to: a command, or a message naming it.
MENTION = (
    filters.group
    & filters.text
    & ~filters.regex(r"^/")
    & ~filters.via_bot
    & filters.create(_mentions_me)
)


async def search_command(client: Client, message: types.Message, services: Services) -> None:
    argument = command_argument(message)
    if await open_link(client, message, services, argument or replied_text(message)):
        return
    await send_results(message, services, clean_query(argument, gettext(USAGE)), sender_id(message))


async def plain_text(client: Client, message: types.Message, services: Services) -> None:
    text = message.text or ""
    if await open_link(client, message, services, text):
        return
    await send_results(message, services, clean_query(text, gettext(USAGE)), sender_id(message))


async def mention(client: Client, message: types.Message, services: Services) -> None:
    """``@bot goblin`` written in a group: search what follows the mention."""
    me = client.me
    name = re.escape(f"@{me.username}") if me and me.username else "@"
    text = " ".join(re.sub(name, " ", message.text or "", flags=re.IGNORECASE).split())
    if await open_link(client, message, services, text):
        return
    await send_results(message, services, clean_query(text, gettext(USAGE)), sender_id(message))


async def open_link(client: Client, message: types.Message, services: Services, text: str) -> bool:
    """Open the card of the first MyDramaList or IMDb link in ``text``; False when none."""
    slug = find_mdl_link(text)
    if slug is not None:
        await mdl.show_card(client, message, services, slug, session=None)
        return True
    imdb_id = find_imdb_link(text)
    if imdb_id is not None:
        await imdb.show_card(client, message, services, imdb_id, session=None)
        return True
    return False


async def send_results(
    message: types.Message, services: Services, query: str, user_id: int
) -> None:
    budget = services.settings.search_budget
    finder = CombinedSearch(services.dramas, services.movies, budget, services.background)
    combined = await finder.search(query)
    # The people each source matched come from the answers just read (no new call).
    answered = Status.ANSWERED
    mdl_people = services.dramas.people(query) if combined.mdl.status is answered else []
    imdb_people = (
        services.movies.people(split_year(query)[0]) if combined.imdb.status is answered else []
    )
    notes = [
        note
        for note in (
            people_note(mdl_people, titles_found=bool(combined.rows)),
            imdb_cards.people_note(imdb_people, titles_found=bool(combined.rows)),
        )
        if note
    ]
    # In a private chat, the people found can be opened right here.
    people_rows = (
        await people.offered(services, user_id, query, mdl_people, imdb_people)
        if message.chat is not None and message.chat.type == enums.ChatType.PRIVATE
        else []
    )
    if not combined.rows and notes:
        await reply(message, "\n\n".join(notes), markup(people_rows))
        return
    if not combined.rows:
        await suggest.nothing_found(
            message,
            services,
            split_year(query)[0],
            [MDL, IMDB],
            nothing_found(query, combined),
            user_id,
        )
        return
    # Two ids per row, "" where a source did not find it: "so" buttons carry (row, side).
    ids = [
        hit_id
        for row in combined.rows
        for hit_id in (row.drama.slug if row.drama else "", row.movie.imdb_id if row.movie else "")
    ]
    session = await services.sessions.create(user_id, SOURCE, query, ids)
    await SavedResults(services.cache).save(session.id, combined)
    text, keyboard = results_view(session, combined, 0)
    keyboard.inline_keyboard.extend(people_rows)
    await reply(message, "\n\n".join([text, *notes]), keyboard)


def results_view(
    session: SearchSession, combined: Combined, page_number: int
) -> tuple[str, types.InlineKeyboardMarkup]:
    text, page = results_page(session.query, combined, page_number, format_number)
    rows: list[list[Button]] = []
    for index, row in enumerate(page.items, start=page.first_index):
        labels = button_labels(index + 1, row)
        rows.append([cb(label, Action("so", session.id, index, side)) for label, side in labels])
    nav = nav_row(page, "sp", session.id)
    if nav:
        rows.append(nav)
    return text, types.InlineKeyboardMarkup(rows)


async def on_button(
    client: Client,
    query: types.CallbackQuery,
    services: Services,
    action: Action,
    session: SearchSession,
) -> None:
    """Handle a verified button press of the searcher on a combined results message."""
    message = query.message
    assert message is not None
    if action.op == "sp":
        combined = await SavedResults(services.cache).load(session.id)
        if combined is None:
            await query.answer(gettext(EXPIRED), show_alert=True)
            return
        text, keyboard = results_view(session, combined, action.a)
        await edit_view(message, text, keyboard)
        await query.answer()
        return
    index = 2 * action.a + action.b
    if action.b not in (MDL_SIDE, IMDB_SIDE) or not 0 <= index < len(session.ids):
        await query.answer(gettext(INVALID), show_alert=True)
        return
    title_id = session.ids[index]
    if not title_id:
        await query.answer(gettext(INVALID), show_alert=True)
        return
    # The card gets a session of its source, so its own buttons work for the same user.
    if action.b == MDL_SIDE:
        card = await services.sessions.create(session.user_id, "mdl", session.query, [title_id])
        await mdl.show_card(client, message, services, title_id, card)
    else:
        card = await services.sessions.create(session.user_id, "imdb", session.query, [title_id])
        await imdb.show_card(client, message, services, title_id, card)
    # After the card: a failed lookup is reported through this query's one answer.
    await query.answer()


ROUTES = [
    CommandRoute(
        CommandSpec(
            "search", "Search MyDramaList and IMDb at once", usage="<title or link>", lookup=True
        ),
        search_command,
    ),
]
