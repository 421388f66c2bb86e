"""What watchlists and airing notifications store: watches, airing state, the ledger."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

# The ledger key of the "this drama has finished" message (no real episode is numbered -1).
FINALE = -1


@dataclass(frozen=True, slots=True)
class Watch:
    user_id: int
    slug: str
    title: str
    added_at: datetime


@dataclass(frozen=True, slots=True)
class AiringState:
    """What the scheduler last learned about one watched drama.

    ``episode``/``airs_at``: the next episode as last seen upstream (``airs_at``
    may be unknown). ``next_refresh`` is when the scheduler looks again.
    """

    slug: str
    title: str
    episode: int | None
    airs_at: datetime | None
    refreshed_at: datetime
    next_refresh: datetime
    failures: int = 0  # refreshes failed in a row (an outage delays, never drops)

    def moved(self, **changes: object) -> AiringState:
        return replace(self, **changes)  # type: ignore[arg-type]


class NoticeStatus(StrEnum):
    DUE = "due"  # planned: nothing has been sent yet
    PENDING = "pending"  # claimed: the send is in flight
    SENT = "sent"
    BLOCKED = "blocked"  # the user blocked the bot or deleted their account
    FAILED = "failed"
    SKIPPED = "skipped"  # aired longer ago than NOTIFY_MISSED_WINDOW when we got to it
    UNCERTAIN = "uncertain"  # was in flight at a crash: maybe delivered, never retried


@dataclass(frozen=True, slots=True)
class Notice:
    """One row of the ledger, unique per (user, drama, episode)."""

    user_id: int
    slug: str
    episode: int  # FINALE for the last message of a finished drama
    title: str
    aired_at: datetime
    status: NoticeStatus = NoticeStatus.DUE

    @property
    def key(self) -> tuple[int, str, int]:
        return (self.user_id, self.slug, self.episode)
