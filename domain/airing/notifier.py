"""The airing scheduler's work: refresh what is due, plan notices, deliver them once.

Exactly once per (user, drama, episode), across restarts. Telegram has no
idempotency key, so "exactly once" is built from a ledger row per key and the
order of writes around each send:

1. *Plan.* When a refresh shows an episode aired, a ``due`` row per watcher is
   inserted if absent (the key is unique), and only then is the drama's
   airing state moved on. A crash between the two re-detects the same episode
   on the next refresh; the insert finds the rows and adds nothing.
2. *Claim.* Before the send the row goes ``due`` → ``pending`` (a conditional
   update: of two claimants only one wins).
3. *Send, then mark* ``sent`` / ``blocked`` / ``failed``.

So the ledger always says: ``due`` = nothing sent (safe to send after any
restart), final statuses = done, ``pending`` = the one send in flight. A crash
in the middle of a send leaves ``pending``, and we cannot know whether Telegram
delivered it; like a broadcast's ``pending`` recipient, it becomes
``uncertain`` when the next leader starts and is never retried (at most one
message per crash may be lost; none is ever duplicated). A graceful shutdown
waits for the send in flight, so it leaves no ``pending`` behind.

Missed notifications: a ``due`` row whose episode aired longer ago than
``missed_window`` (the bot was down, or the upstream was) is marked
``skipped`` and counted instead of being sent late.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Protocol

from domain.airing.ports import AiringRepository, NoticeLedger, WatchRepository
from domain.airing.schedule import assess, failed
from domain.airing.text import PLAIN, Formats
from domain.airing.text import notice as notice_text
from domain.airing.watches import FINALE, AiringState, Notice, NoticeStatus
from domain.errors import NotFound, UpstreamUnavailable
from domain.i18n import Speech, speaking
from domain.models import User
from domain.mydramalist.lookup import DramaLookup
from domain.pacing import Delivery, DeliveryKind, PacedSender, Sleep
from domain.ports import Clock, UserRepository

BATCH = 100
StillLeader = Callable[[], Awaitable[bool]]
OUTCOME = {
    DeliveryKind.SENT: NoticeStatus.SENT,
    DeliveryKind.BLOCKED: NoticeStatus.BLOCKED,
    DeliveryKind.FAILED: NoticeStatus.FAILED,
    DeliveryKind.RETRY: NoticeStatus.FAILED,
}


class TextSender(Protocol):
    async def send_text(self, user_id: int, html: str) -> Delivery:
        """One attempt; never raises for a per-user failure (``RETRY`` on FloodWait)."""
        ...


class Voices(Protocol):
    async def speech_for(self, user_id: int, language_code: str | None) -> Speech:
        """The language to write to ``user_id`` in, outside any update: their own choice,
        else ``language_code`` (their stored user record's), else the default. Never raises."""
        ...


class SchedulerObserver(Protocol):
    def notice_outcome(self, outcome: str) -> None:
        """sent, blocked, failed, skipped, uncertain."""
        ...

    def refresh_outcome(self, outcome: str) -> None:
        """ok, failed, dropped (nobody watches it any more)."""
        ...


class _ClaimLost(Exception):
    """The notice was claimed by another scheduler while this one waited out a FloodWait."""


async def _always() -> bool:
    return True


@dataclass(frozen=True, slots=True)
class Ports:
    watches: WatchRepository
    airing: AiringRepository
    ledger: NoticeLedger
    users: UserRepository


class AiringScheduler:
    def __init__(
        self,
        ports: Ports,
        dramas: DramaLookup,
        sender: TextSender,
        paced: PacedSender,
        clock: Clock,
        observer: SchedulerObserver,
        missed_window: float,
        sleep: Sleep,
        *,
        voices: Voices | None = None,
        formats: Formats = PLAIN,
    ) -> None:
        self._p = ports
        self._dramas = dramas
        self._sender = sender
        self._paced = paced
        self._clock = clock
        self._observer = observer
        self._window = timedelta(seconds=missed_window)
        self.sleep = sleep  # replaceable, so tests sleep on a fake clock
        self._voices = voices  # None: the language being spoken (English outside an update)
        self._formats = formats

    async def recover(self) -> int:
        """On becoming the scheduler: sends a crash interrupted count as uncertain."""
        settled = await self._p.ledger.settle_interrupted()
        for _ in range(settled):
            self._observer.notice_outcome("uncertain")
        return settled

    async def tick(self, still_leader: StillLeader = _always) -> None:
        """Refresh every drama that is due, then deliver every due notice."""
        for state in await self._p.airing.due(self._clock.now(), BATCH):
            if not await still_leader():
                return
            await self._refresh(state)
        await self._deliver_due(still_leader)

    async def _refresh(self, state: AiringState) -> None:
        now = self._clock.now()
        watchers = await self._p.watches.watchers(state.slug)
        if not watchers:
            await self._p.airing.delete(state.slug)
            self._observer.refresh_outcome("dropped")
            return
        try:
            fetched = await self._dramas.refresh(state.slug)
        except (UpstreamUnavailable, NotFound):
            fetched = None
        if fetched is None or fetched.stale:  # a stale copy decides nothing
            await self._p.airing.save(failed(state, now))
            self._observer.refresh_outcome("failed")
            return
        self._observer.refresh_outcome("ok")
        verdict = assess(state, fetched.value, now)
        title = verdict.state.title
        planned: list[Notice] = []
        if verdict.aired is not None and verdict.aired_at is not None:
            planned += [
                Notice(u, state.slug, verdict.aired, title, verdict.aired_at) for u in watchers
            ]
        if verdict.finished:
            planned += [Notice(u, state.slug, FINALE, title, now) for u in watchers]
        # Plan before moving the state on: see the module docstring.
        if planned:
            await self._p.ledger.plan(planned)
        if verdict.finished:
            await self._p.watches.remove_drama(state.slug)
            await self._p.airing.delete(state.slug)
        else:
            await self._p.airing.save(verdict.state)

    async def _deliver_due(self, still_leader: StillLeader) -> None:
        while batch := await self._p.ledger.due(BATCH):
            for item in batch:
                if not await still_leader():
                    return
                await self._deliver(item)

    async def _text(self, item: Notice, user: User | None) -> str:
        """The notice in its recipient's language: no update, so no language of its own."""
        if self._voices is None:
            return notice_text(item, self._formats)
        code = user.profile.language_code if user is not None else None
        with speaking(await self._voices.speech_for(item.user_id, code)):
            return notice_text(item, self._formats)

    async def _deliver(self, item: Notice) -> None:
        ledger = self._p.ledger
        if self._clock.now() - item.aired_at > self._window:
            await ledger.mark(item.key, NoticeStatus.SKIPPED)
            self._observer.notice_outcome("skipped")
            return
        user = await self._p.users.get(item.user_id)
        if user is not None and user.blocked:  # known to have blocked the bot: do not try
            await ledger.mark(item.key, NoticeStatus.BLOCKED)
            self._observer.notice_outcome("blocked")
            return
        # The slot is taken before the claim, as a broadcast does: a crash while waiting
        # for it leaves the row ``due`` (sent after a restart), not ``pending``.
        await self._paced.slot(self.sleep, item.user_id)
        if not await ledger.claim(item.key):
            return
        html = await self._text(item, user)

        # A FloodWait is a refusal: the row goes back to ``due`` for the wait, so a
        # shutdown then leaves it to be sent after the restart, not "uncertain".
        async def reclaim() -> None:
            if not await ledger.claim(item.key):  # another scheduler took it meanwhile
                raise _ClaimLost

        try:
            delivery = await self._paced.deliver(
                lambda: self._sender.send_text(item.user_id, html),
                self.sleep,
                release=lambda: ledger.mark(item.key, NoticeStatus.DUE),
                reclaim=reclaim,
            )
        except _ClaimLost:
            return
        status = OUTCOME[delivery.kind]
        await ledger.mark(item.key, status)
        if status is NoticeStatus.BLOCKED:
            await self._p.users.set_blocked(item.user_id, True)
        self._observer.notice_outcome(status.value)
