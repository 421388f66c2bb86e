"""What runs once the bot is connected, and before it disconnects."""

from __future__ import annotations

import structlog
from pyrogram import Client, errors

from app.telegram.html import for_kurigram
from app.wiring.context import Services
from app.wiring.database_watch import DatabaseWatch
from domain.i18n import speaking

log = structlog.get_logger("app.lifecycle")


async def on_startup(client: Client, services: Services) -> None:
    """Tell owners about a force-subscribe the bot cannot enforce; resume a broadcast."""
    speech = services.languages.speech(services.languages.default)
    database = services.health_checks.get("database")
    if database is not None and services.database_watch is None:
        services.database_watch = DatabaseWatch(database, services.owners, speech=speech)
        services.database_watch.start(client)
    # Owners' notices from outside any update speak DEFAULT_LANGUAGE, or each owner's own
    # language when it can be read (the force-subscribe note below).
    with speaking(speech):
        problem = await services.admin.forcesub.verify(client)
    if problem is not None:
        voices = services.admin.voices
        for owner in sorted(services.owners):
            if voices is not None:  # each owner reads it in their own language
                with speaking(await voices.speech_for(owner)):
                    problem = services.admin.forcesub.notice()
            try:
                await client.send_message(owner, for_kurigram(problem))
            except errors.RPCError as exc:  # an owner who never opened the bot
                log.warning("owner_notice_failed", owner=owner, error=type(exc).__name__)
    await services.admin.broadcasts.resume(client)
    services.watching.start(client)  # the airing scheduler (when SCHEDULER_ENABLED)


async def on_shutdown(services: Services) -> None:
    """Before the client disconnects: a running broadcast stops after the message in flight."""
    await services.admin.broadcasts.shutdown()
    await services.watching.stop()
    if services.database_watch is not None:
        await services.database_watch.stop()
