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

A claim covers only a send that is really in flight. When Telegram answers
``FloodWait`` it has refused the send, so the claim is withdrawn for the
wait (the recipient is *pending*: tried again after a restart) and taken
again just before the next try. A stop or shutdown interrupts any long wait
at once, leaving that recipient untried rather than "maybe delivered".

Two small writes per recipient are cheap next to the send itself
(about 25 a second at most, far below what SQLite or MongoDB take).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from functools import partial
from typing import Protocol

from domain.broadcast.job import BroadcastJob, BroadcastStatus, Throttle
from domain.broadcast.ports import BroadcastRepository, RecipientSource
from domain.clock import sleep_or_stop
from domain.pacing import MAX_RETRIES, Delivery, DeliveryKind, PacedSender, Sleep
from domain.ports import Clock, UserRepository

__all__ = ["MAX_RETRIES", "BroadcastRunner", "Reporter", "Sender", "Sleep"]
BATCH = 200
# Waits at least this long race the stop request; shorter ones (the pace between
# two sends) end before anyone could notice, and skipping the race keeps them cheap.
INTERRUPTIBLE = 1.0


class _Stopped(Exception):
    """A stop was requested while the runner was waiting."""


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
        self._stop_requested = asyncio.Event()
        self._paced = paced

    def request_stop(self, status: BroadcastStatus) -> None:
        """Stop after the message in flight, cutting a wait short; ``RUNNING`` stays resumable."""
        self._stop_as = status
        self._stop_requested.set()

    async def _wait(self, seconds: float) -> None:
        """``sleep``, cut short by a stop request (raises ``_Stopped``)."""
        if self._stop_as is not None:
            raise _Stopped
        if seconds < INTERRUPTIBLE:
            await self._sleep(seconds)
            return
        await sleep_or_stop(self._sleep, seconds, self._stop_requested)
        if self._stop_as is not None:
            raise _Stopped

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
            try:
                await paced.slot(self._wait, user_id)
                await self._claim(job, user_id)
                delivery = await paced.deliver(
                    partial(sender.deliver, job, user_id),
                    self._wait,
                    release=partial(self._claim, job, None),
                    reclaim=partial(self._claim, job, user_id),
                )
            except _Stopped:  # nothing in flight: this recipient is tried on resume
                break
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

    async def _claim(self, job: BroadcastJob, user_id: int | None) -> None:
        """Saved before a send (``user_id``) and withdrawn while Telegram makes us wait (None)."""
        job.pending = user_id
        await self._jobs.save(job)

    async def _stream(self, cursor: int) -> AsyncIterator[int]:
        """Recipient ids after ``cursor``, a batch at a time: never the whole list in memory."""
        while True:
            batch = await self._recipients.recipients_after(cursor, BATCH)
            if not batch:
                return
            for user_id in batch:
                yield user_id
            cursor = batch[-1]
