"""A broadcast's state and the arithmetic of running one: progress, ETA.

Pure: time comes in as arguments, so tests never wait.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from domain.pacing import Delivery, DeliveryKind
from domain.text import escape


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


def _duration(seconds: float) -> str:
    seconds = round(seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}h {minutes:02d}m"
    if minutes:
        return f"{minutes}m {secs:02d}s"
    return f"{secs}s"


def progress_text(job: BroadcastJob, elapsed: float) -> str:
    """HTML for the owner's progress message (and the final summary)."""
    final = job.status is not BroadcastStatus.RUNNING
    titles = {
        BroadcastStatus.DONE: "✅ Broadcast finished",
        BroadcastStatus.STOPPED: "⏹ Broadcast stopped",
    }
    title = titles.get(job.status, "📣 Broadcasting…")
    rate = job.done / elapsed if elapsed > 0 else 0.0
    lines = [
        f"<b>{title}</b>",
        f"Sent: {job.sent} · Failed: {job.failed} · Blocked: {job.blocked}",
        f"Progress: {job.done} of {max(job.total, job.done)}",
        f"Rate: {rate:.1f}/s · Elapsed: {_duration(elapsed)}",
    ]
    if job.uncertain:
        lines.append(f"Interrupted by a restart (maybe delivered): {job.uncertain}")
    eta = eta_seconds(job.done, job.total, elapsed)
    if not final and eta is not None:
        lines.append(f"ETA: {_duration(eta)}")
    if job.failures:
        reasons = ", ".join(f"{escape(name)} {n}" for name, n in job.failures.most_common(5))
        lines.append(f"Failures: {reasons}")
    return "\n".join(lines)
