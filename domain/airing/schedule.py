"""When to look at a watched drama again, and what a fresh look means. Pure.

Refresh schedule (one upstream fetch per drama, however many watch it):

============================================  ===================================
situation                                     next refresh
============================================  ===================================
next episode more than a day away             every 12 h, and never past air time
within a day                                  hourly, never past air time
within the hour                               every 5 min, never past air time
air time passed, upstream not moved on yet    every 15 min
no air time known (or no next episode)        every 12 h
the refresh failed (upstream down)            5 min, doubling per failure, ≤ 1 h
============================================  ===================================

"Never past air time" puts a refresh at the air time itself, so a
notification leaves within moments of the airing when the upstream agrees.

An episode counts as aired when, on a successful refresh, the upstream's next
episode moved past it, its ``current_episode`` reached it, or its air time
has passed and the upstream neither moved it later nor replaced it. A refresh
that failed (or only had a stale copy) decides nothing: an outage delays a
notification, it never invents or drops one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from domain.airing.watches import AiringState
from domain.titles import Drama

MINUTE, HOUR = 60.0, 3600.0
FAR = 12 * HOUR
NEAR = HOUR
IMMINENT = 5 * MINUTE
AFTER_AIRING = 15 * MINUTE
UNKNOWN = 12 * HOUR
RETRY_FIRST, RETRY_MAX = 5 * MINUTE, HOUR


def refresh_interval(now: datetime, airs_at: datetime | None) -> float:
    """Seconds until the next look at a drama whose next episode airs at ``airs_at``."""
    if airs_at is None:
        return UNKNOWN
    left = (airs_at - now).total_seconds()
    if left <= 0:
        return AFTER_AIRING
    step = FAR if left > 24 * HOUR else NEAR if left > HOUR else IMMINENT
    return min(step, left)


def next_refresh(now: datetime, airs_at: datetime | None) -> datetime:
    return now + timedelta(seconds=refresh_interval(now, airs_at))


def retry_after(failures: int) -> float:
    """Back-off after ``failures`` failed refreshes in a row (1 = the first)."""
    return min(RETRY_MAX, RETRY_FIRST * 2 ** max(0, failures - 1))


def _int(text: str) -> int | None:
    text = text.strip()
    return int(text) if text.isdigit() else None


def first_state(drama: Drama, now: datetime) -> AiringState:
    """The state of a drama someone starts watching."""
    upcoming = drama.next_episode
    airs_at = upcoming.airs_at if upcoming else None
    return AiringState(
        slug=drama.slug,
        title=drama.title,
        episode=upcoming.number if upcoming else None,
        airs_at=airs_at,
        refreshed_at=now,
        next_refresh=next_refresh(now, airs_at),
    )


def can_watch(drama: Drama) -> bool:
    """Only a drama with an upcoming episode: a finished one has nothing left to announce."""
    return drama.next_episode is not None


@dataclass(frozen=True, slots=True)
class Assessment:
    state: AiringState  # what to store (ignored when ``finished``)
    aired: int | None = None  # the latest episode that aired since the last look
    aired_at: datetime | None = None
    finished: bool = False  # no next episode and every episode aired


def _aired(state: AiringState, drama: Drama, now: datetime) -> int | None:
    stored, upcoming = state.episode, drama.next_episode
    if stored is None:
        return None
    if upcoming is not None and upcoming.number > stored:
        return upcoming.number - 1
    current = _int(drama.current_episode)
    if current is not None and current >= stored:
        return current
    time_passed = state.airs_at is not None and now >= state.airs_at
    postponed = (
        upcoming is not None
        and upcoming.number == stored
        and upcoming.airs_at is not None
        and upcoming.airs_at > now
    )
    return stored if time_passed and not postponed else None


def assess(state: AiringState, drama: Drama, now: datetime) -> Assessment:
    """Compare a successful refresh with what was stored."""
    aired = _aired(state, drama, now)
    upcoming = drama.next_episode
    episode = state.episode
    if aired is not None:
        episode = aired + 1
    if upcoming is not None and (episode is None or upcoming.number >= episode):
        episode = upcoming.number
    airs_at = upcoming.airs_at if upcoming is not None and upcoming.number == episode else None
    new = state.moved(
        title=drama.title or state.title,
        episode=episode,
        airs_at=airs_at,
        refreshed_at=now,
        next_refresh=next_refresh(now, airs_at),
        failures=0,
    )
    aired_at = None
    if aired is not None:
        # The stored air time when it is that episode; otherwise it aired since the last look.
        aired_at = state.airs_at if aired == state.episode and state.airs_at else now
    total = _int(drama.episodes)
    through = max(aired or 0, _int(drama.current_episode) or 0, (state.episode or 1) - 1)
    finished = upcoming is None and total is not None and through >= total
    return Assessment(new, aired, aired_at, finished)


def failed(state: AiringState, now: datetime) -> AiringState:
    failures = state.failures + 1
    return state.moved(
        failures=failures, next_refresh=now + timedelta(seconds=retry_after(failures))
    )
