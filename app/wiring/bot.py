"""Creating the Pyrogram client and installing every handler on it."""

from __future__ import annotations

from typing import Any

import structlog
from pyrogram import Client, enums, errors, filters, types
from pyrogram.handlers import CallbackQueryHandler, InlineQueryHandler, MessageHandler

from app.admin import cache as cache_admin
from app.admin import handlers as admin
from app.admin import joined, ops
from app.admin.gate import OPEN, gate_for
from app.airing import handlers as watch
from app.broadcast import handlers as broadcast
from app.discover import handlers as discover
from app.help import handlers as basic
from app.i18n import handlers as language
from app.imdb import handlers as imdb
from app.imports import handlers as imports
from app.mydramalist import handlers as mdl
from app.people import handlers as people
from app.people import together
from app.search import handlers as search
from app.search import inline
from app.telegram.outgoing import remember_parses
from app.telegram.session_file import PrivateSessionStorage
from app.templates import handlers as templates
from app.watch import handlers as where
from app.wiring import buttons, owner_buttons
from app.wiring.command_router import CommandRouter
from app.wiring.commands import CommandRegistry
from app.wiring.context import Services
from app.wiring.middleware import Handler, guarded
from app.wiring.routing import CommandRoute
from domain.errors import AccessDenied
from domain.i18n import N_, gettext, speaking
from infra.config import Settings
from infra.i18n.catalogs import telegram_code
from infra.private_files import private_dir

log = structlog.get_logger("app.bot")

OWNER_ONLY = N_("This command is for the bot's owner.")


def all_routes() -> list[CommandRoute]:
    return [
        *search.ROUTES,
        *basic.ROUTES,
        *language.ROUTES,
        *mdl.ROUTES,
        *imdb.ROUTES,
        *people.ROUTES,
        *together.ROUTES,
        *templates.ROUTES,
        *watch.ROUTES,
        *imports.ROUTES,
        *discover.ROUTES,
        *admin.ROUTES,
        *broadcast.ROUTES,
        *ops.ROUTES,
        *cache_admin.ROUTES,
        *where.ROUTES,
    ]


def build_registry(routes: list[CommandRoute]) -> CommandRegistry:
    return CommandRegistry(route.spec for route in routes)


def create_client(
    settings: Settings,
    session_name: str | None = None,
    no_updates: bool = False,
    workers: int | None = None,
) -> Client:
    """The bot's client; with several processes each has its own ``session_name``
    (two connections on one auth key are refused), and a worker's gets no updates."""
    private_dir(settings.data_dir)
    name = session_name or settings.session_name
    return Client(
        name,
        api_id=settings.api_id,
        api_hash=settings.api_hash.get_secret_value(),
        bot_token=settings.bot_token.get_secret_value(),
        # Session file and unknown_errors.txt belong in the data volume; the session
        # (it holds the auth key) is owner-only.
        workdir=str(settings.data_dir),
        storage_engine=PrivateSessionStorage(name, settings.data_dir),
        workers=workers or settings.bot_workers,
        parse_mode=enums.ParseMode.HTML,
        no_updates=no_updates,
    )


def owner_only(handler: Handler) -> Handler:
    async def check(client: Client, update: Any, services: Services) -> None:
        user = getattr(update, "from_user", None)
        if not services.is_owner(getattr(user, "id", None)):
            log.warning("admin_command_refused")
            raise AccessDenied(OWNER_ONLY)
        await handler(client, update, services)

    return check


def install_handlers(client: Client, services: Services, routes: list[CommandRoute]) -> None:
    """Register every handler, in match order; the catch-all comes last."""
    # Every client that handles updates (the bot, a worker, the test client) re-sends the
    # same texts: its parser remembers them (app/telegram/outgoing.py).
    remember_parses(client)
    commands = []
    for route in routes:
        handler = owner_only(route.handler) if route.spec.admin else route.handler
        callback = guarded(handler, services, route.spec.name, gate_for(route.spec))
        commands.append((list(route.spec.names), callback))
    client.add_handler(CommandRouter(commands).handler())
    # Data that is not UTF-8 reaches us as bytes, and Pyrogram's regex filters raise on
    # bytes: it is answered here, before any of them runs.
    client.add_handler(CallbackQueryHandler(_undecodable(services), buttons.UNDECODABLE))
    # Owner and force-subscribe buttons next: the lookup buttons' handler takes the rest.
    on_owner_button = guarded(owner_only(owner_buttons.on_button), services, "admin_button", OPEN)
    client.add_handler(CallbackQueryHandler(on_owner_button, owner_buttons.DATA))
    on_language = guarded(language.on_button, services, "language_button", OPEN)
    client.add_handler(CallbackQueryHandler(on_language, language.DATA))
    rejoin = guarded(joined.on_button, services, "joined", OPEN)
    client.add_handler(CallbackQueryHandler(rejoin, joined.DATA))
    client.add_handler(CallbackQueryHandler(guarded(buttons.on_callback, services, "button")))
    client.add_handler(InlineQueryHandler(guarded(inline.on_inline_query, services, "inline")))
    text = guarded(search.plain_text, services, "text")
    client.add_handler(MessageHandler(text, search.PLAIN_TEXT))
    mention = guarded(search.mention, services, "mention")
    client.add_handler(MessageHandler(mention, search.MENTION))
    unknown = guarded(basic.unknown_command, services, "unknown", OPEN)
    client.add_handler(MessageHandler(unknown, filters.private & filters.regex(r"^/\w")))


def _undecodable(services: Services) -> Any:
    async def on_undecodable(client: Client, query: types.CallbackQuery) -> None:
        # Not through ``guarded``: no user-facing work, and its own outcome in the metrics.
        services.metrics.updates.labels("callback", "undecodable").inc()
        log.info("callback_data_undecodable", size=len(query.data or b""))
        try:
            async with services.languages.speaking_to(query.from_user):
                await query.answer(gettext(buttons.INVALID), show_alert=True)
        except errors.RPCError as exc:
            log.warning("telegram_error", error=type(exc).__name__)

    return on_undecodable


async def publish_menus(client: Client, services: Services) -> None:
    """The public menu for everyone, the full one in each owner's private chat.

    The menu without a language is in ``DEFAULT_LANGUAGE``; each other offered
    language has its own, which Telegram shows to users whose app speaks it.
    Telegram keeps the menus last published, so a connection lost right here
    costs nothing but a warning; the bot starts serving regardless.
    """
    languages = services.languages
    with speaking(languages.speech(languages.default)):
        public = [types.BotCommand(n, d) for n, d in services.registry.menu(owner=False)]
    try:
        await client.set_bot_commands(public, scope=types.BotCommandScopeDefault())
        for code in languages.offered:
            if code == languages.default:
                continue
            with speaking(languages.speech(code)):
                menu = [types.BotCommand(n, d) for n, d in services.registry.menu(owner=False)]
            await client.set_bot_commands(
                menu, scope=types.BotCommandScopeDefault(), language_code=telegram_code(code)
            )
    except (OSError, TimeoutError, errors.RPCError) as exc:
        log.warning("menus_not_published", error=type(exc).__name__)
        return
    with speaking(languages.speech(languages.default)):
        full = [types.BotCommand(n, d) for n, d in services.registry.menu(owner=True)]
    for owner in sorted(services.owners):
        try:
            await client.set_bot_commands(full, scope=types.BotCommandScopeChat(owner))
        except errors.RPCError as exc:
            # An owner who never opened the bot has no chat yet; they still get /help.
            log.warning("owner_menu_failed", owner=owner, error=type(exc).__name__)
