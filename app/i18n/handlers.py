"""/language: the user picks the language the bot speaks with them, with buttons."""

from __future__ import annotations

import contextlib
import html
import re

import structlog
from pyrogram import Client, errors, filters, types

from app.telegram.replies import reply
from app.wiring.commands import CommandSpec
from app.wiring.context import Services
from app.wiring.routing import CommandRoute
from domain.i18n import gettext, speaking
from infra.i18n.catalogs import native_name

log = structlog.get_logger("app.language")

AUTO = "auto"
DATA = filters.regex(r"^lg:")
_DATA_RE = re.compile(r"^lg:([A-Za-z_]{2,12})$")


def _keyboard(offered: list[str], current: str, chosen: bool) -> types.InlineKeyboardMarkup:
    rows = [
        [
            types.InlineKeyboardButton(
                ("✓ " if code == current and chosen else "") + native_name(code),
                callback_data=f"lg:{code}",
            )
        ]
        for code in offered
    ]
    automatic = gettext("🔄 Automatic (my Telegram language)")
    rows.append(
        [types.InlineKeyboardButton(("" if chosen else "✓ ") + automatic, callback_data="lg:auto")]
    )
    return types.InlineKeyboardMarkup(rows)


async def language_command(client: Client, message: types.Message, services: Services) -> None:
    languages = services.languages
    user = message.from_user
    current = await languages.code_for(user)
    chosen = user is not None and await languages.chosen(user.id) is not None
    text = gettext(
        "🌐 <b>Language</b>\nI speak {language} with you. Choose the language you want:",
        language=html.escape(native_name(current)),
    )
    await reply(message, text, _keyboard(languages.offered, current, chosen))


async def on_button(client: Client, query: types.CallbackQuery, services: Services) -> None:
    languages = services.languages
    match = _DATA_RE.match(str(query.data or ""))
    code = match.group(1) if match else None
    if code is None or (code != AUTO and code not in languages.offered):
        # Forged data, or a language taken away since the buttons were sent.
        await query.answer(gettext("That language is not available."), show_alert=True)
        return
    await languages.choose(query.from_user.id, None if code == AUTO else code)
    now = await languages.code_for(query.from_user)
    with speaking(languages.speech(now)):
        name = html.escape(native_name(now))
        if code == AUTO:
            text = gettext("✅ I will follow your Telegram language: {language}.", language=name)
        else:
            text = gettext("✅ From now on I speak {language} with you.", language=name)
        if query.message is not None:
            keyboard = _keyboard(languages.offered, now, code != AUTO)
            with contextlib.suppress(errors.MessageNotModified):  # the same button twice
                await query.message.edit_text(text, reply_markup=keyboard)
        await query.answer()
        await _personal_menu(client, services, query.from_user.id, chosen=code != AUTO)


async def _personal_menu(client: Client, services: Services, user_id: int, chosen: bool) -> None:
    """Telegram picks a menu by the app's language: one who chose another gets their own,
    in their private chat (owners keep the full one). Losing it costs only the menu."""
    owner = services.is_owner(user_id)
    scope = types.BotCommandScopeChat(user_id)
    try:
        if chosen or owner:
            menu = [types.BotCommand(n, d) for n, d in services.registry.menu(owner=owner)]
            await client.set_bot_commands(menu, scope=scope)
        else:
            await client.delete_bot_commands(scope=scope)
    except errors.RPCError as exc:
        log.warning("personal_menu_failed", error=type(exc).__name__)


ROUTES = [
    CommandRoute(
        CommandSpec("language", "Choose the language I speak with you", everyone=True),
        language_command,
    ),
]
