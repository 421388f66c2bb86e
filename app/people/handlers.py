"""/person <name>: people on MyDramaList and IMDb in one list, and its buttons.

Each row of the list is one person, with a button per source that has them (a
person found on both, same name and birth year, is one row with two buttons).
"""

from __future__ import annotations

from pyrogram import Client, types

from app.people import cards
from app.people.saved import ListNotes, SavedNotes, SavedPeople
from app.telegram.callbacks import Action
from app.telegram.cards import edit_view
from app.telegram.keyboards import Button, cb, nav_row
from app.telegram.lookups import command_argument, sender_id
from app.telegram.replies import reply
from app.telegram.sessions import SearchSession
from app.wiring.commands import CommandSpec
from app.wiring.context import Services
from app.wiring.routing import CommandRoute
from domain.errors import InvalidInput, NotFound, UpstreamUnavailable
from domain.i18n import N_, gettext
from domain.paging import page_of
from domain.people import cards as person_cards
from domain.people.links import find_person_link
from domain.people.lookup import PeopleFound, SideResult, imdb_person_hits, mdl_person_hits
from domain.people.merge import PeopleRow, merge_people
from domain.people.models import MDL
from domain.queries import clean_query
from domain.titles import DramaHit, MovieHit

USAGE = N_("Usage: /person <name> — for example: /person gong yoo")
SOURCE = cards.SOURCE
EXPIRED = N_("These results have expired. Please search again.")
MDL_SIDE, IMDB_SIDE = 0, 1


async def person_command(client: Client, message: types.Message, services: Services) -> None:
    argument = command_argument(message)
    ref = find_person_link(argument)
    if ref is not None:  # a pasted MyDramaList or IMDb person link opens that card
        await cards.send_person(client, message, services, ref, sender_id(message))
        return
    query = clean_query(argument, gettext(USAGE))
    found = await services.people.search(query)
    await send_people(message, services, query, found, sender_id(message))


STALE = N_("⚠️ A source is not answering; some of this is a saved copy.")


def _raise_nothing(query: str, found: PeopleFound) -> None:
    """Nobody found: "not answering" when neither source answered, else "not found"."""
    errors = [side.error for side in (found.mdl, found.imdb) if side.error is not None]
    if len(found.missing()) == 2:
        raise UpstreamUnavailable("MyDramaList and IMDb", "person search")
    refused = [e for e in errors if isinstance(e, InvalidInput)]
    if refused:
        raise refused[0]
    raise NotFound(person_cards.nobody_found(query, found.missing()))


async def send_people(
    message: types.Message,
    services: Services,
    query: str,
    found: PeopleFound,
    user_id: int,
) -> None:
    if not found.rows:
        _raise_nothing(query, found)
    session = await create_session(services, user_id, query, found.rows)
    if found.missing() or found.stale:
        await SavedNotes(services.cache).save(session.id, ListNotes(found.missing(), found.stale))
    text, keyboard = results_view(session, found.rows, 0, found.missing(), found.stale)
    await reply(message, text, keyboard)


async def create_session(
    services: Services, user_id: int, query: str, rows: list[PeopleRow]
) -> SearchSession:
    # Two references per row, "" where a source does not have the person.
    ids = [
        ref
        for row in rows
        for ref in (row.mdl.ref if row.mdl else "", row.imdb.ref if row.imdb else "")
    ]
    session = await services.sessions.create(user_id, SOURCE, query, ids)
    await SavedPeople(services.cache).save(session.id, rows)
    return session


def row_buttons(index: int, row: PeopleRow, session: SearchSession) -> list[Button]:
    number = f"{index + 1}. {row.name}"
    both = row.mdl is not None and row.imdb is not None
    buttons = []
    if row.mdl is not None:
        label = f"{number[:44]} · MDL" if both else f"{number[:50]} · MyDramaList"
        buttons.append(cb(label, Action("po", session.id, index, MDL_SIDE)))
    if row.imdb is not None:
        label = "IMDb" if both else f"{number[:50]} · IMDb"
        buttons.append(cb(label, Action("po", session.id, index, IMDB_SIDE)))
    return buttons


