"""Owner commands for access: /authorize, /unauthorize, /users, /ban, /unban, /setpublicmode.

Registered with ``CommandSpec(admin=True)``: ``owner_only`` refuses everyone
else before these run.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from pyrogram import Client, types

from app.admin.numerals import NUMERALS
from app.telegram.keyboards import Button, markup
from app.telegram.lookups import command_argument
from app.telegram.replies import reply
from app.wiring.commands import CommandSpec
from app.wiring.context import Services
from app.wiring.routing import CommandRoute
from domain.admin.access import parse_page_number, parse_switch, parse_target
from domain.admin.authorisation import AccessControl
from domain.admin.text import user_label, users_page_text
from domain.errors import InvalidInput
from domain.i18n import N_, gettext

PAGE_SIZE = 10
# Translators: "on" and "off" are typed as they are: keep them in English.
PUBLIC_USAGE = N_("Usage: /setpublicmode on|off")
NOT_A_USER = N_(
    "That message comes from a chat (an anonymous admin or a channel), not a person: "
    "only users can be authorised or banned."
)
USERS_USAGE = N_("Usage: /users [page number] — for example: /users 2")


def _usage(command: str) -> str:
    # Translators: {command} is authorize, unauthorize, ban or unban.
    return gettext(
        "Usage: /{command} <user id or @username>, or reply /{command} to their message",
        command=command,
    )


async def _target(message: types.Message, services: Services, command: str) -> int:
    argument = command_argument(message)
    replied = message.reply_to_message
    if not argument and replied is not None and replied.from_user is not None:
        return int(replied.from_user.id)
    if not argument and replied is not None and replied.sender_chat is not None:
        # An anonymous admin or a channel: a chat's identity, not a user's (see gate.py).
        raise InvalidInput(gettext(NOT_A_USER), hint=_usage(command))
    return await services.admin.finder.resolve(parse_target(argument, _usage(command)))


async def _label(services: Services, user_id: int) -> str:
    return user_label(user_id, await services.admin.finder.get(user_id))


def _access_change(
    command: str,
    apply: Callable[[AccessControl, int], Awaitable[bool]],
    done: str,
    unchanged: str,
) -> Callable[[Client, types.Message, Services], Awaitable[None]]:
    """/authorize, /unauthorize, /ban and /unban differ only in what they change and say.

    ``done`` and ``unchanged`` are whole sentences with a ``{user}`` (a language puts the
    user where its grammar wants), marked for the catalog and translated when shown."""

    async def handle(client: Client, message: types.Message, services: Services) -> None:
        user_id = await _target(message, services, command)
        changed = await apply(services.admin.access, user_id)
        said = done if changed else unchanged
        await reply(message, gettext(said, user=await _label(services, user_id)))

    return handle


authorize = _access_change(
    "authorize",
    AccessControl.authorize,
    # Translators: {user} is a name, @username and user id, as "Ana @ana — 123".
    N_("✅ {user} can now use the bot."),
    # Translators: {user} is a name, @username and user id, as "Ana @ana — 123".
    N_("✅ {user} was already authorised."),
)
unauthorize = _access_change(
    "unauthorize",
    AccessControl.unauthorize,
    # Translators: {user} is a name, @username and user id, as "Ana @ana — 123".
    N_("➖ {user} is no longer authorised."),
    # Translators: {user} is a name, @username and user id, as "Ana @ana — 123".
    N_("➖ {user} was not authorised."),
)
ban = _access_change(
    "ban",
    AccessControl.ban,
    # Translators: {user} is a name, @username and user id, as "Ana @ana — 123".
    N_("🚫 {user} is banned."),
    # Translators: {user} is a name, @username and user id, as "Ana @ana — 123".
    N_("🚫 {user} was already banned."),
)
unban = _access_change(
    "unban",
    AccessControl.unban,
    # Translators: {user} is a name, @username and user id, as "Ana @ana — 123".
    N_("♻️ {user} is no longer banned."),
    # Translators: {user} is a name, @username and user id, as "Ana @ana — 123".
    N_("♻️ {user} was not banned."),
)


async def set_public_mode(client: Client, message: types.Message, services: Services) -> None:
    argument = command_argument(message)
    access = services.admin.access
    if not argument:
        now = (
            gettext("Public mode is on.")
            if await access.public_mode()
            else gettext("Public mode is off.")
        )
        raise InvalidInput(now, hint=gettext(PUBLIC_USAGE))
    on = parse_switch(argument, gettext(PUBLIC_USAGE))
    await access.set_public_mode(on)
    text = (
        gettext("🌍 Public mode is <b>on</b>: everyone may use the bot.")
        if on
        else gettext(
            "🔒 Public mode is <b>off</b>: only owners and authorised users may use lookups."
        )
    )
    await reply(message, text)


async def users_view(
    services: Services, number: int
) -> tuple[str, types.InlineKeyboardMarkup | None]:
    page = await services.admin.access.authorised_page(number, PAGE_SIZE)
    total = await services.admin.access.count_authorised()
    text = users_page_text(page, await services.admin.finder.many(page.items), total, NUMERALS)
    nav = []
    if page.has_prev:
        nav.append(Button(gettext("« Prev"), callback_data=f"us:{page.number - 1}"))
    if page.has_next:
        nav.append(Button(gettext("Next »"), callback_data=f"us:{page.number + 1}"))
    return text, markup([nav])


async def users(client: Client, message: types.Message, services: Services) -> None:
    number = parse_page_number(command_argument(message), gettext(USERS_USAGE))
    text, keyboard = await users_view(services, number)
    await reply(message, text, keyboard)


ROUTES = [
    CommandRoute(
        CommandSpec("authorize", "Let a user use the bot", usage="<id or @user>", admin=True),
        authorize,
    ),
    CommandRoute(
        CommandSpec("unauthorize", "Take a user's access away", usage="<id or @user>", admin=True),
        unauthorize,
    ),
    CommandRoute(CommandSpec("users", "List authorised users", admin=True), users),
    CommandRoute(
        CommandSpec("ban", "Block a user from the bot", usage="<id or @user>", admin=True), ban
    ),
    CommandRoute(CommandSpec("unban", "Lift a ban", usage="<id or @user>", admin=True), unban),
    CommandRoute(
        CommandSpec(
            "setpublicmode", "Open or close the bot to everyone", usage="on|off", admin=True
        ),
        set_public_mode,
    ),
]
