"""A bot wired to the fake kuryana with calendars, and today's calendar for its clock."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tests.conftest import BotUnderTest, bot_settings, running_bot
from tests.e2e.airing.support import serve_drama
from tests.fakes.clock import SettableClock
from tests.fakes.imdb import FakeImdb
from tests.fakes.kuryana_calendar import (
    FakeKuryanaCalendar,
    calendar_item,
    calendar_title,
    episode_calendar,
)

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)  # SettableClock's start: Tue 24 Nov, 12:00 UTC


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC)


TITLES = [
    calendar_title(101, "Moon River", country="South Korea", rating=8.7, popularity=3),
    calendar_title(102, "Tokyo Nights", country="Japan", kind="Drama", rating=7.9),
    calendar_title(103, "Jade Palace", country="China", episodes=40, rating=None),
    calendar_title(104, "Late Show", country="South Korea"),
    calendar_title(105, "Early Bird", country="South Korea"),
    calendar_title(106, "No Time Yet", country="South Korea"),
    calendar_title(107, "<b>Bold</b> & Co", slug="107-bold-co", country="Taiwan"),
]
ITEMS = [
    calendar_item(103, 12, at(24, 2)),  # 10:00 in Beijing
    calendar_item(101, 5, at(24, 12)),  # 21:00 in Seoul
    calendar_item(101, 6, at(25, 12)),  # tomorrow
    calendar_item(107, 4, at(24, 13)),
    calendar_item(102, 3, at(24, 14)),  # 23:00 in Tokyo
    calendar_item(104, 1, at(24, 23, 30)),  # today in UTC, tomorrow (08:30) in Seoul
    calendar_item(105, 2, at(23, 20)),  # yesterday in UTC, today (05:00) in Seoul
    calendar_item(106, 7, None),  # on the calendar with no air time
    calendar_item(999, 1, at(24, 15)),  # names a title the calendar does not carry
]


def serve_calendar(fake: FakeKuryanaCalendar) -> None:
    fake.calendar = episode_calendar(TITLES, ITEMS)
    serve_drama(fake, "101-moon-river", "Moon River", episode=6, airs_at=at(25, 12))


@asynccontextmanager
async def calendar_bot(
    tmp_path: Path,
    fake: FakeKuryanaCalendar,
    imdb: FakeImdb,
    clock: SettableClock | None = None,
    **settings: Any,
) -> AsyncIterator[BotUnderTest]:
    async with running_bot(
        bot_settings(tmp_path, fake, **settings), fake, imdb, clock=clock or SettableClock(NOW)
    ) as bot:
        yield bot
