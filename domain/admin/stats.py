"""/userstats: figures gathered by the caller, rendered here as HTML."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta

from domain.admin.ports import LookupStatsRepository, UserDirectory
from domain.admin.text import PLAIN, Numerals
from domain.i18n import N_, gettext, ngettext
from domain.ports import Clock, UserRepository
from domain.text import escape, isolate

WINDOWS: tuple[tuple[str, timedelta], ...] = (
    # Translators: a window of /userstats, abbreviated: the last 24 hours.
    (N_("24 h"), timedelta(days=1)),
    # Translators: a window of /userstats, abbreviated: the last 7 days.
    (N_("7 d"), timedelta(days=7)),
    # Translators: a window of /userstats, abbreviated: the last 30 days.
    (N_("30 d"), timedelta(days=30)),
)
SOURCE_NAMES = {"mdl": "MyDramaList", "imdb": "IMDb"}


@dataclass(frozen=True, slots=True)
class UserCounts:
    total: int
    active: dict[str, int]  # window label → users seen in it
    new: dict[str, int]  # window label → users first seen in it
    blocked: int


@dataclass(frozen=True, slots=True)
class Upstream:
    lookups: int  # lookups that had to ask the upstream (cache misses)
    errors: int  # of those, how many the upstream failed

    @property
    def error_rate(self) -> float:
        return self.errors / self.lookups if self.lookups else 0.0


@dataclass(frozen=True, slots=True)
class LookupFigures:
    by_source: dict[str, int] = field(default_factory=dict)
    top_queries: list[tuple[str, int]] = field(default_factory=list)
    hits: int = 0
    misses: int = 0
    upstreams: dict[str, Upstream] = field(default_factory=dict)

    @property
    def hit_ratio(self) -> float:
        total = self.hits + self.misses
        return self.hits / total if total else 0.0


def lookup_figures(
    outcomes: Mapping[tuple[str, str], float],
    by_source: dict[str, int],
    top_queries: list[tuple[str, int]],
) -> LookupFigures:
    """Fold the lookup observer's (namespace, outcome) counters into per-source figures.

    Namespaces are ``<source>:<kind>`` (``mdl:search``); a miss is a lookup
    that had to ask the upstream, an ``upstream_error`` one that it failed.
    """
    hits = misses = 0
    calls: dict[str, int] = {}
    errors: dict[str, int] = {}
    for (namespace, outcome), value in outcomes.items():
        source = namespace.split(":", 1)[0]
        n = int(value)
        if outcome == "hit":
            hits += n
        elif outcome == "miss":
            misses += n
            calls[source] = calls.get(source, 0) + n
        elif outcome == "reload":  # a scheduler refresh: an upstream call, not a cache miss
            calls[source] = calls.get(source, 0) + n
        elif outcome == "upstream_error":
            errors[source] = errors.get(source, 0) + n
    upstreams = {
        source: Upstream(calls.get(source, 0), errors.get(source, 0))
        for source in sorted(set(calls) | set(errors))
    }
    return LookupFigures(by_source, top_queries, hits, misses, upstreams)


def hits_and_misses(hits: int, misses: int, numerals: Numerals = PLAIN) -> tuple[str, str]:
    """ "3 hits" and "1 miss", each with its language's plural."""
    n = numerals.integer
    return (
        ngettext("{n} hit", "{n} hits", hits, n=n(hits)),
        ngettext("{n} miss", "{n} misses", misses, n=n(misses)),
    )


def render_user_stats(users: UserCounts, lookups: LookupFigures, numerals: Numerals = PLAIN) -> str:
    n = numerals.integer
    windows = [label for label, _ in WINDOWS]
    active = " · ".join(f"{gettext(label)}: {n(users.active.get(label, 0))}" for label in windows)
    new = " · ".join(f"{gettext(label)}: {n(users.new.get(label, 0))}" for label in windows)
    lines = [
        gettext("<b>👥 Users</b>"),
        gettext("Total: {n}", n=n(users.total)),
        # Translators: {windows} is "24 h: 3 · 7 d: 5 · 30 d: 9", users seen in each.
        gettext("Active — {windows}", windows=active),
        # Translators: {windows} is "24 h: 1 · 7 d: 2 · 30 d: 4", users first seen in each.
        gettext("New — {windows}", windows=new),
        gettext("Blocked the bot: {n}", n=n(users.blocked)),
        "",
        gettext("<b>🔎 Lookups</b>"),
    ]
    if lookups.by_source:
        ranked = sorted(lookups.by_source.items(), key=lambda kv: (-kv[1], kv[0]))
        lines += [f"{isolate(escape(source))}: {n(count)}" for source, count in ranked]
    else:
        lines.append(gettext("None yet."))
    if lookups.top_queries:
        lines += ["", gettext("<b>🏆 Top queries</b>")]
        lines += [
            f"{i}. {isolate(escape(query))} — {n(count)}"
            for i, (query, count) in enumerate(lookups.top_queries, 1)
        ]
    hits, misses = hits_and_misses(lookups.hits, lookups.misses, numerals)
    lines += [
        "",
        gettext("<b>⚙️ Since start-up</b>"),
        # Translators: {hits} is "3 hits", {misses} "1 miss".
        gettext(
            "Cache hit ratio: {percent} ({hits}, {misses})",
            percent=numerals.percent(lookups.hit_ratio),
            hits=hits,
            misses=misses,
        ),
    ]
    for source, upstream in lookups.upstreams.items():
        lines.append(
            # Translators: {source} is MyDramaList or IMDb; "3 of 120" lookups failed.
            gettext(
                "{source} errors: {percent} ({errors} of {lookups})",
                source=isolate(escape(SOURCE_NAMES.get(source, source))),
                percent=numerals.percent(upstream.error_rate),
                errors=n(upstream.errors),
                lookups=n(upstream.lookups),
            )
        )
    return "\n".join(lines)


class UserStatistics:
    """/userstats: the repositories' figures plus the process's own lookup counters."""

    def __init__(
        self,
        users: UserRepository,
        directory: UserDirectory,
        lookups: LookupStatsRepository,
        clock: Clock,
        top: int = 10,
    ) -> None:
        self._users = users
        self._directory = directory
        self._lookups = lookups
        self._clock = clock
        self._top = top

    async def counts(self) -> UserCounts:
        now, directory = self._clock.now(), self._directory
        active = {label: await directory.count_active_since(now - span) for label, span in WINDOWS}
        new = {label: await directory.count_new_since(now - span) for label, span in WINDOWS}
        return UserCounts(await self._users.count(), active, new, await directory.count_blocked())

    async def report(
        self, outcomes: Mapping[tuple[str, str], float], numerals: Numerals = PLAIN
    ) -> str:
        """HTML; ``outcomes`` are the lookup observer's (namespace, outcome) counts."""
        figures = lookup_figures(
            outcomes, await self._lookups.by_source(), await self._lookups.top_queries(self._top)
        )
        return render_user_stats(await self.counts(), figures, numerals)
