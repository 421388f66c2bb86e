"""Broadcasts in the background: one at a time, stoppable, resumed after a restart.

The service owns the asyncio task. Handlers start it and return at once;
``wait`` lets tests (and shutdown) await it; ``shutdown`` stops after the
message in flight and leaves the job *running* in the database, so the next
start resumes it (see ``domain/broadcast/run.py`` for why nobody gets it twice).
"""

from __future__ import annotations

import asyncio
import contextlib
import secrets
from typing import Protocol

import structlog
from pyrogram import Client

from app.broadcast.telegram import ProgressMessage, TelegramSender
from domain.broadcast.job import BroadcastJob, BroadcastStatus
from domain.broadcast.ports import BroadcastRepository, RecipientSource
from domain.broadcast.run import BroadcastRunner, Sleep
from domain.errors import InvalidInput
from domain.i18n import N_, Speech, current, gettext, speaking
from domain.pacing import PacedSender
from domain.ports import Clock, LeaderLock, UserRepository
from infra.leader import RedisStopSignal
from infra.metrics import Metrics

log = structlog.get_logger("app.broadcast")

BUSY = N_("A broadcast is already running.")
BUSY_HINT = N_("Stop it with /stop_broadcast, or wait for its summary.")
SHUTDOWN_GRACE = 10.0  # seconds shutdown waits for a send in flight (waits end at once)


class Voices(Protocol):
    async def speech_for(self, user_id: int) -> Speech:
        """The language ``user_id`` is spoken to in when no update of theirs says it."""
        ...


