"""What a broadcast needs from storage."""

from __future__ import annotations

from typing import Protocol

from domain.broadcast.job import BroadcastJob


class RecipientSource(Protocol):
    """Broadcast recipients: users who have not blocked the bot, by increasing id."""

    async def recipients_after(self, cursor: int, limit: int) -> list[int]:
        """Up to ``limit`` recipient ids greater than ``cursor``, ascending."""
        ...

    async def count_recipients(self) -> int: ...


class BroadcastRepository(Protocol):
    async def save(self, job: BroadcastJob) -> None:
        """Insert or replace the job by its id."""
        ...

    async def get(self, job_id: str) -> BroadcastJob | None: ...

    async def running(self) -> BroadcastJob | None:
        """The job whose status is running (at most one), to resume after a restart."""
        ...
