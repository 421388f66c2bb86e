""" "Search on IMDb" from a drama card and "Search on MyDramaList" from a movie card."""

from __future__ import annotations

from pyrogram import types

from app.imdb import handlers as imdb
from app.mydramalist import handlers as mdl
from app.telegram.callbacks import Action
from app.telegram.sessions import SearchSession
from app.wiring.context import Services
from domain.i18n import gettext


async def on_button(
    query: types.CallbackQuery, services: Services, action: Action, session: SearchSession
) -> None:
    message = query.message
    assert message is not None
    if not 0 <= action.a < len(session.ids):
        await query.answer(gettext("This button is no longer valid."), show_alert=True)
        return
    user_id = query.from_user.id
    title_id = session.ids[action.a]
    if action.op == "mx":
        drama = (await services.dramas.details(title_id)).value
        year = drama.year[:4] if drama.year[:4].isdigit() else ""
        await imdb.send_results(message, services, f"{drama.title} {year}".strip(), user_id)
    else:
        movie = (await services.movies.details(title_id)).value
        await mdl.send_results(message, services, movie.title, user_id)
    # Answered only once the results are out: a callback query takes one answer,
    # and when the search fails the error boundary needs it for the alert.
    await query.answer()
