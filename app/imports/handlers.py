"""/import <MyDramaList user> and its buttons.

Parse, plan with ``Importer`` (domain/airing/imports.py), render with
``domain/airing/import_text.py``, reply. The confirmation carries a session
(source "import") whose ids are the airing titles found, so the strict
verification of app/wiring/buttons.py covers its buttons. Ops: ``ua`` watch
all, ``uc`` choose (a = page), ``uw`` watch one (a = index), ``ux`` close.
"""

from __future__ import annotations

import contextlib

from pyrogram import Client, enums, errors, types

from app.airing.formats import BABEL_FORMATS as FORMATS
from app.telegram.callbacks import Action
from app.telegram.cards import edit_view, text_markup
from app.telegram.keyboards import Button, cb, markup, nav_row
from app.telegram.lookups import command_argument, replied_text, sender_id
from app.telegram.replies import reply
from app.telegram.sessions import SearchSession, bind_buttons
from app.wiring.commands import CommandSpec
from app.wiring.context import Services
from app.wiring.routing import CommandRoute
from domain.airing import import_text
from domain.airing.imports import Candidate, Importer
from domain.errors import InvalidInput, NotFound, UpstreamUnavailable
from domain.i18n import N_, gettext, ngettext
from domain.mydramalist.dramalist import mdl_user
from domain.paging import page_of
from domain.titles import drama_key

SOURCE = "import"
USAGE = N_("Usage: /import <MyDramaList user name> — for example: /import dramafan")
INVALID = N_("This button is no longer valid.")
# The words of domain/mydramalist/dramalist.py's NOT_A_USER and USER_HINT, marked for the catalog.
NOT_A_USER = N_("That is not a MyDramaList user name.")
USER_HINT = N_("For example: /import dramafan — or paste the link of their profile or drama list.")
PROGRESS_FROM = 10  # titles to look up before the progress line says how many


def importer(services: Services) -> Importer:
    return Importer(services.dramalists, services.dramas, services.watching.watchlists)


async def import_command(client: Client, message: types.Message, services: Services) -> None:
    argument = (command_argument(message) or replied_text(message)).strip()
    if not argument:
        raise InvalidInput(gettext("Whose list?"), hint=gettext(USAGE))
    user = mdl_user(argument.split()[0])
    if user is None:
        raise InvalidInput(gettext(NOT_A_USER), hint=gettext(USER_HINT))
    sent = await reply(message, import_text.reading(user))
    user_id = sender_id(message)

    async def checking(count: int) -> None:
        # Worth saying only when the looking up may take a while.
        if sent is None or count < PROGRESS_FROM:
            return
        with contextlib.suppress(errors.RPCError):  # a progress line is no reason to stop
            await client.edit_message_text(
                sent.chat_id,
                sent.id,
                text_markup(import_text.checking(user, count, FORMATS)),
                parse_mode=enums.ParseMode.HTML,
            )

    try:
        plan = await importer(services).plan(user_id, user, checking)
    except (NotFound, UpstreamUnavailable, InvalidInput):
        if sent is not None:  # the progress line goes; the error boundary answers
            await client.delete_messages(sent.chat_id, sent.id)
        raise
    text = import_text.plan_text(plan, FORMATS)
    keyboard = None
    if plan.ongoing:
        session = await services.sessions.create(
            user_id, SOURCE, user, [c.slug for c in plan.ongoing]
        )
        keyboard = confirm_keyboard(session, min(plan.room, len(plan.ongoing)))
    if sent is None:
        await reply(message, text, keyboard)
        return
    await client.edit_message_text(
        sent.chat_id,
        sent.id,
        text_markup(text),
        parse_mode=enums.ParseMode.HTML,
        reply_markup=keyboard,
    )
    await bind_buttons(keyboard, sent.chat_id, sent.id)


def confirm_keyboard(session: SearchSession, room: int) -> types.InlineKeyboardMarkup | None:
    first: list[Button] = []
    if room:
        label = gettext("✅ Watch all ({n})", n=FORMATS.number(room))
        first.append(cb(label, Action("ua", session.id)))
    return markup(
        [
            [*first, cb(gettext("☑️ Choose"), Action("uc", session.id))],
            [cb(gettext("✖️ Cancel"), Action("ux", session.id))],
        ]
    )


async def _candidates(services: Services, slugs: list[str]) -> list[Candidate]:
    """The titles behind ``slugs``, named from the (cached) details the plan looked up."""
    out = []
    for slug in slugs:
        try:
            title = (await services.dramas.details(slug)).value.title
        except (NotFound, UpstreamUnavailable):
            title = slug
        out.append(Candidate(slug, title, ""))
    return out


async def choose_view(
    services: Services, session: SearchSession, page_number: int
) -> tuple[str, types.InlineKeyboardMarkup | None]:
    page = page_of(session.ids, page_number, import_text.CHOOSE_PAGE_SIZE)
    entries = await services.watching.watchlists.entries(session.user_id)
    watched = {drama_key(w.slug) for w, _ in entries}
    candidates = await _candidates(services, list(page.items))
    rows: list[list[Button]] = [
        [
            cb(
                import_text.choose_label(c, drama_key(c.slug) in watched),
                Action("uw", session.id, page.first_index + i, page.number),
            )
        ]
        for i, c in enumerate(candidates)
    ]
    rows.append(nav_row(page, "uc", session.id))
    rows.append([cb(gettext("✔️ Done"), Action("ux", session.id))])
    text = import_text.choose_text(session.query, page, len(session.ids), FORMATS)
    return text, markup(rows)


async def on_button(
    client: Client,
    query: types.CallbackQuery,
    services: Services,
    action: Action,
    session: SearchSession,
) -> None:
    """A verified press of the import's owner."""
    message = query.message
    assert message is not None
    if action.op == "ux":
        await edit_view(message, import_text.cancelled(session.query), None)
        await query.answer()
        return
    if action.op == "ua":
        # All of them: past the limit each is refused, and the answer says so.
        candidates = await _candidates(services, session.ids)
        result = await importer(services).watch(session.user_id, candidates)
        await edit_view(message, import_text.result_text(session.query, result, FORMATS), None)
        added = len(result.added)
        await query.answer(
            ngettext("🔔 Watching {n} more", "🔔 Watching {n} more", added, n=FORMATS.number(added))
            if added
            else None
        )
        return
    note = None
    page_number = action.a
    if action.op == "uw":
        if not 0 <= action.a < len(session.ids):
            await query.answer(gettext(INVALID), show_alert=True)
            return
        page_number = action.b
        result = await importer(services).watch(
            session.user_id, await _candidates(services, [session.ids[action.a]])
        )
        note = _note(result.added, result.already, result.refused, result.failed)
    text, keyboard = await choose_view(services, session, page_number)
    await edit_view(message, text, keyboard)
    await query.answer(note)


def _note(added: list[str], already: list[str], refused: list[str], failed: list[str]) -> str:
    if added:
        return gettext("🔔 Watching {title}", title=added[0])[:200]
    if already:
        return gettext("You already watch it.")
    if refused:
        return gettext("Not added: your watchlist is full, or it no longer airs.")
    return gettext("MyDramaList did not answer; try again later.")


ROUTES = [
    CommandRoute(
        CommandSpec(
            "import",
            "Watch the airing dramas of your MyDramaList lists",
            usage="<MyDramaList user name>",
            lookup=True,
            per_user=True,
        ),
        import_command,
    ),
]
