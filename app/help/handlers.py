"""/start, /help and the pointer for unknown commands."""

from __future__ import annotations

import html

from pyrogram import Client, types

from app.telegram.replies import reply
from app.wiring.commands import CommandSpec
from app.wiring.context import Services
from app.wiring.routing import CommandRoute
from domain.i18n import gettext


def greeting(name: str) -> str:
    return gettext(
        "👋 Hello, <b>{name}</b>!\n\n"
        "I look up Asian dramas on MyDramaList and movies and series on IMDb, "
        "in this chat or inline in any chat.\n\n"
        "Try: <code>/mdl goblin</code> or <code>/imdb the matrix 1999</code>\n"
        "Send /help to see everything I can do.",
        name=name,
    )


async def start(client: Client, message: types.Message, services: Services) -> None:
    user = message.from_user
    given = (user.first_name or user.username) if user else None
    # Translators: how the greeting addresses someone whose Telegram shows no name.
    name = html.escape(given) if given else gettext("there")
    await reply(message, greeting(name))


def ways_to_ask(bot_username: str | None) -> str:
    """The lookups that need no command: plain text in private, inline mode anywhere."""
    lines = [
        "",
        gettext("<b>Without a command</b>"),
        gettext(
            "In a private chat with me, just send a title (<code>goblin</code>) or paste a "
            "MyDramaList or IMDb link. In a group, mention me with the title."
        ),
    ]
    if bot_username:
        lines.append(
            gettext(
                "In any chat, type <code>@{bot} goblin</code> (or <code>@{bot} imdb the "
                "matrix</code>), wait for the results and pick one to send its card. "
                "For people: <code>@{bot} p gong yoo</code>.",
                bot=html.escape(bot_username),
            )
        )
    return "\n".join(lines)


async def help_command(client: Client, message: types.Message, services: Services) -> None:
    user_id = message.from_user.id if message.from_user else None
    owner = services.is_owner(user_id)
    # With public mode off, an outsider sees only what they may use, and how to ask.
    member = owner
    if user_id is not None and not owner:
        decision = await services.admin.access.check(user_id, members_only=True)
        member = decision.allowed
    text = services.registry.help_text(owner=owner, member=member)
    if member:
        me = client.me
        text += "\n" + ways_to_ask(me.username if me else None)
    elif user_id is not None:
        text += "\n\n" + html.escape(services.admin.access.how_to_ask(user_id))
    await reply(message, text)


# The echo quotes the command, cut before escaping (so never inside an entity): a
# command can be 4096 characters, and the echo must fit one message with room to spare.
ECHO_CHARS = 64


async def unknown_command(client: Client, message: types.Message, services: Services) -> None:
    word = (message.text or "").split(maxsplit=1)[0]
    shown = word if len(word) <= ECHO_CHARS else word[:ECHO_CHARS] + "…"
    text = gettext(
        "I don't know {command}. Send /help to see what I can do.", command=html.escape(shown)
    )
    await reply(message, text)


ROUTES = [
    CommandRoute(CommandSpec("start", "Start the bot and see what it does", everyone=True), start),
    CommandRoute(CommandSpec("help", "List the commands you can use", everyone=True), help_command),
]
