"""Presses of the people buttons on title views (``mq``, ``ih``, ``iq``).

The press arrives on the title's own session (source "mdl" or "imdb"), so the
requester lock and the message binding are the title's; the person card that
opens gets a session of its own for the same user.
"""

from __future__ import annotations

from pyrogram import Client, types

from app.people import cards
from app.people.links import cast_refs, movie_people, people_view
from app.telegram.callbacks import Action
from app.telegram.cards import edit_view
from app.telegram.keyboards import markup
from app.telegram.replies import reply
from app.telegram.sessions import SearchSession
from app.wiring.context import Services
from domain.i18n import gettext

OPS = ("mq", "ih", "iq")


async def on_button(
    client: Client,
    query: types.CallbackQuery,
    services: Services,
    action: Action,
    session: SearchSession,
) -> None:
    message = query.message
    assert message is not None
    if not 0 <= action.a < len(session.ids):
        await query.answer(gettext(cards.INVALID), show_alert=True)
        return
    title_id = session.ids[action.a]
    if action.op == "mq":
        cast = (await services.dramas.cast(title_id)).value
        members = cast_refs(cast)
        ref = members[action.b][1] if 0 <= action.b < len(members) else ""
    elif action.op == "iq":
        people = movie_people((await services.movies.details(title_id)).value)
        ref = people[action.b][2] if 0 <= action.b < len(people) else ""
    else:
        movie = (await services.movies.details(title_id)).value
        text, keyboard = people_view(movie, session, action.a, max(0, action.b - 1))
        if action.b == 0:  # from the card: a message of its own, under the card
            await reply(message, text, markup(keyboard))
        else:
            await edit_view(message, text, markup(keyboard))
        await query.answer()
        return
    if not ref:
        await query.answer(gettext(cards.INVALID), show_alert=True)
        return
    await cards.send_person(client, message, services, ref, session.user_id)
    await query.answer()
