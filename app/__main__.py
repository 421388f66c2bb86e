"""``python -m app``: run the bot until SIGINT or SIGTERM."""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Callable

import structlog
from pyrogram import Client

from app.admin.health import start_health_server
from app.wiring.bootstrap import open_services
from app.wiring.bot import all_routes, create_client, install_handlers, publish_menus
from app.wiring.event_loop import freeze_startup_heap, run_loop
from app.wiring.lifecycle import on_shutdown, on_startup
from app.wiring.roles import RoleClientFactory, default_role_client, serve_roles, uses_stream
from app.wiring.telegram_link import Sleep, TelegramLink, TelegramRefused
from domain.errors import DomainError
from infra.config import Settings, load_settings
from infra.logging import configure_logging

log = structlog.get_logger("app")


async def run(
    settings: Settings,
    client_factory: Callable[[Settings], Client] = create_client,
    stop: asyncio.Event | None = None,
    sleep: Sleep = asyncio.sleep,
    role_client_factory: RoleClientFactory = default_role_client,
) -> None:
    """Serve until ``stop`` is set (by SIGINT/SIGTERM when not given).

    The health server is up before Telegram is reached, and the connection is
    retried until it works (``sleep`` paces the retries; tests pass a fake).
    Shutdown order: stop taking updates and let in-flight handlers finish
    (Pyrogram's ``stop`` does both), then the health server, then the pools.
    """
    signals: tuple[signal.Signals, ...] = ()
    loop = asyncio.get_running_loop()
    if stop is None:
        stop = asyncio.Event()
        signals = (signal.SIGINT, signal.SIGTERM)
        for sig in signals:
            loop.add_signal_handler(sig, stop.set)
    try:
        await _serve(settings, client_factory, stop, sleep, role_client_factory)
    finally:
        for sig in signals:
            loop.remove_signal_handler(sig)
    log.info("bot_stopped")


async def _serve(
    settings: Settings,
    client_factory: Callable[[Settings], Client],
    stop: asyncio.Event,
    sleep: Sleep,
    role_client_factory: RoleClientFactory = default_role_client,
) -> None:
    async with open_services(settings) as services:
        runner = await start_health_server(services) if settings.health_port else None
        if uses_stream(settings):  # several processes share Redis: BOT_ROLE says which part
            try:
                await serve_roles(settings, services, stop, sleep, role_client_factory)
            finally:
                if runner is not None:
                    await runner.cleanup()
            return
        client = client_factory(settings)
        link = TelegramLink(client, stop, sleep)
        services.health_checks["telegram"] = link.check
        install_handlers(client, services, all_routes())
        try:
            if not await link.connect():
                return  # stopped before Telegram was ever reached: nothing to shut down
            try:
                await publish_menus(client, services)
                await on_startup(client, services)
                freeze_startup_heap()
                me = client.me
                log.info("bot_started", username=me.username if me else None)
                await stop.wait()
                log.info("bot_stopping")
            finally:
                # A running broadcast stops (resumably) while the client can still send.
                await on_shutdown(services)
                await client.stop()
        finally:
            if runner is not None:
                await runner.cleanup()


def main() -> None:
    settings = load_settings()
    configure_logging(
        settings.log_level, settings.log_format, settings.logs_dir, secrets=settings.secrets()
    )
    try:
        run_loop(run(settings))
    except TelegramRefused as exc:  # one line, and an exit code of its own (README)
        log.error("telegram_refused", exit_code=exc.exit_code, reason=exc.line)
        raise SystemExit(exc.exit_code) from None
    except DomainError as exc:
        log.error("startup_failed", error=type(exc).__name__, detail=str(exc))
        raise SystemExit(1) from None


if __name__ == "__main__":
    main()
