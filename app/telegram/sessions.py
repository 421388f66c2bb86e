"""Search sessions: what a results message's buttons refer to.

Callback data is capped at 64 bytes and comes back from the client, so buttons
carry only a short random session id and small numbers; the session (who
asked, what, and the ids found) stays on our side in the cache.

A session is bound to the chat and the messages that carry its buttons: every
message the bot sends or edits with a session's buttons (``bind_buttons``, run
by the sending helpers) is recorded in the session, and a press is honoured
only on one of those messages (app/wiring/buttons.py). So a session id copied
into forged data and pressed under someone else's message does nothing there.
"""

from __future__ import annotations

import contextlib
import secrets
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field, replace

from pyrogram import types

from app.telegram.cached_records import CachedRecords
from app.telegram.callbacks import parse_action
from domain.ports import Cache

NAMESPACE = "session"
SESSION_TTL = 2 * 24 * 3600
# Results, their cards and the pages between: a session rarely has more than a few.
MAX_MESSAGES = 64


@dataclass(frozen=True, slots=True)
class SearchSession:
    id: str
    user_id: int
    source: str  # "mdl" or "imdb"
    query: str
    ids: list[str] = field(default_factory=list)
    # Where its buttons are: one chat, the messages there that carry them.
    chat_id: int | None = None
    message_ids: list[int] = field(default_factory=list)

    def shown_on(self, chat_id: int | None, message_id: int) -> bool:
        return chat_id is not None and chat_id == self.chat_id and message_id in self.message_ids


class SessionStore:
    def __init__(self, cache: Cache, ttl: float = SESSION_TTL) -> None:
        self._records: CachedRecords[SearchSession] = CachedRecords(
            cache, NAMESPACE, SearchSession, ttl
        )

    async def create(self, user_id: int, source: str, query: str, ids: list[str]) -> SearchSession:
        session = SearchSession(secrets.token_hex(4), user_id, source, query, ids)
        await self._records.save(session.id, session)
        return session

    async def get(self, session_id: str) -> SearchSession | None:
        return await self._records.load(session_id)

    async def bind(self, session_id: str, chat_id: int, message_id: int) -> None:
        """Record that ``message_id`` in ``chat_id`` carries this session's buttons."""
        session = await self._records.load(session_id)
        if session is None or message_id in session.message_ids:
            return
        if session.chat_id is not None and session.chat_id != chat_id:
            return  # a session lives in the chat it was created for
        kept = [*session.message_ids, message_id][-MAX_MESSAGES:]
        await self._records.save(session_id, replace(session, chat_id=chat_id, message_ids=kept))

    @contextlib.contextmanager
    def binding(self) -> Iterator[None]:
        """While handling one update, sent messages bind their buttons' sessions here."""
        token = _STORE.set(self)
        try:
            yield
        finally:
            _STORE.reset(token)


# The store of the update being handled (set by the middleware), so that the sending
# helpers in app/telegram need no store passed through every handler.
_STORE: ContextVar[SessionStore | None] = ContextVar("session_store", default=None)


async def bind_buttons(
    markup: types.InlineKeyboardMarkup | None, chat_id: int | None, message_id: int | None
) -> None:
    """Bind every session named by ``markup``'s buttons to the message that now shows them."""
    store = _STORE.get()
    if store is None or markup is None or chat_id is None or message_id is None:
        return
    buttons = [b for row in markup.inline_keyboard for b in row]
    actions = [parse_action(b.callback_data) for b in buttons if b.callback_data]
    for session_id in dict.fromkeys(a.session for a in actions if a is not None):
        await store.bind(session_id, chat_id, message_id)
