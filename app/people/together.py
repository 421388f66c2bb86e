"""/together <name> + <name>: the titles two people have both worked on.

Both names are searched on both sources. A name that matches several people
is asked about first (a picker, "ta" for the first name, "tb" for the
second); then both people's pages (on every source that has them) give the
timeline, each title a button opening its card. The rows and the timeline are
kept beside the session (as result lists are) for the pickers and paging.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from pyrogram import Client, types

from app.imdb import handlers as imdb
from app.mydramalist import handlers as mdl
from app.people.cards import count
from app.telegram.cached_records import CachedRecords
from app.telegram.callbacks import Action
from app.telegram.cards import edit_view
from app.telegram.keyboards import Button, cb, markup, nav_row
from app.telegram.lookups import command_argument, sender_id
from app.telegram.replies import reply
from app.telegram.sessions import SESSION_TTL, SearchSession
from app.wiring.commands import CommandSpec
from app.wiring.context import Services
from app.wiring.routing import CommandRoute
from domain.errors import InvalidInput, NotFound, UpstreamUnavailable
from domain.i18n import N_, gettext
from domain.people import cards as person_cards
from domain.people.lookup import PeopleFound
from domain.people.merge import PeopleRow
from domain.people.models import Person
from domain.people.together import SharedWork, nothing_in_common, shared_works, timeline_text
from domain.queries import clean_query
from domain.text import escape, isolate

SOURCE = "together"
USAGE = N_("Usage: /together <name> + <name> — for example: /together gong yoo + kim go eun")
MAX_CHOICES = 10
EXPIRED = N_("These results have expired. Please ask again.")
INVALID = N_("This button is no longer valid.")


@dataclass(frozen=True, slots=True)
class TogetherState:
    names: list[str]
    a: list[PeopleRow]
    b: list[PeopleRow]
    # Filled once both are chosen: the two display names and the shared titles.
    chosen: list[str] = field(default_factory=list)
    shared: list[SharedWork] = field(default_factory=list)


def _records(services: Services) -> CachedRecords[TogetherState]:
    return CachedRecords(services.cache, "together", TogetherState, SESSION_TTL)


def split_names(argument: str) -> tuple[str, str]:
    first, plus, second = argument.partition("+")
    if not plus:
        raise InvalidInput(gettext("Name two people, joined by “+”."), hint=gettext(USAGE))
    return clean_query(first, gettext(USAGE)), clean_query(second, gettext(USAGE))


def _rows_or_raise(name: str, found: PeopleFound) -> list[PeopleRow]:
    if found.rows:
        return found.rows[:MAX_CHOICES]
    if len(found.missing()) == 2:
        raise UpstreamUnavailable("MyDramaList and IMDb", "person search")
    raise NotFound(person_cards.nobody_found(name, found.missing()))


async def together_command(client: Client, message: types.Message, services: Services) -> None:
    name_a, name_b = split_names(command_argument(message))
    found_a, found_b = await asyncio.gather(
        services.people.search(name_a), services.people.search(name_b)
    )
    state = TogetherState([name_a, name_b], _rows_or_raise(name_a, found_a), [])
    state = TogetherState(state.names, state.a, _rows_or_raise(name_b, found_b))
    session = await services.sessions.create(sender_id(message), SOURCE, f"{name_a} + {name_b}", [])
    await _records(services).save(session.id, state)
    text, keyboard = await next_step(services, session, state, None, None)
    await reply(message, text, keyboard)


def picker(
    session: SearchSession, state: TogetherState, first: int | None
) -> tuple[str, types.InlineKeyboardMarkup | None]:
    """Ask which of the people a name matched is meant."""
    rows = state.a if first is None else state.b
    name = state.names[0 if first is None else 1]
    lines = [gettext("🤝 Together: which “{name}” do you mean?", name=isolate(escape(name)))]
    buttons: list[list[Button]] = []
    for index, row in enumerate(rows):
        lines.append(
            f"{index + 1}. <b>{isolate(escape(row.name))}</b> — "
            f"{isolate(escape(person_cards.row_summary(row)))}"
        )
        action = (
            Action("ta", session.id, index)
            if first is None
            else Action("tb", session.id, first, index)
        )
        buttons.append([cb(f"{index + 1}. {row.name}"[:60], action)])
    return "\n".join(lines), markup(buttons)


async def next_step(
    services: Services,
    session: SearchSession,
    state: TogetherState,
    first: int | None,
    second: int | None,
) -> tuple[str, types.InlineKeyboardMarkup | None]:
    """The picker still needed, or the timeline once both people are known."""
    if first is None:
        if len(state.a) > 1:
            return picker(session, state, None)
        first = 0
    if second is None:
        if len(state.b) > 1:
            return picker(session, state, first)
        second = 0
    pages_a, pages_b = await asyncio.gather(
        _pages(services, state.a[first]), _pages(services, state.b[second])
    )
    name_a, name_b = pages_a[0].name, pages_b[0].name
    shared = shared_works(pages_a, pages_b)
    done = TogetherState(state.names, state.a, state.b, [name_a, name_b], shared)
    await _records(services).save(session.id, done)
    if not shared:
        return escape(nothing_in_common(name_a, name_b)), None
    return timeline_view(session, done, 0)


async def _pages(services: Services, row: PeopleRow) -> list[Person]:
    """The person's pages on every source that has them; an error only when none answers."""
    refs = [hit.ref for hit in (row.mdl, row.imdb) if hit is not None]
    answers = await asyncio.gather(
        *(services.people.person(r) for r in refs), return_exceptions=True
    )
    pages = [a.value for a in answers if not isinstance(a, BaseException)]
    if pages:
        return pages
    raise next(a for a in answers if isinstance(a, BaseException))


