"""One pace for everything the bot sends in bulk: broadcasts and airing notifications.

Telegram allows a bot about 30 messages a second in all, so both senders
share one ``PacedSender``: its slots are reserved from a single ``Pacer``, and
a ``FloodWait`` seen by either pauses both. Each caller brings its own
``sleep`` (tests pass one that moves a fake clock).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import StrEnum

from domain.clock import Sleep
from domain.ports import Clock, SendBudget


class DeliveryKind(StrEnum):
    SENT = "sent"
    BLOCKED = "blocked"  # the user blocked the bot or deleted their account
    FAILED = "failed"
    RETRY = "retry"  # Telegram asked us to wait ``wait`` seconds, then try again


@dataclass(frozen=True, slots=True)
class Delivery:
    kind: DeliveryKind
    reason: str = ""
    wait: float = 0.0


SENT = Delivery(DeliveryKind.SENT)


class Pacer:
    """Spaces sends ``1 / rate`` seconds apart; a burst never exceeds the rate."""

    def __init__(self, rate: float) -> None:
        if rate <= 0:
            raise ValueError("rate must be positive")
        self.interval = 1.0 / rate
        self._next_at: float | None = None

    def wait(self, now: float) -> float:
        """Seconds to wait before the next send; reserves that slot."""
        at = now if self._next_at is None else max(now, self._next_at)
        self._next_at = at + self.interval
        return at - now

    def pause(self, now: float, seconds: float) -> None:
        """Telegram asked for a pause: no slot before it ends."""
        self._next_at = max(self._next_at or now, now + seconds)


Attempt = Callable[[], Awaitable[Delivery]]
Step = Callable[[], Awaitable[None]]
MAX_RETRIES = 5  # FloodWaits for one recipient before it counts as failed


class PacedSender:
    """``budget``: with several processes, the pace they share (``infra/send_budget.py``);
    without, this process's own ``Pacer``."""

    def __init__(
        self,
        clock: Clock,
        rate: float,
        max_retries: int = MAX_RETRIES,
        budget: SendBudget | None = None,
    ) -> None:
        self._clock = clock
        self._pacer = Pacer(rate)
        self.rate = rate
        self._max_retries = max_retries
        self.budget = budget

    def _now(self) -> float:
        return self._clock.now().timestamp()

    async def slot(self, sleep: Sleep, chat_id: int | None = None) -> None:
        """Wait for (and take) the next sending slot (to ``chat_id``, when given)."""
        if self.budget is not None:
            await sleep(await self.budget.reserve(self._now(), chat_id))
            return
        await sleep(self._pacer.wait(self._now()))

    async def deliver(
        self,
        attempt: Attempt,
        sleep: Sleep,
        release: Step | None = None,
        reclaim: Step | None = None,
    ) -> Delivery:
        """Run ``attempt``; a ``RETRY`` (FloodWait) is slept through and tried again.

        A FloodWait means Telegram refused the send, so nothing is in flight
        while we wait: ``release`` runs before the wait (the caller records the
        recipient as not yet sent, so a shutdown or crash during a long wait
        leaves it to be retried, not "maybe delivered"), ``reclaim`` after it,
        just before the next attempt.
        """
        for _ in range(self._max_retries):
            delivery = await attempt()
            if delivery.kind is not DeliveryKind.RETRY:
                return delivery
            self._pacer.pause(self._now(), delivery.wait)
            if self.budget is not None:  # every process waits it out, not only this one
                await self.budget.pause(self._now(), delivery.wait)
            if release is not None:
                await release()
            await sleep(delivery.wait)
            if reclaim is not None:
                await reclaim()
        return Delivery(DeliveryKind.FAILED, "FloodWait")

    async def send(self, attempt: Attempt, sleep: Sleep) -> Delivery:
        await self.slot(sleep)
        return await self.deliver(attempt, sleep)
