"""Running one broadcast: stream recipients, pace, deliver, persist, report.

No recipient gets the message twice, even across a crash. Before each send
the job is saved with ``pending`` = that recipient (a *claim*); after the
send it is saved with ``cursor`` = that recipient and the outcome counted.
Recipients are visited in increasing id order, and a run (or a resumed one)
starts strictly after ``cursor``. So at any instant the database says: every
id up to ``cursor`` is finished, ``pending`` (if set) may or may not have
the message, and nothing above it has been tried. A resume after a crash
counts ``pending`` as *uncertain* and does not retry it: at most once, and
at most one recipient per crash can miss it. A stop or a graceful shutdown
waits for the message in flight, so it leaves no ``pending`` behind.

Two small writes per recipient are cheap next to the send itself
(about 25 a second at most, far below what SQLite or MongoDB take).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from functools import partial
from typing import Protocol

from domain.broadcast.job import BroadcastJob, BroadcastStatus, Throttle
from domain.broadcast.ports import BroadcastRepository, RecipientSource
from domain.pacing import MAX_RETRIES, Delivery, DeliveryKind, PacedSender, Sleep
from domain.ports import Clock, UserRepository

__all__ = ["MAX_RETRIES", "BroadcastRunner", "Reporter", "Sender", "Sleep"]
BATCH = 200


class Sender(Protocol):
    async def deliver(self, job: BroadcastJob, user_id: int) -> Delivery:
        """Send the job's message to one user; never raises for a per-user failure."""
        ...


class Reporter(Protocol):
    async def report(self, job: BroadcastJob, elapsed: float) -> None:
        """Show progress (or, once the job has ended, the summary) to the owner."""
        ...


class BroadcastRunner:
    def __init__(
        self,
        jobs: BroadcastRepository,
        recipients: RecipientSource,
        users: UserRepository,
        clock: Clock,
        sleep: Sleep,
        rate: float,
        progress_every: float = 5.0,
        paced: PacedSender | None = None,
    ) -> None:
        """``paced``: the bot's shared pace (see ``domain/pacing.py``); else one of ``rate``."""
        self._jobs = jobs
        self._recipients = recipients
        self._users = users
        self._clock = clock
        self._sleep = sleep
        self._rate = rate
        self._progress_every = progress_every
        self._stop_as: BroadcastStatus | None = None
        self._paced = paced

    def request_stop(self, status: BroadcastStatus) -> None:
        """Stop after the message in flight; ``RUNNING`` leaves it resumable."""
        self._stop_as = status

    def _now(self) -> float:
        return self._clock.now().timestamp()

    def _elapsed(self, job: BroadcastJob) -> float:
        started = job.started_at or self._clock.now()
        return max(0.0, (self._clock.now() - started).total_seconds())

    async def run(self, job: BroadcastJob, sender: Sender, reporter: Reporter) -> BroadcastJob:
        job.settle_interrupted()
        job.status = BroadcastStatus.RUNNING
        job.started_at = job.started_at or self._clock.now()
        await self._jobs.save(job)
        paced = self._paced or PacedSender(self._clock, self._rate)
        throttle = Throttle(self._progress_every)
        throttle.due(self._now())  # the confirmation itself was the first report
        async for user_id in self._stream(job.cursor):
            if self._stop_as is not None:
                break
            await paced.slot(self._sleep)
            job.pending = user_id
            await self._jobs.save(job)
            delivery = await paced.deliver(partial(sender.deliver, job, user_id), self._sleep)
            job.record(user_id, delivery)
            await self._jobs.save(job)
            if delivery.kind is DeliveryKind.BLOCKED:
                await self._users.set_blocked(user_id, True)
            if throttle.due(self._now()):
                await reporter.report(job, self._elapsed(job))
        job.status = self._stop_as or BroadcastStatus.DONE
        if job.status is not BroadcastStatus.RUNNING:
            job.finished_at = self._clock.now()
        await self._jobs.save(job)
        if job.status is not BroadcastStatus.RUNNING:
            await reporter.report(job, self._elapsed(job))
        return job

    async def _stream(self, cursor: int) -> AsyncIterator[int]:
        """Recipient ids after ``cursor``, a batch at a time: never the whole list in memory."""
        while True:
            batch = await self._recipients.recipients_after(cursor, BATCH)
            if not batch:
                return
            for user_id in batch:
                yield user_id
            cursor = batch[-1]