def timeline_view(
    session: SearchSession, state: TogetherState, page_number: int
) -> tuple[str, types.InlineKeyboardMarkup | None]:
    name_a, name_b = state.chosen
    text, page = timeline_text(state.shared, name_a, name_b, page_number, count)
    rows = [
        [cb(f"{n}. {work.title}"[:60], Action("to", session.id, n - 1))]
        for n, work in enumerate(page.items, start=page.first_index + 1)
    ]
    rows.append(nav_row(page, "tp", session.id))
    return text, markup(rows)


async def on_button(
    client: Client,
    query: types.CallbackQuery,
    services: Services,
    action: Action,
    session: SearchSession,
) -> None:
    message = query.message
    assert message is not None
    state = await _records(services).load(session.id)
    if state is None:
        await query.answer(gettext(EXPIRED), show_alert=True)
        return
    if action.op in ("ta", "tb"):
        first, second = (action.a, None) if action.op == "ta" else (action.a, action.b)
        if not 0 <= first < len(state.a) or (second is not None and not 0 <= second < len(state.b)):
            await query.answer(gettext(INVALID), show_alert=True)
            return
        text, keyboard = await next_step(services, session, state, first, second)
        await edit_view(message, text, keyboard)
    elif action.op == "tp" and state.chosen:
        text, keyboard = timeline_view(session, state, action.a)
        await edit_view(message, text, keyboard)
    elif action.op == "to" and state.chosen and 0 <= action.a < len(state.shared):
        work = state.shared[action.a]
        card = await services.sessions.create(session.user_id, work.source, "", [work.key])
        if work.source == "mdl":
            await mdl.show_card(client, message, services, work.key, card)
        else:
            await imdb.show_card(client, message, services, work.key, card)
    else:
        await query.answer(gettext(INVALID), show_alert=True)
        return
    await query.answer()


ROUTES = [
    CommandRoute(
        CommandSpec(
            "together",
            "Titles two people have both worked on",
            usage="<name> + <name>",
            lookup=True,
        ),
        together_command,
    ),
]
