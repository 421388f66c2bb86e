"""A broadcast's state and the arithmetic of running one: progress, ETA.

Pure: time comes in as arguments, so tests never wait.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from domain.i18n import gettext
from domain.pacing import Delivery, DeliveryKind
from domain.text import escape, isolate


class BroadcastStatus(StrEnum):
    DRAFT = "draft"  # previewed, waiting for Confirm
    RUNNING = "running"  # confirmed; resumed after a restart
    STOPPED = "stopped"  # /stop_broadcast
    DONE = "done"
    CANCELLED = "cancelled"  # Cancel pressed on the preview


@dataclass
class BroadcastJob:
    """Everything needed to run, resume and report one broadcast.

    ``cursor`` is the id of the last recipient whose outcome is recorded;
    ``pending`` is the recipient whose message is in flight (claimed before the
    send, cleared after it). Recipients are visited in increasing id order.
    """

    id: str
    owner_chat_id: int
    source_chat_id: int
    source_message_id: int
    created_at: datetime
    status: BroadcastStatus = BroadcastStatus.DRAFT
    total: int = 0
    cursor: int = 0
    pending: int | None = None
    sent: int = 0
    blocked: int = 0
    failed: int = 0
    # Recipients in flight at a crash: maybe delivered, never retried.
    uncertain: int = 0
    failures: Counter[str] = field(default_factory=Counter)
    progress_message_id: int | None = None
    started_at: datetime | None = None
    finished_at: datetime | None = None

    @property
    def done(self) -> int:
        return self.sent + self.blocked + self.failed + self.uncertain

    @property
    def active(self) -> bool:
        return self.status is BroadcastStatus.RUNNING

    def record(self, user_id: int, delivery: Delivery) -> None:
        if delivery.kind is DeliveryKind.SENT:
            self.sent += 1
        elif delivery.kind is DeliveryKind.BLOCKED:
            self.blocked += 1
        else:
            self.failed += 1
            self.failures[delivery.reason or "unknown"] += 1
        self.cursor = user_id
        self.pending = None

    def settle_interrupted(self) -> None:
        """After a crash: the recipient in flight may have it already, so it is not retried."""
        if self.pending is not None:
            self.uncertain += 1
            self.cursor = max(self.cursor, self.pending)
            self.pending = None


class Throttle:
    """True at most once every ``every`` seconds: progress edits stay rare."""

    def __init__(self, every: float) -> None:
        self.every = every
        self._last: float | None = None

    def due(self, now: float) -> bool:
        if self._last is not None and now - self._last < self.every:
            return False
        self._last = now
        return True


def eta_seconds(done: int, total: int, elapsed: float) -> float | None:
    """Time left at the pace so far; None until there is a pace to go by."""
    if done <= 0 or elapsed <= 0:
        return None
    return max(0, total - done) * elapsed / done


def _plain_integer(value: float) -> str:
    return str(round(value))


def _plain_decimal(value: float) -> str:
    return f"{value:.1f}"


@dataclass(frozen=True, slots=True)
class Numerals:
    """How the owner's language writes a count and a figure with one decimal (the app passes
    Babel's; the domain imports no Babel). The default writes them plainly."""

    integer: Callable[[float], str] = _plain_integer
    decimal: Callable[[float], str] = _plain_decimal


PLAIN = Numerals()


def _duration(seconds: float, numerals: Numerals = PLAIN) -> str:
    seconds = round(seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    n = numerals.integer
    if hours:
        # Translators: a duration in hours and minutes, abbreviated; {minutes} has two digits.
        return gettext("{hours}h {minutes}m", hours=n(hours), minutes=str(minutes).zfill(2))
    if minutes:
        # Translators: a duration in minutes and seconds, abbreviated; {seconds} has two digits.
        return gettext("{minutes}m {seconds}s", minutes=n(minutes), seconds=str(secs).zfill(2))
    # Translators: a duration in seconds, abbreviated.
    return gettext("{seconds}s", seconds=n(secs))


def progress_text(job: BroadcastJob, elapsed: float, numerals: Numerals = PLAIN) -> str:
    """HTML for the owner's progress message (and the final summary)."""
    final = job.status is not BroadcastStatus.RUNNING
    if job.status is BroadcastStatus.DONE:
        title = gettext("✅ Broadcast finished")
    elif job.status is BroadcastStatus.STOPPED:
        title = gettext("⏹ Broadcast stopped")
    else:
        title = gettext("📣 Broadcasting…")
    rate = job.done / elapsed if elapsed > 0 else 0.0
    n = numerals.integer
    lines = [
        f"<b>{title}</b>",
        gettext(
            "Sent: {sent} · Failed: {failed} · Blocked: {blocked}",
            sent=n(job.sent),
            failed=n(job.failed),
            blocked=n(job.blocked),
        ),
        # Translators: {done} of {total} recipients have been tried.
        gettext("Progress: {done} of {total}", done=n(job.done), total=n(max(job.total, job.done))),
        # Translators: {rate} is messages per second.
        gettext(
            "Rate: {rate}/s · Elapsed: {elapsed}",
            rate=numerals.decimal(rate),
            elapsed=_duration(elapsed, numerals),
        ),
    ]
    if job.uncertain:
        lines.append(gettext("Interrupted by a restart (maybe delivered): {n}", n=n(job.uncertain)))
    eta = eta_seconds(job.done, job.total, elapsed)
    if not final and eta is not None:
        # Translators: the estimated time left.
        lines.append(gettext("ETA: {eta}", eta=_duration(eta, numerals)))
    if job.failures:
        # Failure reasons are Telegram's error names: they stay as Telegram gives them.
        reasons = ", ".join(
            f"{isolate(escape(name))} {n(count)}" for name, count in job.failures.most_common(5)
        )
        lines.append(gettext("Failures: {reasons}", reasons=reasons))
    return "\n".join(lines)
