"""Helpers for the watchlist and airing-notification end-to-end tests."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from app.airing.runner import SchedulerRunner
from tests.conftest import BotUnderTest
from tests.e2e.admin_support import FakeSleep
from tests.fakes.clock import SettableClock
from tests.fakes.kuryana import FakeKuryana

SLUG = "700-moon-river"
LINK = f"https://mydramalist.com/{SLUG}"


def serve_drama(
    kuryana: FakeKuryana,
    slug: str = SLUG,
    title: str = "Moon River",
    episode: int | None = 5,
    airs_at: datetime | None = None,
    *,
    episodes: int = 16,
    current: int | None = None,
) -> None:
    """kuryana's ``/id/{slug}`` for an airing drama; call again to change what it says."""
    data: dict[str, Any] = {
        "link": f"https://mydramalist.com/{slug}",
        "title": f"{title} (2026)",
        "complete_title": f"{title} (2026)",
        "details": {"drama": title, "country": "South Korea", "episodes": str(episodes)},
    }
    if episode is not None:
        airing: dict[str, Any] = {"episode_number": episode}
        if airs_at is not None:
            airing["released_at"] = int(airs_at.timestamp())
        data["next_episode_airing"] = airing
    if current is not None:
        data["current_episode"] = str(current)
    kuryana.add_drama(slug, data)


def scheduler(bot: BotUnderTest, clock: SettableClock) -> SchedulerRunner:
    """A scheduler sending through the test client, its sleeps moving the fake clock."""
    return bot.services.watching.runner(bot.tg.client, sleep=FakeSleep(clock))


def notices_to(bot: BotUnderTest, user_id: int) -> list[str]:
    return [m.html for m in bot.tg.messages_to(user_id) if "has aired" in m.text]
