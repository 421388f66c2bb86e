"""/start, /help and the pointer for unknown commands."""

from __future__ import annotations

import html

from pyrogram import Client, types

from app.telegram.replies import reply
from app.wiring.commands import CommandSpec
from app.wiring.context import Services
from app.wiring.routing import CommandRoute

GREETING = (
    "👋 Hello, <b>{name}</b>!\n\n"
    "I look up Asian dramas on MyDramaList and movies and series on IMDb, "
    "in this chat or inline in any chat.\n\n"
    "Try: <code>/mdl goblin</code> or <code>/imdb the matrix 1999</code>\n"
    "Send /help to see everything I can do."
)


async def start(client: Client, message: types.Message, services: Services) -> None:
    user = message.from_user
    name = html.escape(user.first_name or user.username or "there") if user else "there"
    await reply(message, GREETING.format(name=name))


async def help_command(client: Client, message: types.Message, services: Services) -> None:
    owner = services.is_owner(message.from_user.id if message.from_user else None)
    await reply(message, services.registry.help_text(owner=owner))


# The echo quotes the command, cut before escaping (so never inside an entity): a
# command can be 4096 characters, and the echo must fit one message with room to spare.
ECHO_CHARS = 64


async def unknown_command(client: Client, message: types.Message, services: Services) -> None:
    word = (message.text or "").split(maxsplit=1)[0]
    shown = word if len(word) <= ECHO_CHARS else word[:ECHO_CHARS] + "…"
    await reply(message, f"I don't know {html.escape(shown)}. Send /help to see what I can do.")


ROUTES = [
    CommandRoute(CommandSpec("start", "Start the bot and see what it does", everyone=True), start),
    CommandRoute(CommandSpec("help", "List the commands you can use", everyone=True), help_command),
]
