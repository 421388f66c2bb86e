"""MyDramaList's calendars as the bot uses them: today's episodes and a season's titles.

Both come from MyDramaList's own calendar JSON, relayed unchanged by kuryana,
so every field is optional here: the adapter leaves out what it cannot read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from domain.i18n import N_, gettext


@dataclass(frozen=True, slots=True)
class Airing:
    """One episode on MyDramaList's episode calendar."""

    slug: str  # "18452-goblin", or the bare id when MyDramaList gave no URL
    title: str
    country: str = ""  # "South Korea", "Japan", ... ("" when not given)
    episode: int | None = None
    airs_at: datetime | None = None  # None: MyDramaList has no air time for it
    kind: str = ""  # "Drama", "Movie", ...


@dataclass(frozen=True, slots=True)
class SeasonTitle:
    """One title on MyDramaList's quarter calendar."""

    slug: str
    title: str
    country: str = ""
    kind: str = ""
    episodes: int | None = None
    rating: float | None = None  # None: no score yet (never shown as 0)
    popularity: int | None = None  # MyDramaList's popularity rank: 1 is the most popular
    genres: list[str] = field(default_factory=list)
    starts_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Season:
    year: int
    quarter: int  # 1 = Jan-Mar (winter) ... 4 = Oct-Dec (autumn)

    @property
    def name(self) -> str:
        """ "Winter (Jan–Mar) 2026", in the current language."""
        # Translators: a season of /season: {quarter} is "Winter (Jan–Mar)", {year} "2026".
        return gettext(
            "{quarter} {year}", quarter=gettext(QUARTER_NAMES[self.quarter]), year=self.year
        )


QUARTER_NAMES = {
    1: N_("Winter (Jan–Mar)"),
    2: N_("Spring (Apr–Jun)"),
    3: N_("Summer (Jul–Sep)"),
    4: N_("Autumn (Oct–Dec)"),
}
SEASON_USAGE = N_("Usage: /season [year] [1-4] [popular] — for example: /season, /season 2026 2")
FIRST_YEAR = 1950  # the calendar is asked only for years MyDramaList can have


def season_of(moment: datetime) -> Season:
    return Season(moment.year, (moment.month - 1) // 3 + 1)
