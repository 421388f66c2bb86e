"""Scenario 4 of the load benchmark: one real broadcast to many recipients, on virtual time.

The owner sends ``/broadcast <text>`` through the test client and presses
Confirm, exactly as in ``tests/e2e/test_broadcast.py``; the bot then copies
the preview to every recipient in its database at ``BROADCAST_RATE``.

At 25 a second, 100,000 recipients would take over an hour, so the bot under
test runs on a ``VirtualClock``: real monotonic time plus an offset, with a
``sleep`` that advances the offset instead of waiting. The clock goes in
through ``open_services(settings, clock=...)`` and the sleep through
``BroadcastService.sleep``, the two seams the end-to-end tests use. So a
pacing pause costs no real time, but every real microsecond the bot spends
on a send (building it, the database writes around it, parsing Telegram's
answer, progress edits) still moves the clock. The achieved rate is
recipients delivered / virtual seconds from Confirm to the end: it is the
configured rate when the bot keeps up (N copies over N - 1 intervals, so at
most 1 + 1/N of it: 1.0004 with 2,000), and drops below it when a send takes
longer than its slot.

This bot is separate from the one the other scenarios use: its own SQLite
file (recipients seeded with one bulk insert, not measured), its own owner,
the same Redis and settings otherwise. Its test client answers
``ForwardMessages`` leanly: it counts the copies per recipient in a byte
array (so the harness holds next to nothing per send, and the memory figure
is the bot's) and returns the one new message with the users it concerns,
as Telegram does.
"""

from __future__ import annotations

import asyncio
import gc
import itertools
import math
import sqlite3
import time
from collections import Counter, deque
from collections.abc import Callable
from contextlib import AsyncExitStack
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from pyrogram import raw

from app.wiring.bootstrap import SQLITE_FILE, open_services
from app.wiring.bot import all_routes, install_handlers
from app.wiring.context import Services
from bench.support import BenchHarness, release_freed_memory, rss_mb
from domain.broadcast.job import BroadcastStatus
from infra.config import Settings
from tests.harness.telegram import BOT_ID, make_user, new_client, roundtrip

SECTION = "4. broadcast"
OWNER_ID = 40_000_000  # the broadcasting owner; recipients follow it: 40_000_001, ...
TEXT = "<b>Bench news</b>: a new season & more"
FINISHED = "Broadcast finished"


class Reporter(Protocol):
    notes: list[str]

    def row(self, section: str, label: str, value: Any, unit: str = "") -> None: ...

    def key(self, name: str, value: Any) -> None: ...


# --------------------------------------------------------------------------- virtual time


class VirtualClock:
    """The ``Clock`` port: real monotonic time plus an offset that ``sleep`` advances.

    ``sleep`` yields to the event loop once (as a real sleep would let other
    tasks run) but returns at once; the time it "slept" is added to the offset.
    """

    def __init__(self) -> None:
        self._wall0 = time.time()
        self._mono0 = time.monotonic()
        self.offset = 0.0
        self.sleeps = 0  # calls
        self.waits = 0  # calls with a positive duration: the bot was early for its slot

    def seconds(self) -> float:
        return self._wall0 + (time.monotonic() - self._mono0) + self.offset

    def now(self) -> datetime:
        return datetime.fromtimestamp(self.seconds(), UTC)

    async def sleep(self, seconds: float) -> None:
        self.sleeps += 1
        if seconds > 0:
            self.waits += 1
            self.offset += seconds
        await asyncio.sleep(0)


# --------------------------------------------------------------------------- lean test client