class BroadcastService:
    def __init__(
        self,
        jobs: BroadcastRepository,
        recipients: RecipientSource,
        users: UserRepository,
        clock: Clock,
        metrics: Metrics,
        rate: float,
        progress_every: float = 5.0,
        sleep: Sleep = asyncio.sleep,
        paced: PacedSender | None = None,
    ) -> None:
        self._jobs = jobs
        self._recipients = recipients
        self._users = users
        self._clock = clock
        self._metrics = metrics
        self.rate = rate
        self.progress_every = progress_every
        self.sleep = sleep  # replaceable, so tests sleep on a fake clock
        # The bot's one pace for bulk sends, shared with airing notifications.
        self.paced = paced or PacedSender(clock, rate)
        self._task: asyncio.Task[BroadcastJob] | None = None
        self._runner: BroadcastRunner | None = None
        self._starting = asyncio.Lock()
        # Several processes (app/wiring/roles.py): the broadcast runs in the one process
        # holding this lock, renewed every ``claim_ttl`` / 3 while it runs.
        self.claim: LeaderLock | None = None
        self.claim_ttl = 60.0
        # ... and /stop_broadcast handled by another process reaches it through this.
        self.remote_stop: RedisStopSignal | None = None
        self.stop_poll = 1.0  # seconds between looks at the remote stop flag
        self._watch: asyncio.Task[None] | None = None
        self._crashed: set[str] = set()  # jobs that crashed here: resumed by a restart only
        # The owner's progress and summary speak the owner's language: the confirming
        # update's, or after a restart (no update) what this finds (app/admin/voices.py).
        self.voices: Voices | None = None

    async def _take_claim(self) -> bool:
        return self.claim is None or await self.claim.acquire()

    async def _keep_claim(self, runner: BroadcastRunner) -> None:
        """While it runs: renew the claim (lost: another process may run it, so stop
        resumably), and stop when /stop_broadcast was sent to another process."""
        assert self.claim is not None
        renewed = asyncio.get_running_loop().time()
        while True:
            await asyncio.sleep(self.stop_poll if self.remote_stop else self.claim_ttl / 3)
            if self.remote_stop is not None and await self.remote_stop.requested():
                log.info("broadcast_stop_requested_elsewhere")
                runner.request_stop(BroadcastStatus.STOPPED)
            now = asyncio.get_running_loop().time()
            if now - renewed < self.claim_ttl / 3:
                continue
            renewed = now
            if not await self.claim.acquire():
                log.warning("broadcast_claim_lost")
                runner.request_stop(BroadcastStatus.RUNNING)
                return

    async def stop_anywhere(self) -> bool:
        """/stop_broadcast: the broadcast stops whichever process runs it."""
        if self.stop():
            return True
        return self.remote_stop is not None and await self.remote_stop.request()

    def watch(self, client: Client) -> None:
        """With several processes: take over a broadcast whose process died (its claim
        expired), checking every ``claim_ttl``; at most one process gets it."""
        if self._watch is None or self._watch.done():
            self._watch = asyncio.create_task(self._watching(client), name="broadcast-watch")

    async def _watching(self, client: Client) -> None:
        while True:
            await asyncio.sleep(self.claim_ttl)
            try:
                await self.resume(client)
            except Exception:  # the database or Redis failed: try again next round
                log.exception("broadcast_watch_failed")

    @property
    def busy(self) -> bool:
        return self._task is not None and not self._task.done()

    async def count_recipients(self) -> int:
        return await self._recipients.count_recipients()

    async def draft(self, owner_chat_id: int, source_chat_id: int, message_id: int) -> BroadcastJob:
        """A previewed broadcast waiting for Confirm; nothing is sent yet."""
        job = BroadcastJob(
            id=secrets.token_hex(4),
            owner_chat_id=owner_chat_id,
            source_chat_id=source_chat_id,
            source_message_id=message_id,
            created_at=self._clock.now(),
            total=await self._recipients.count_recipients(),
        )
        await self._jobs.save(job)
        return job

    async def _draft(self, job_id: str) -> BroadcastJob:
        job = await self._jobs.get(job_id)
        if job is None or job.status is not BroadcastStatus.DRAFT:
            raise InvalidInput(
                gettext("This broadcast preview is no longer valid."),
                hint=gettext("Send /broadcast again."),
            )
        return job

    async def confirm(self, client: Client, job_id: str, progress_message_id: int) -> BroadcastJob:
        async with self._starting:  # a double tap on Confirm must not start two
            return await self._confirm(client, job_id, progress_message_id)

    async def _confirm(self, client: Client, job_id: str, progress_message_id: int) -> BroadcastJob:
        if self.busy:
            raise InvalidInput(gettext(BUSY), hint=gettext(BUSY_HINT))
        job = await self._draft(job_id)
        if not await self._take_claim():  # running in another process
            raise InvalidInput(gettext(BUSY), hint=gettext(BUSY_HINT))
        job.total = await self._recipients.count_recipients()
        job.progress_message_id = progress_message_id
        job.status, job.started_at = BroadcastStatus.RUNNING, self._clock.now()
        await self._jobs.save(job)
        # The preview's prompt becomes the progress message before the task can touch it.
        await ProgressMessage(client, self._metrics).report(job, 0.0)
        self._start(client, job, current())  # the confirming owner's language
        return job

    async def cancel(self, job_id: str) -> None:
        job = await self._draft(job_id)
        job.status = BroadcastStatus.CANCELLED
        await self._jobs.save(job)

    def stop(self) -> bool:
        """/stop_broadcast: stop after the message in flight (the summary follows)."""
        if self._runner is None or not self.busy:
            return False
        self._runner.request_stop(BroadcastStatus.STOPPED)
        return True

    async def resume(self, client: Client) -> BroadcastJob | None:
        """At start-up: carry on with a broadcast a restart interrupted."""
        async with self._starting:
            job = await self._jobs.running()
            if job is None or self.busy or job.id in self._crashed:
                return None
            if not await self._take_claim():
                return None
            self._start(client, job, await self._owner_speech(job))
        log.info("broadcast_resumed", job=job.id, cursor=job.cursor, pending=job.pending)
        return job

    async def _owner_speech(self, job: BroadcastJob) -> Speech:
        if self.voices is None:
            return current()
        try:
            return await self.voices.speech_for(job.owner_chat_id)
        except Exception:  # the owner's language must not keep a broadcast from resuming
            log.warning("broadcast_owner_language_unknown", job=job.id)
            return current()

    def _start(self, client: Client, job: BroadcastJob, speech: Speech) -> None:
        runner = BroadcastRunner(
            self._jobs,
            self._recipients,
            self._users,
            self._clock,
            self.sleep,
            self.rate,
            self.progress_every,
            paced=self.paced,
        )
        self._runner = runner
        sender, reporter = (
            TelegramSender(client, self._metrics),
            ProgressMessage(client, self._metrics),
        )
        self._task = asyncio.create_task(
            self._run(runner, job, sender, reporter, speech), name=f"broadcast-{job.id}"
        )

    async def _run(
        self,
        runner: BroadcastRunner,
        job: BroadcastJob,
        sender: TelegramSender,
        reporter: ProgressMessage,
        speech: Speech,
    ) -> BroadcastJob:
        with speaking(speech):  # what the owner reads; the copies sent carry no words of ours
            return await self._run_speaking(runner, job, sender, reporter)

    async def _run_speaking(
        self,
        runner: BroadcastRunner,
        job: BroadcastJob,
        sender: TelegramSender,
        reporter: ProgressMessage,
    ) -> BroadcastJob:
        log.info("broadcast_started", job=job.id, total=job.total)
        if self.remote_stop is not None:
            await self.remote_stop.clear()  # a request left from an earlier broadcast
        keeping = None if self.claim is None else asyncio.create_task(self._keep_claim(runner))
        try:
            done = await runner.run(job, sender, reporter)
        except Exception:
            # Left "running" in the database: the next start resumes it.
            log.exception("broadcast_crashed", job=job.id, cursor=job.cursor)
            self._crashed.add(job.id)
            await reporter.crashed(job)
            raise
        finally:
            self._metrics.broadcast_remaining.set(0)
            if keeping is not None:
                keeping.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await keeping
            if self.claim is not None:
                await self.claim.release()
        log.info("broadcast_ended", job=done.id, status=done.status.value, sent=done.sent)
        return done

    async def wait(self) -> BroadcastJob | None:
        """The finished job (None when none ran); raises what crashed it."""
        if self._task is None:
            return None
        return await asyncio.shield(self._task)

    async def shutdown(self, grace: float = SHUTDOWN_GRACE) -> None:
        """Stop after the message in flight, keeping the job resumable; cancel past ``grace``."""
        watching, self._watch = self._watch, None
        if watching is not None:
            watching.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await watching
        task = self._task
        if task is None or task.done():
            return
        if self._runner is not None:
            self._runner.request_stop(BroadcastStatus.RUNNING)
        with contextlib.suppress(Exception, asyncio.CancelledError):
            await asyncio.wait_for(asyncio.shield(task), grace)
        if not task.done():
            task.cancel()  # a claim may be left: that recipient counts as uncertain
            with contextlib.suppress(Exception, asyncio.CancelledError):
                await task
