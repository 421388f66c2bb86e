"""/cache_stats and /cache_analyze: cache figures rendered as HTML, backend-neutral."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from domain.models import NamespaceStats
from domain.text import escape

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

# Upper bounds (seconds) of the TTL buckets, with their labels.
TTL_BUCKETS: tuple[tuple[float, str], ...] = (
    (60, "< 1 min"),
    (3600, "< 1 h"),
    (86400, "< 1 d"),
    (7 * 86400, "< 7 d"),
    (float("inf"), "≥ 7 d"),
)
LARGEST = 5


def _size(n: int) -> str:
    if n < 1024:
        return f"{n} B"
    if n < 1024 * 1024:
        return f"{n / 1024:.1f} KB"
    return f"{n / 1024 / 1024:.1f} MB"


def render_cache_stats(stats: Sequence[NamespaceStats], backend: str) -> str:
    lines = [f"<b>🗄 Cache ({escape(backend)})</b>"]
    hits = sum(s.hits for s in stats)
    misses = sum(s.misses for s in stats)
    for s in stats:
        ratio = f"{s.hit_ratio * 100:.0f} %" if s.hits + s.misses else "–"
        lines.append(
            f"<code>{escape(s.namespace)}</code>: {s.keys} keys, {_size(s.memory_bytes)}, "
            f"{s.hits} hits / {s.misses} misses ({ratio})"
        )
    total = hits + misses
    overall = f"{hits / total * 100:.1f} %" if total else "–"
    lines += ["", f"Overall hit ratio since start-up: {overall} ({hits} / {total})"]
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


def render_analysis(reports: Sequence[TtlReport]) -> str:
    lines = ["<b>🔬 Cache analysis</b>"]
    for report in reports:
        lines += ["", f"<b>{escape(report.namespace)}</b>: {report.keys} keys"]
        if not report.keys:
            continue
        spread = ", ".join(f"{label}: {n}" for label, n in report.buckets.items() if n)
        lines.append(f"TTL left — {spread or 'none'}")
        if report.no_ttl:
            lines.append(f"⚠️ Without TTL: {report.no_ttl}")
        largest = ", ".join(
            f"<code>{escape(key[:40])}</code> {_size(size)}" for key, size in report.largest
        )
        lines.append(f"Largest: {largest}")
    return "\n".join(lines)