@dataclass
class Gaps:
    """Virtual time between consecutive copies: the pacing as Telegram would see it.

    Slots are exactly ``interval`` apart, but each copy leaves some real time
    after its slot (the claim written to the database first), so single gaps
    jitter around the interval; ``busiest`` (most copies in any one second)
    is what a rate limit counts.
    """

    interval: float
    first: float = math.nan
    last: float = math.nan
    smallest: float = math.inf
    largest: float = 0.0
    late: int = 0  # more than 1.5 intervals apart (the bot fell behind)
    busiest: int = 0
    _window: deque[float] = field(default_factory=deque)

    def stamp(self, at: float) -> None:
        if not math.isnan(self.last):
            gap = at - self.last
            self.smallest = min(self.smallest, gap)
            self.largest = max(self.largest, gap)
            if gap > self.interval * 1.5:
                self.late += 1
        else:
            self.first = at
        self.last = at
        window = self._window
        window.append(at)
        while window[0] <= at - 1.0:
            window.popleft()
        self.busiest = max(self.busiest, len(window))


class BroadcastHarness(BenchHarness):
    """``BenchHarness`` whose ``ForwardMessages`` keeps a count per recipient and nothing else.

    Recipients are ``first_id .. first_id + count - 1``; copies elsewhere are
    counted in ``strays``. What the bot receives is what the tests' client
    returns (the copied text and entities as a new message in the
    recipient's chat, with the bot and the recipient as users), TL
    round-tripped as the tests' client does, and not kept.
    """

    def __init__(self, client: Any, first_id: int, count: int, clock: VirtualClock) -> None:
        super().__init__(client)
        self.first_id = first_id
        self.copies = bytearray(count)
        self.strays: Counter[int] = Counter()
        self.not_copies = 0  # forwards without drop_author, or of another message
        self.source_id: int | None = None
        self.clock = clock
        self.gaps = Gaps(0.0)
        self.forwards = 0
        self.forward_seconds = 0.0  # real time spent in this client answering them

    async def _invoke(self, query: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(query, raw.functions.messages.ForwardMessages):
            try:
                return self._forward(query)
            except Exception as exc:
                self.harness_errors.append(exc)
                raise
        return await super()._invoke(query, *args, **kwargs)

    def _forward(self, q: Any) -> Any:
        started = time.perf_counter()
        self.gaps.stamp(self.clock.seconds())
        self.forwards += 1
        user_id = int(q.to_peer.user_id)
        index = user_id - self.first_id
        if 0 <= index < len(self.copies):
            self.copies[index] = min(255, self.copies[index] + 1)
        else:
            self.strays[user_id] += 1
        if q.drop_author is not True or list(q.id) != [self.source_id]:
            self.not_copies += 1
        now = int(time.time())
        updates = []
        for message_id in q.id:
            source = self.raw_messages[message_id]
            message = raw.types.Message(
                id=next(self._ids),
                peer_id=raw.types.PeerUser(user_id=user_id),
                date=now,
                message=source.message,
                out=True,
                entities=source.entities,
                from_id=raw.types.PeerUser(user_id=BOT_ID),
            )
            updates.append(
                raw.types.UpdateNewMessage(message=message, pts=next(self._pts), pts_count=1)
            )
        answer = roundtrip(  # network defaults (empty vectors), as the bot would decode them
            raw.types.Updates(
                updates=updates,
                users=[self.bot_user, make_user(user_id, "Fan")],
                chats=[],
                date=now,
                seq=0,
            )
        )
        self.forward_seconds += time.perf_counter() - started
        return answer


# --------------------------------------------------------------------------- memory


class RssSampler:
    """VmRSS every ``every`` seconds (real), with how many copies had gone out by then."""

    def __init__(self, harness: BroadcastHarness, every: float = 0.1) -> None:
        self.harness = harness
        self.every = every
        self.samples: list[tuple[int, float]] = []
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._loop(), name="bench-rss-sampler")

    async def _loop(self) -> None:
        while True:
            self.samples.append((self.harness.forwards, rss_mb()[0]))
            await asyncio.sleep(self.every)

    async def stop(self) -> None:
        self.samples.append((self.harness.forwards, rss_mb()[0]))
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)

    @property
    def peak(self) -> float:
        return max((r for _, r in self.samples), default=math.nan)

    def at(self, copies: int) -> float:
        """RSS of the first sample taken once ``copies`` had gone out."""
        return next((r for n, r in self.samples if n >= copies), math.nan)


