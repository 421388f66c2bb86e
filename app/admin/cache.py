"""Owner commands for the cache: /cachereload, /cache_stats, /cache_analyze (any backend)."""

from __future__ import annotations

from pyrogram import Client, types

from app.admin.numerals import NUMERALS
from app.telegram.replies import reply
from app.wiring.commands import CommandSpec
from app.wiring.context import Services
from app.wiring.routing import CommandRoute
from domain.admin.cache_report import (
    LOOKUP_NAMESPACES,
    OTHER_NAMESPACES,
    analyse,
    render_analysis,
    render_cache_stats,
)
from domain.i18n import gettext, ngettext
from domain.text import TEXT_LIMIT, fit_html

SHOWN = (*LOOKUP_NAMESPACES, *OTHER_NAMESPACES)


def _backend(services: Services) -> str:
    if services.settings.redis_url is not None:
        return "Redis"
    # Translators: where the cache lives when there is no Redis: the bot's own memory.
    return gettext("in-process memory")


async def cache_reload(client: Client, message: types.Message, services: Services) -> None:
    cleared = 0
    for namespace in LOOKUP_NAMESPACES:
        cleared += await services.cache.clear(namespace)
    text = ngettext(
        "🧹 Cleared {n} cached lookup. The next lookups ask MyDramaList and IMDb afresh.",
        "🧹 Cleared {n} cached lookups. The next lookups ask MyDramaList and IMDb afresh.",
        cleared,
        n=NUMERALS.integer(cleared),
    )
    kept = gettext("Live buttons, templates and recent titles are kept.")
    await reply(message, f"{text}\n{kept}")


async def cache_stats(client: Client, message: types.Message, services: Services) -> None:
    stats = await services.cache.stats(SHOWN)
    text = render_cache_stats(stats, _backend(services), NUMERALS)
    await reply(message, fit_html(text, TEXT_LIMIT))


async def cache_analyze(client: Client, message: types.Message, services: Services) -> None:
    reports = [analyse(ns, await services.cache.ttls(ns)) for ns in SHOWN]
    await reply(message, fit_html(render_analysis(reports, NUMERALS), TEXT_LIMIT))


ROUTES = [
    CommandRoute(CommandSpec("cachereload", "Clear the cached lookups", admin=True), cache_reload),
    CommandRoute(
        CommandSpec("cache_stats", "Cache hits, misses, keys and memory", admin=True),
        cache_stats,
    ),
    CommandRoute(
        CommandSpec("cache_analyze", "Cache TTLs and the largest keys", admin=True),
        cache_analyze,
    ),
]
