"""The answer to a search that found nothing: the "not found" line, and "Did you mean" buttons.

Lookup handlers call ``nothing_found`` where they would raise ``NotFound``: with
no close title known, it raises exactly that, so the answer is as before.
"""

from __future__ import annotations

from collections.abc import Sequence

from pyrogram import types

from app.telegram.callbacks import Action
from app.telegram.keyboards import cb
from app.telegram.lookups import sender_id
from app.telegram.replies import reply
from app.wiring.context import Services
from domain.discover.suggest import IMDB, MDL, Suggestion
from domain.errors import NotFound
from domain.i18n import gettext
from domain.text import escape

SOURCE = "discover"  # the session source of every discovery button (app/discover/handlers.py)
QUERY = "dym"
MARKS = {MDL: "📺", IMDB: "🎬"}


def label(suggestion: Suggestion, marked: bool) -> str:
    year = f" ({suggestion.year})" if suggestion.year else ""
    mark = f"{MARKS[suggestion.source]} " if marked else ""
    return f"{mark}{suggestion.title}"[: 60 - len(year)] + year


async def nothing_found(
    message: types.Message,
    services: Services,
    query: str,
    sources: Sequence[str],
    text: str,
    user_id: int | None = None,
) -> None:
    """Reply ``text`` with up to three close titles as buttons, or raise ``NotFound(text)``.

    ``user_id``: who asked, when ``message`` is not theirs (a card's "Search on" button
    answers under the bot's own card); else the sender of ``message``.
    """
    if user_id is None:
        user_id = sender_id(message)
    recent = [(s, i) for s in sources if (i := await services.recent.last(user_id, s))]
    suggestions = await services.suggestions.suggest(query, sources, recent)
    if not suggestions:
        raise NotFound(text)
    ids = [f"{s.source}:{s.ident}" for s in suggestions]
    session = await services.sessions.create(user_id, SOURCE, QUERY, ids)
    marked = len(sources) > 1
    rows = [[cb(label(s, marked), Action("dm", session.id, n))] for n, s in enumerate(suggestions)]
    ask = gettext("Did you mean…?")
    await reply(message, f"🔍 {escape(text)}\n\n{ask}", types.InlineKeyboardMarkup(rows))