def results_view(
    session: SearchSession,
    rows: list[PeopleRow],
    page_number: int,
    missing: list[str],
    stale: bool = False,
) -> tuple[str, types.InlineKeyboardMarkup]:
    page = page_of(rows, page_number, person_cards.RESULTS_PAGE_SIZE)
    text = person_cards.results_text(session.query, page, len(rows), missing, cards.count)
    if stale:
        text += f"\n\n<i>{gettext(STALE)}</i>"
    keyboard = [row_buttons(i, row, session) for i, row in enumerate(page.items, page.first_index)]
    nav = nav_row(page, "pp", session.id)
    if nav:
        keyboard.append(nav)
    return text, types.InlineKeyboardMarkup(keyboard)


OFFERED = 3  # people per source a title search offers, as its note names them


async def offered(
    services: Services,
    user_id: int,
    query: str,
    mdl_people: list[DramaHit],
    imdb_people: list[MovieHit],
) -> list[list[Button]]:
    """Buttons opening the people a title search found (a people session of their own).

    Without their pages no birth years are known, so none are merged: one button each.
    """
    rows = merge_people(
        mdl_person_hits(mdl_people)[:OFFERED], imdb_person_hits(imdb_people)[:OFFERED], {}
    )
    if not rows:
        return []
    session = await create_session(services, user_id, query, rows)
    return [
        [cb(f"👤 {hit.name}"[:48] + f" · {name}", Action("po", session.id, index, side))]
        for index, row in enumerate(rows)
        for side, hit, name in ((MDL_SIDE, row.mdl, "MyDramaList"), (IMDB_SIDE, row.imdb, "IMDb"))
        if hit is not None
    ]


async def search_other_source(
    message: types.Message, services: Services, session: SearchSession, index: int
) -> None:
    """The person's name searched on the source their card is not from."""
    person = (await services.people.person(session.ids[index])).value
    if person.source == MDL:
        side = await services.people.search_imdb(person.name)
        found = PeopleFound(merge_people([], side.hits, {}), SideResult([]), side)
    else:
        side = await services.people.search_mdl(person.name)
        found = PeopleFound(merge_people(side.hits, [], {}), side, SideResult([]))
    if side.error is not None:
        raise side.error
    await send_people(message, services, person.name, found, session.user_id)


async def on_button(
    client: Client,
    query: types.CallbackQuery,
    services: Services,
    action: Action,
    session: SearchSession,
) -> None:
    """A verified press on a people list or a person card, by its owner."""
    message = query.message
    assert message is not None
    if action.op == "pp":
        rows = await SavedPeople(services.cache).load(session.id)
        if rows is None:
            await query.answer(gettext(EXPIRED), show_alert=True)
            return
        notes = await SavedNotes(services.cache).load(session.id) or ListNotes()
        text, keyboard = results_view(session, rows, action.a, notes.missing, notes.stale)
        await edit_view(message, text, keyboard)
        await query.answer()
        return
    if action.op == "pb":
        await query.answer(gettext("Back to the results above."))
        await message.delete()
        return
    if action.op == "po":
        index = 2 * action.a + action.b
        if action.b not in (MDL_SIDE, IMDB_SIDE) or not 0 <= index < len(session.ids):
            await query.answer(gettext(cards.INVALID), show_alert=True)
            return
        ref = session.ids[index]
        if not ref:
            await query.answer(gettext(cards.INVALID), show_alert=True)
            return
        await cards.send_person(client, message, services, ref, session.user_id, session.query)
        await query.answer()
        return
    if not 0 <= action.a < len(session.ids) or not session.ids[action.a]:
        await query.answer(gettext(cards.INVALID), show_alert=True)
        return
    if action.op == "pw":
        await cards.show_works(message, services, session, action.a, action.b)
    elif action.op == "pk":
        await cards.back_to_card(message, services, session, action.a)
    elif action.op == "pt":
        await cards.open_work(client, query, services, session, action.a, action.b)
        return
    elif action.op == "px":
        await search_other_source(message, services, session, action.a)
    else:
        await query.answer(gettext(cards.INVALID), show_alert=True)
        return
    await query.answer()


ROUTES = [
    CommandRoute(
        CommandSpec(
            "person",
            "Find an actor, director or writer on MyDramaList and IMDb",
            usage="<name>",
            lookup=True,
        ),
        person_command,
    ),
]
