"""One handler for every command: a dictionary lookup instead of a filter per command.

Kurigram tries handlers in order, and its command filter compiles and runs a
few regular expressions per command name; with one handler per command, the
fortieth command paid for the thirty-nine before it on every message. This
reads the command once, as Kurigram's filter does (``/name`` or
``/name@thisbot``, case-insensitive, followed by whitespace or the end of the
text or caption), and hands the message to that command's callback.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

from pyrogram import Client, filters, types
from pyrogram.handlers import MessageHandler

Callback = Callable[[Client, Any], Awaitable[None]]

_COMMAND_RE = re.compile(r"/([A-Za-z0-9_]+)(?:@([A-Za-z0-9_]+))?(?:\s|$)")


class CommandRouter:
    def __init__(self, commands: Iterable[tuple[list[str], Callback]]) -> None:
        self._callbacks: dict[str, Callback] = {}
        for names, callback in commands:
            for name in names:
                self._callbacks.setdefault(name.casefold(), callback)

    def command_of(self, client: Client, message: types.Message) -> str | None:
        """The registered command ``message`` runs, or None; sets ``message.command``."""
        text = message.text or message.caption
        if not isinstance(text, str) or not text.startswith("/"):
            return None
        match = _COMMAND_RE.match(text)
        if match is None:
            return None
        name, addressee = match.group(1).casefold(), match.group(2)
        if name not in self._callbacks:
            return None
        if addressee is not None:
            mine = getattr(client.me, "username", None) or ""
            if addressee.casefold() != mine.casefold():
                return None  # "/mdl@otherbot": a command for another bot in the group
        message.command = [name, *text[match.end() :].split()]
        return name

    def handler(self) -> MessageHandler:
        router = self

        async def known(_: Any, client: Client, message: types.Message) -> bool:
            return router.command_of(client, message) is not None

        async def dispatch(client: Client, message: types.Message) -> None:
            assert message.command, "the filter found the command"
            await router._callbacks[message.command[0]](client, message)

        return MessageHandler(dispatch, filters.create(known, "KnownCommand"))
