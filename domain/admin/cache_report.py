"""/cache_stats and /cache_analyze: cache figures rendered as HTML, backend-neutral."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from domain.admin.stats import hits_and_misses
from domain.admin.text import PLAIN, Numerals
from domain.i18n import N_, gettext, ngettext
from domain.models import NamespaceStats
from domain.text import escape, isolate

# What /cachereload clears: lookup results only. Sessions (live buttons), user
# templates and recent titles are state, not cache, and survive a reload.
LOOKUP_NAMESPACES = (
    "mdl:search",
    "mdl:title",
    "mdl:cast",
    "mdl:episodes",
    "mdl:schedule",
    "mdl:season",
    "imdb:search",
    "imdb:title",
    "tmdb:find",
    "tmdb:match",
    "tmdb:title",
)
# Shown by the statistics commands besides the lookup namespaces.
OTHER_NAMESPACES = ("session", "recent", "tpl")

# Upper bounds (seconds) of the TTL buckets, with their labels (time left, abbreviated).
TTL_BUCKETS: tuple[tuple[float, str], ...] = (
    # Translators: time left before a cached entry expires: less than a minute.
    (60, N_("< 1 min")),
    # Translators: time left before a cached entry expires: less than an hour.
    (3600, N_("< 1 h")),
    # Translators: time left before a cached entry expires: less than a day.
    (86400, N_("< 1 d")),
    # Translators: time left before a cached entry expires: less than 7 days.
    (7 * 86400, N_("< 7 d")),
    # Translators: time left before a cached entry expires: 7 days or more.
    (float("inf"), N_("≥ 7 d")),
)
LARGEST = 5


def _keys(n: int, numerals: Numerals) -> str:
    return ngettext("{n} key", "{n} keys", n, n=numerals.integer(n))


def render_cache_stats(
    stats: Sequence[NamespaceStats], backend: str, numerals: Numerals = PLAIN
) -> str:
    # Translators: {backend} is where the cache lives: Redis, or the bot's own memory.
    lines = [gettext("<b>🗄 Cache ({backend})</b>", backend=isolate(escape(backend)))]
    hits = sum(s.hits for s in stats)
    misses = sum(s.misses for s in stats)
    for s in stats:
        ratio = numerals.percent(s.hit_ratio, decimals=False) if s.hits + s.misses else "–"
        shown_hits, shown_misses = hits_and_misses(s.hits, s.misses, numerals)
        # Translators: one cache namespace: "2 keys, 2.0 KB, 3 hits / 1 miss (75 %)".
        line = gettext(
            "{keys}, {size}, {hits} / {misses} ({ratio})",
            keys=_keys(s.keys, numerals),
            size=numerals.size(s.memory_bytes),
            hits=shown_hits,
            misses=shown_misses,
            ratio=ratio,
        )
        lines.append(f"{isolate(f'<code>{escape(s.namespace)}</code>')}: {line}")
    total = hits + misses
    overall = numerals.percent(hits / total) if total else "–"
    lines += [
        "",
        # Translators: {hits} of {total} lookups were answered from the cache.
        gettext(
            "Overall hit ratio since start-up: {percent} ({hits} / {total})",
            percent=overall,
            hits=numerals.integer(hits),
            total=numerals.integer(total),
        ),
    ]
    return "\n".join(lines)


@dataclass(frozen=True, slots=True)
class TtlReport:
    namespace: str
    keys: int
    buckets: dict[str, int]
    no_ttl: int
    largest: list[tuple[str, int]]


def analyse(namespace: str, entries: Iterable[tuple[str, float, int]]) -> TtlReport:
    """Bucket ``(key, seconds left or -1, size)`` entries by time left; note the largest."""
    buckets = {label: 0 for _, label in TTL_BUCKETS}
    no_ttl = keys = 0
    sizes: list[tuple[str, int]] = []
    for key, ttl, size in entries:
        keys += 1
        sizes.append((key, size))
        if ttl < 0:
            no_ttl += 1
            continue
        label = next(label for bound, label in TTL_BUCKETS if ttl < bound)
        buckets[label] += 1
    sizes.sort(key=lambda item: (-item[1], item[0]))
    return TtlReport(namespace, keys, buckets, no_ttl, sizes[:LARGEST])


def render_analysis(reports: Sequence[TtlReport], numerals: Numerals = PLAIN) -> str:
    lines = [gettext("<b>🔬 Cache analysis</b>")]
    for report in reports:
        name = isolate(f"<b>{escape(report.namespace)}</b>")
        lines += ["", f"{name}: {_keys(report.keys, numerals)}"]
        if not report.keys:
            continue
        spread = ", ".join(
            f"{gettext(label)}: {numerals.integer(n)}" for label, n in report.buckets.items() if n
        )
        # Translators: {spread} is "< 1 h: 3, ≥ 7 d: 1": how many keys expire when.
        lines.append(gettext("TTL left — {spread}", spread=spread or gettext("none")))
        if report.no_ttl:
            lines.append(gettext("⚠️ Without TTL: {n}", n=numerals.integer(report.no_ttl)))
        largest = ", ".join(
            f"{isolate(f'<code>{escape(key[:40])}</code>')} {numerals.size(size)}"
            for key, size in report.largest
        )
        lines.append(gettext("Largest: {keys}", keys=largest))
    return "\n".join(lines)
