"""Watches the database while the bot runs and tells the owners when it goes away.

Writes already refuse when the database is unavailable (the user who made
the change is told it was not saved), but a database that vanished between
two owner commands would otherwise go unnoticed until someone ran /health.
So the database's health check runs every ``every`` seconds; the owners get
one message when it starts failing and one when it works again, never one
per check.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
from collections.abc import Awaitable, Callable, Iterable

import structlog
from pyrogram import Client, enums, errors

from app.telegram.html import for_kurigram
from domain.errors import StorageUnavailable
from domain.i18n import ENGLISH, N_, Speech, gettext, speaking

log = structlog.get_logger("app.database_watch")

EVERY = 30.0  # seconds between checks
Check = Callable[[], Awaitable[None]]
Sleep = Callable[[float], Awaitable[None]]

# Translators: to the bot's owners. {reason} is technical and stays as it is; DATA_DIR is
# a setting's name.
DOWN = N_(
    "⚠️ <b>The database is not available</b> ({reason}).\n"
    "Nothing can be saved until it is back: changes (bans, authorisations, templates, "
    "watchlists) are refused with a message, never confirmed. Lookups go on.\n"
    "Restore the database (for SQLite: the file under DATA_DIR) and restart the bot; "
    "/health shows the state."
)
UP = N_("✅ The database is available again.")


def _reason(exc: BaseException) -> str:
    # Storage errors carry our own words (never a URI or a password); others only a type name.
    text = str(exc) if isinstance(exc, StorageUnavailable) and str(exc) else type(exc).__name__
    return html.escape(text)


class DatabaseWatch:
    def __init__(
        self,
        check: Check,
        owners: Iterable[int],
        every: float = EVERY,
        sleep: Sleep = asyncio.sleep,
        speech: Speech = ENGLISH,
    ) -> None:
        """``speech``: the language of the owners' notices (``DEFAULT_LANGUAGE``: with the
        database gone, their own choices cannot be read)."""
        self._check = check
        self._speech = speech
        self._owners = sorted(owners)
        self._every = every
        self._sleep = sleep
        self.down = False
        self._task: asyncio.Task[None] | None = None

    async def check_now(self, client: Client) -> bool:
        """One check; tells the owners when the state changed. True when the database works."""
        try:
            await asyncio.wait_for(self._check(), timeout=max(1.0, self._every / 2))
        except Exception as exc:  # any failure means unavailable; the reason says which
            if not self.down:
                self.down = True
                log.error("database_unavailable", reason=_reason(exc))
                with speaking(self._speech):
                    notice = gettext(DOWN, reason=_reason(exc))
                await self._tell(client, notice)
            return False
        if self.down:
            self.down = False
            log.info("database_available")
            with speaking(self._speech):
                notice = gettext(UP)
            await self._tell(client, notice)
        return True

    async def _tell(self, client: Client, text: str) -> None:
        for owner in self._owners:
            try:
                await client.send_message(
                    owner, for_kurigram(text), parse_mode=enums.ParseMode.HTML
                )
            except errors.RPCError as exc:  # an owner who never opened the bot
                log.warning("owner_notice_failed", owner=owner, error=type(exc).__name__)

    async def _loop(self, client: Client) -> None:
        while True:
            await self._sleep(self._every)
            try:
                await self.check_now(client)
            except Exception:  # the watch must outlive one bad round
                log.exception("database_watch_failed")

    def start(self, client: Client) -> None:
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._loop(client), name="database-watch")

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
