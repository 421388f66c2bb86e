"""``python -m app``: run the bot until SIGINT or SIGTERM."""

from __future__ import annotations

import asyncio
import signal

import structlog

from app.bootstrap import open_services
from app.bot import all_routes, create_client, install_handlers, publish_menus
from app.context import HealthCheck
from app.health import start_health_server
from domain.errors import DomainError
from infra.config import Settings, load_settings
from infra.logging import configure_logging

log = structlog.get_logger("app")


async def run(settings: Settings) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)

    async with open_services(settings) as services:
        runner = None
        if settings.health_port:
            runner = await start_health_server(services)
        client = create_client(settings)
        services.health_checks["telegram"] = _telegram_check(client)
        install_handlers(client, services, all_routes())
        await client.start()
        try:
            await publish_menus(client, services)
            me = client.me
            log.info("bot_started", username=me.username if me else None)
            await stop.wait()
            log.info("bot_stopping")
        finally:
            # Stops taking updates and waits for in-flight handlers, then disconnects.
            await client.stop()
            if runner is not None:
                await runner.cleanup()
    log.info("bot_stopped")


def _telegram_check(client: object) -> HealthCheck:
    async def check() -> None:
        if not getattr(client, "is_connected", False):
            raise ConnectionError("not connected to Telegram")

    return check


def main() -> None:
    settings = load_settings()
    configure_logging(
        settings.log_level, settings.log_format, settings.logs_dir, secrets=settings.secrets()
    )
    try:
        asyncio.run(run(settings))
    except DomainError as exc:
        log.error("startup_failed", error=type(exc).__name__, detail=str(exc))
        raise SystemExit(1) from None


if __name__ == "__main__":
    main()