def reset_peak_rss() -> bool:
    """Reset VmHWM to the current RSS (Linux ``clear_refs`` 5); False when not allowed."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as refs:
            refs.write("5")
    except OSError:
        return False
    return True


# --------------------------------------------------------------------------- seeding


def seed_recipients(db_path: Path, first_id: int, count: int, at: float) -> None:
    """``count`` users ``first_id, first_id + 1, ...``, none blocked, in one transaction.

    The rows are what ``SqliteUserRepository.record_seen`` writes for a new user.
    """
    rows = ((first_id + i, f"Fan{i}", at, at) for i in range(count))
    conn = sqlite3.connect(db_path)
    try:
        with conn:
            conn.executemany(
                "INSERT OR IGNORE INTO users (id, first_name, last_name, username, "
                "language_code, first_seen, last_seen, blocked) "
                "VALUES (?, ?, '', '', 'en', ?, ?, 0)",
                rows,
            )
    finally:
        conn.close()


async def seed_peers(harness: BroadcastHarness, first_id: int, count: int) -> None:
    """Make every recipient known to the bot's session (as users who wrote to it are)."""
    ids = iter(range(first_id, first_id + count))
    while chunk := list(itertools.islice(ids, 5000)):
        await harness.client.fetch_peers([make_user(i, "Fan") for i in chunk])


# --------------------------------------------------------------------------- scenario


@dataclass
class Outcome:
    recipients: int
    seed_seconds: float = 0.0
    real_seconds: float = math.nan
    virtual_seconds: float = math.nan
    product_seconds: float = math.nan  # the job's own started_at .. finished_at
    job: Any = None
    summary: str = ""
    progress_edits: int = 0
    rss_before: float = math.nan
    rss_peak: float = math.nan
    rss_after: float = math.nan
    rss_held: float = math.nan
    hwm_reset: bool = False
    rss_by_quarter: list[float] = field(default_factory=list)
    clock_sleeps: int = 0
    clock_waits: int = 0
    harness: BroadcastHarness | None = None
    problems: list[str] = field(default_factory=list)


async def open_bot(
    settings: Settings, clock: VirtualClock, count: int, stack: AsyncExitStack
) -> tuple[Services, BroadcastHarness]:
    services = await stack.enter_async_context(open_services(settings, clock=clock))
    harness = BroadcastHarness(new_client(workers=settings.bot_workers), OWNER_ID, count, clock)
    harness.allow_refusals = True  # counted and reported instead of failing at stop()
    install_handlers(harness.client, services, all_routes())
    await harness.start()
    stack.push_async_callback(harness.stop)
    # A run cut short (time budget) must not leave the broadcast running on closed services.
    stack.push_async_callback(services.admin.broadcasts.shutdown, 1.0)
    return services, harness


