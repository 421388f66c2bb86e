"""Search sessions: what a results message's buttons refer to.

Callback data is capped at 64 bytes and comes back from the client, so buttons
carry only a short random session id and small numbers; the session (who
asked, what, and the ids found) stays on our side in the cache.

A session is bound to the chat and the messages that carry its buttons: every
message the bot sends or edits with a session's buttons (``bind_buttons``, run
by the sending helpers) is recorded, and a press is honoured only on one of
those messages (app/wiring/buttons.py). So a session id copied into forged
data and pressed under someone else's message does nothing there. Each
binding is a key of its own beside the session (not a list inside it), so two
cards sent at once from one list cannot overwrite each other's binding.
"""

from __future__ import annotations

import contextlib
import secrets
from collections.abc import AsyncIterator
from contextvars import ContextVar
from dataclasses import dataclass, field

from pyrogram import types

from app.telegram.cached_records import CachedRecords
from app.telegram.callbacks import parse_action
from domain.errors import CacheUnavailable
from domain.ports import Cache

NAMESPACE = "session"
SESSION_TTL = 2 * 24 * 3600
BOUND = b"1"


@dataclass(frozen=True, slots=True)
class SearchSession:
    id: str
    user_id: int
    source: str  # "mdl" or "imdb"
    query: str
    ids: list[str] = field(default_factory=list)


def _binding_key(session_id: str, chat_id: int, message_id: int) -> str:
    # Beside the session's own key (8 hex digits) in its namespace: cleared and counted
    # with the sessions, and never equal to a session id.
    return f"{session_id}/{chat_id}/{message_id}"


@dataclass
class _Update:
    """The sessions one update made and has not written yet."""

    store: SessionStore
    pending: dict[str, SearchSession] = field(default_factory=dict)


class SessionStore:
    def __init__(self, cache: Cache, ttl: float = SESSION_TTL) -> None:
        self._cache = cache
        self._ttl = ttl
        self._records: CachedRecords[SearchSession] = CachedRecords(
            cache, NAMESPACE, SearchSession, ttl
        )

    def _update(self) -> _Update | None:
        update = _CURRENT.get()
        return update if update is not None and update.store is self else None

    async def create(self, user_id: int, source: str, query: str, ids: list[str]) -> SearchSession:
        session = SearchSession(secrets.token_hex(4), user_id, source, query, ids)
        update = self._update()
        if update is not None:
            update.pending[session.id] = session  # written with its first binding
        else:
            await self._records.save(session.id, session)
        return session

    async def get(self, session_id: str) -> SearchSession | None:
        update = self._update()
        if update is not None and session_id in update.pending:
            return update.pending[session_id]
        return await self._records.load(session_id)

    async def bind(self, session_id: str, chat_id: int, message_id: int) -> None:
        """Record that ``message_id`` in ``chat_id`` carries this session's buttons."""
        items = [(_binding_key(session_id, chat_id, message_id), BOUND)]
        update = self._update()
        unsaved = update.pending.pop(session_id, None) if update is not None else None
        if unsaved is not None:
            items.insert(0, (session_id, self._records.encode(unsaved)))
        with contextlib.suppress(CacheUnavailable):  # then its buttons say "expired"
            await self._cache.set_many(NAMESPACE, items, self._ttl)

    async def shown_on(self, session_id: str, chat_id: int | None, message_id: int) -> bool:
        """Whether the bot itself put this session's buttons on that message."""
        if chat_id is None:
            return False
        try:
            found = await self._cache.get(NAMESPACE, _binding_key(session_id, chat_id, message_id))
        except CacheUnavailable:
            return False
        return found is not None

    @contextlib.asynccontextmanager
    async def binding(self) -> AsyncIterator[None]:
        """While handling one update, sent messages bind their buttons' sessions here."""
        update = _Update(self)
        token = _CURRENT.set(update)
        try:
            yield
        finally:
            _CURRENT.reset(token)
            for session in update.pending.values():  # made, but on no message sent
                await self._records.save(session.id, session)


# The store of the update being handled (set by the middleware), so that the sending
# helpers in app/telegram need no store passed through every handler.
_CURRENT: ContextVar[_Update | None] = ContextVar("session_update", default=None)


async def bind_buttons(
    markup: types.InlineKeyboardMarkup | None, chat_id: int | None, message_id: int | None
) -> None:
    """Bind every session named by ``markup``'s buttons to the message that now shows them."""
    update = _CURRENT.get()
    if update is None or markup is None or chat_id is None or message_id is None:
        return
    buttons = [b for row in markup.inline_keyboard for b in row]
    actions = [parse_action(b.callback_data) for b in buttons if b.callback_data]
    for session_id in dict.fromkeys(a.session for a in actions if a is not None):
        await update.store.bind(session_id, chat_id, message_id)
