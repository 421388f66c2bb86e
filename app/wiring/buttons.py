"""The one entry for every inline button: verify, then hand to the source's handler.

Callback data comes from the client: it is parsed strictly, its session must
exist and be bound to the very message pressed (app/telegram/sessions.py), and
only the user who asked may press the buttons.
"""

from __future__ import annotations

from pyrogram import Client, filters, types

from app.airing import handlers as watch
from app.discover import handlers as discover
from app.imdb import handlers as imdb
from app.imports import handlers as imports
from app.mydramalist import handlers as mdl
from app.people import from_titles as people_from_titles
from app.people import handlers as people
from app.people import together
from app.search import crosslinks
from app.search import handlers as search
from app.telegram.callbacks import parse_action
from app.watch import handlers as where
from app.wiring.context import Services
from domain.i18n import N_, gettext

# Alerts: plain text, at most 200 characters in every language.
INVALID = N_("This button is no longer valid.")
EXPIRED = N_("These results have expired. Please search again.")
SOURCE_OF_PREFIX = {
    "m": "mdl",
    "i": "imdb",
    "s": search.SOURCE,
    "w": watch.SOURCE,
    "u": imports.SOURCE,
    "p": people.SOURCE,
    "t": together.SOURCE,
    "d": discover.SOURCE,
    "v": where.SOURCE,
}
WHERE_TO_WATCH = ("mv", "iv")
CROSS_LINKS = ("mx", "ix")
# Telegram hands over callback data that is not UTF-8 as bytes: never one of ours.
UNDECODABLE = filters.create(lambda _, __, query: not isinstance(query.data, str | None))
NOT_YOURS = N_("Only the person who searched can use these buttons. Send your own search!")
# Chat identities are negative ids (app/admin/gate.py): an anonymous admin or a channel
# asked, and no user can prove to be them.
NOT_YOURS_CHAT = N_(
    "These results were asked for by a chat (an anonymous admin or a channel), so their "
    "buttons work for nobody. Send your own search!"
)


async def on_callback(client: Client, query: types.CallbackQuery, services: Services) -> None:
    action = parse_action(query.data)
    if action is None:
        await query.answer(gettext(INVALID), show_alert=True)
        return
    session = await services.sessions.get(action.session)
    message = query.message
    if session is None or message is None:
        await query.answer(gettext(EXPIRED), show_alert=True)
        return
    if not await services.sessions.shown_on(
        session.id, getattr(message.chat, "id", None), message.id
    ):
        # The data names a real session, but not one this message carries: forged, or
        # copied from another message. Nothing is done to this message.
        await query.answer(gettext(INVALID), show_alert=True)
        return
    if session.user_id != query.from_user.id:
        shared = NOT_YOURS_CHAT if session.user_id < 0 else NOT_YOURS
        await query.answer(gettext(shared), show_alert=True)
        return
    if session.source != SOURCE_OF_PREFIX.get(action.op[0]):
        await query.answer(gettext(INVALID), show_alert=True)
    elif action.op in people_from_titles.OPS:
        await people_from_titles.on_button(client, query, services, action, session)
    elif action.op in CROSS_LINKS:
        await crosslinks.on_button(query, services, action, session)
    elif action.op in WHERE_TO_WATCH:
        await where.on_card_button(client, query, services, action, session)
    elif session.source == where.SOURCE:
        await where.on_button(client, query, services, action, session)
    elif session.source == "mdl":
        await mdl.on_button(client, query, services, action, session)
    elif session.source == search.SOURCE:
        await search.on_button(client, query, services, action, session)
    elif session.source == watch.SOURCE:
        await watch.on_button(client, query, services, action, session)
    elif session.source == imports.SOURCE:
        await imports.on_button(client, query, services, action, session)
    elif session.source == people.SOURCE:
        await people.on_button(client, query, services, action, session)
    elif session.source == together.SOURCE:
        await together.on_button(client, query, services, action, session)
    elif session.source == discover.SOURCE:
        await discover.on_button(client, query, services, action, session)
    else:
        await imdb.on_button(client, query, services, action, session)