async def broadcast_once(
    make_settings: Callable[..., Settings], data_dir: Path, count: int
) -> Outcome:
    """Seed ``count`` recipients (the owner is one), run one broadcast, check every copy."""
    out = Outcome(count)
    clock = VirtualClock()
    settings = make_settings(data_dir, owner_ids=[OWNER_ID])
    owner = make_user(OWNER_ID, "Owner", "bench_owner")
    async with AsyncExitStack() as stack:
        services, tg = await open_bot(settings, clock, count, stack)
        broadcasts = services.admin.broadcasts
        broadcasts.sleep = clock.sleep  # the seam the e2e tests use (FakeSleep)
        tg.gaps = Gaps(1.0 / broadcasts.rate)

        started = time.perf_counter()
        seed_recipients(settings.data_dir / SQLITE_FILE, OWNER_ID, count, time.time())
        await seed_peers(tg, OWNER_ID + 1, count - 1)
        out.seed_seconds = time.perf_counter() - started

        await tg.send_text(owner, f"/broadcast {TEXT}")
        prompt = tg.last_sent(owner.id)
        if prompt is None or f"to {count:,} users" not in prompt.text:  # "2,000": Babel's
            shown = prompt.text if prompt else "nothing"
            raise AssertionError(f"broadcast: the preview does not offer {count} users: {shown!r}")
        tg.source_id = prompt.reply_to

        gc.collect()
        release_freed_memory()
        out.rss_before = rss_mb()[0]
        out.hwm_reset = reset_peak_rss()
        sampler = RssSampler(tg)
        sampler.start()
        real0, virtual0 = time.perf_counter(), clock.seconds()
        try:
            await tg.press(owner, prompt, button="Confirm")
            out.job = await broadcasts.wait()
        finally:
            out.real_seconds = time.perf_counter() - real0
            out.virtual_seconds = clock.seconds() - virtual0
            await sampler.stop()
        hwm = rss_mb()[1] if out.hwm_reset else math.nan
        out.rss_peak = max(sampler.peak, hwm) if out.hwm_reset else sampler.peak
        out.rss_by_quarter = [sampler.at(count * q // 4) for q in (1, 2, 3, 4)]
        out.rss_after = rss_mb()[0]
        gc.collect()
        out.rss_held = release_freed_memory()

        job = out.job
        if job is not None and job.started_at and job.finished_at:
            out.product_seconds = (job.finished_at - job.started_at).total_seconds()
        last = tg.last_sent(owner.id)
        out.summary = last.text if last is not None else ""
        out.progress_edits = prompt.edits
        out.problems = check(out, tg)
        out.clock_sleeps, out.clock_waits = clock.sleeps, clock.waits
        out.harness = tg
    return out


def check(out: Outcome, tg: BroadcastHarness) -> list[str]:
    """Everything that should hold after a clean broadcast; what does not, in words."""
    problems = []
    job, count = out.job, out.recipients
    if job is None:
        return ["no broadcast ran"]
    if job.status is not BroadcastStatus.DONE:
        problems.append(f"status {job.status.value}")
    if (job.sent, job.blocked, job.failed, job.uncertain) != (count, 0, 0, 0):
        problems.append(
            f"sent/blocked/failed/uncertain {job.sent}/{job.blocked}/{job.failed}/"
            f"{job.uncertain}, expected {count}/0/0/0 ({dict(job.failures)})"
        )
    got = Counter(tg.copies)
    if got[1] != count:
        missing, twice = got[0], sum(v for k, v in got.items() if k > 1)
        problems.append(f"{missing} recipients got no copy, {twice} got more than one")
    if tg.strays:
        problems.append(f"copies to {len(tg.strays)} users who are not recipients")
    if tg.not_copies:
        problems.append(f"{tg.not_copies} forwards were not copies of the preview")
    sent = f"Sent: {count:,} · Failed: 0 · Blocked: 0"
    if FINISHED not in out.summary or sent not in out.summary:
        problems.append(f"summary {out.summary[:120]!r}")
    if tg.harness_errors:
        problems.append(f"the test client failed: {tg.harness_errors[0]!r}")
    if tg.refused:
        problems.append(f"Telegram would refuse: {tg.refused[0]!r}")
    return problems


async def scenario_broadcast(
    report: Reporter,
    make_settings: Callable[..., Settings],
    data_dir: Path,
    count: int,
    fmt: Callable[[Any], str],
) -> None:
    """Run it and write the section and the keys (raises when a copy went wrong)."""
    out = await broadcast_once(make_settings, data_dir, count)
    tg = out.harness
    assert tg is not None
    job = out.job
    rate = 1.0 / tg.gaps.interval
    delivered = job.sent if job is not None else 0
    achieved = delivered / out.virtual_seconds if out.virtual_seconds > 0 else math.nan
    ratio = achieved / rate
    real_ups = delivered / out.real_seconds if out.real_seconds > 0 else math.nan
    spaced = tg.gaps.last - tg.gaps.first
    spacing_rate = (tg.forwards - 1) / spaced if spaced > 0 else math.nan
    growth = out.rss_peak - out.rss_before
    ideal = (count - 1) / rate

    report.row(SECTION, "recipients (seeded in SQLite, the owner one of them)", count)
    report.row(SECTION, "seeding users + session peers (not measured)", out.seed_seconds, "s")
    report.row(SECTION, "configured rate (BROADCAST_RATE)", rate, "/s")
    report.row(
        SECTION,
        "sent / blocked / failed / uncertain",
        "/".join(str(getattr(job, k, "-")) for k in ("sent", "blocked", "failed", "uncertain")),
    )
    report.row(
        SECTION,
        "copies per recipient",
        ", ".join(f"{k}: {v}" for k, v in sorted(Counter(tg.copies).items())),
    )
    report.row(SECTION, "achieved rate, virtual time (Confirm to end)", achieved, "/s")
    report.row(SECTION, "broadcast_rate_ratio (achieved / configured)", f"{ratio:.4f}")
    report.row(
        SECTION,
        "virtual time / ideal (N-1)/rate",
        f"{fmt(out.virtual_seconds)} / {fmt(ideal)} s "
        f"(the job's own: {fmt(out.product_seconds)} s)",
    )
    report.row(SECTION, "  rate from the spacing of the copies", spacing_rate, "/s")
    report.row(
        SECTION,
        "  gaps between copies min / max",
        f"{1000 * tg.gaps.smallest:.2f} / {1000 * tg.gaps.largest:.2f} ms "
        f"(interval {1000 * tg.gaps.interval:.2f})",
    )
    report.row(SECTION, "  gaps over 1.5 intervals (the bot fell behind)", tg.gaps.late)
    report.row(SECTION, "  most copies in any one second", tg.gaps.busiest)
    report.row(
        SECTION,
        "  pacing sleeps, of which waited",
        f"{out.clock_sleeps}, {out.clock_waits} (the rest found the bot late for its slot)",
    )
    report.row(SECTION, "real wall time, unpaced", out.real_seconds, "s")
    report.row(SECTION, "real sends per second (how fast unpaced)", real_ups, "/s")
    per_send = out.real_seconds / delivered if delivered else math.nan
    client_share = tg.forward_seconds / delivered if delivered else math.nan
    report.row(
        SECTION,
        "real time per send, all / in the test client",
        f"{1000 * per_send:.3f} / {1000 * client_share:.3f} ms",
    )
    report.row(SECTION, "progress edits of the owner's message", out.progress_edits)
    report.row(
        SECTION,
        "RSS before / peak during / after",
        f"{fmt(out.rss_before)} / {fmt(out.rss_peak)} / {fmt(out.rss_after)} MiB"
        + (f" ({fmt(out.rss_held)} after malloc_trim)" if not math.isnan(out.rss_held) else ""),
    )
    report.row(SECTION, "peak RSS growth during the broadcast", growth, "MiB")
    report.row(
        SECTION,
        "  RSS growth at 25/50/75/100 % of the copies",
        " / ".join(fmt(r - out.rss_before) for r in out.rss_by_quarter)
        + " MiB"
        + ("" if out.hwm_reset else " (VmHWM not resettable: sampled every 0.1 s)"),
    )
    report.key("broadcast_rate_ratio", f"{ratio:.4f}")
    report.key("broadcast_real_ups", real_ups)
    report.key("broadcast_rss_growth_mb", growth)
    report.key("broadcast_recipients", count)
    if tg.gaps.busiest > math.floor(rate) + 1:
        report.notes.append(
            f"broadcast: {tg.gaps.busiest} copies went out within one second "
            f"at a configured rate of {fmt(rate)}/s (a burst)"
        )
    if out.problems:
        report.row(SECTION, "problems", "; ".join(out.problems))
        raise AssertionError("broadcast: " + "; ".join(out.problems))
