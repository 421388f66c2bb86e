"""Owner commands about the running bot: /health, /userstats, /log."""

from __future__ import annotations

import asyncio
import importlib.metadata
import io
import time
from pathlib import Path

from pyrogram import Client, types

from app.admin.health import check_dependencies
from app.admin.numerals import NUMERALS
from app.admin.probes import run_probes
from app.telegram.lookups import chat_id_of, command_argument
from app.telegram.replies import reply
from app.wiring.commands import CommandSpec
from app.wiring.context import Services
from app.wiring.routing import CommandRoute
from domain.admin.text import BreakerView, health_text, log_tail_html
from domain.errors import InvalidInput
from domain.i18n import N_, gettext, ngettext
from infra.logging import LOG_FILE_NAME

LOG_USAGE = N_("Usage: /log for the whole file, or /log 100 for its last 100 lines")
MAX_LINES = 2000


def _version() -> str:
    try:
        return importlib.metadata.version("dramabot")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


async def health(client: Client, message: types.Message, services: Services) -> None:
    dependencies, upstreams = await asyncio.gather(
        check_dependencies(services), run_probes(services.admin.probes)
    )
    breakers = [BreakerView(b.name, b.state.value, b.retry_in) for b in services.breakers]
    uptime = time.monotonic() - services.started_at
    text = health_text(dependencies, upstreams, breakers, uptime, _version(), NUMERALS)
    await reply(message, text)


async def userstats(client: Client, message: types.Message, services: Services) -> None:
    report = await services.admin.statistics.report(services.metrics.lookup_outcomes(), NUMERALS)
    await reply(message, report)


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


async def log_file(client: Client, message: types.Message, services: Services) -> None:
    argument = command_argument(message).strip()
    # ASCII digits only: isdigit() accepts "²", which int() then refuses.
    if argument and not (argument.isascii() and argument.isdigit() and len(argument) <= 9):
        raise InvalidInput(gettext("Give a number of lines."), hint=gettext(LOG_USAGE))
    path = services.settings.logs_dir / LOG_FILE_NAME
    # A snapshot: the file keeps growing (and may rotate) while it is sent.
    data = await asyncio.to_thread(_read, path)
    if not data:
        await reply(message, gettext("The log file is empty or does not exist yet."))
        return
    if argument:
        count = max(1, min(int(argument), MAX_LINES))
        lines = data.decode("utf-8", "replace").splitlines()[-count:]
        await reply(message, log_tail_html(lines))
        return
    document = io.BytesIO(data)
    document.name = LOG_FILE_NAME
    await client.send_document(
        chat_id_of(message),
        document,
        file_name=LOG_FILE_NAME,
        # Translators: {file} is the log file's name; secrets (tokens, keys) are hidden in it.
        caption=ngettext(
            "{file}, {n} byte (secrets are redacted)",
            "{file}, {n} bytes (secrets are redacted)",
            len(data),
            file=LOG_FILE_NAME,
            n=NUMERALS.integer(len(data)),
        ),
    )


ROUTES = [
    CommandRoute(
        CommandSpec("userstats", "Users, lookups, cache and upstream figures", admin=True),
        userstats,
    ),
    CommandRoute(
        CommandSpec("health", "Database, cache, upstreams, breakers, uptime", admin=True), health
    ),
    CommandRoute(
        CommandSpec("log", "The log file, or its last lines", usage="[lines]", admin=True),
        log_file,
    ),
]
