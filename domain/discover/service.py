"""/today and /season through the shared lookup policy (cache, saved copies, single-flight)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from domain.discover.calendar import FIRST_YEAR, SEASON_USAGE, Airing, Season, SeasonTitle
from domain.discover.countries import country_word, matching
from domain.discover.ports import CalendarSource
from domain.errors import InvalidInput
from domain.i18n import gettext
from domain.lookup import CachedLookup, Codec, Freshness

SCHEDULE_NAMESPACE = "mdl:schedule"
SEASON_NAMESPACE = "mdl:season"
BY_RATING = "rating"
BY_POPULARITY = "popularity"
ORDERS = (BY_RATING, BY_POPULARITY)


@dataclass(frozen=True, slots=True)
class Today:
    day: date
    zone: str
    airings: list[Airing]  # today's, in the asked countries, by air time
    countries: list[str]  # every country airing today (for "try one of these")
    word: str = ""  # the country filter as understood, "" for all
    stale: bool = False


@dataclass(frozen=True, slots=True)
class SeasonList:
    season: Season
    order: str
    titles: list[SeasonTitle] = field(default_factory=list)
    stale: bool = False


def day_bounds(day: date, zone: str) -> tuple[datetime, datetime]:
    """``day`` in ``zone`` as [start, end) instants (a DST day may last 23 or 25 hours)."""
    tz = ZoneInfo(zone)
    start = datetime.combine(day, time(0), tz)
    end = datetime.combine(day + timedelta(days=1), time(0), tz)
    return start, end


def sorted_titles(titles: list[SeasonTitle], order: str) -> list[SeasonTitle]:
    """Best first; titles without a rating (or rank) last, in MyDramaList's order."""
    if order == BY_POPULARITY:
        return sorted(titles, key=lambda t: (t.popularity is None, t.popularity or 0))
    return sorted(titles, key=lambda t: (t.rating is None, -(t.rating or 0.0)))


def check_season(season: Season, now: datetime) -> Season:
    if not 1 <= season.quarter <= 4:
        raise InvalidInput(gettext("A season is 1 to 4."), hint=gettext(SEASON_USAGE))
    if not FIRST_YEAR <= season.year <= now.year + 1:
        raise InvalidInput(
            gettext(
                "MyDramaList has seasons from {first} to {last}.",
                first=FIRST_YEAR,
                last=now.year + 1,
            ),
            hint=gettext(SEASON_USAGE),
        )
    return season


class Discovery:
    def __init__(
        self,
        source: CalendarSource,
        lookup: CachedLookup,
        schedule_codec: Codec[list[Airing]],
        season_codec: Codec[list[SeasonTitle]],
        schedule_freshness: Freshness,
        season_freshness: Freshness,
    ) -> None:
        self._source = source
        self._lookup = lookup
        self._schedule_codec = schedule_codec
        self._season_codec = season_codec
        self._schedule_freshness = schedule_freshness
        self._season_freshness = season_freshness

    async def today(self, zone: str, now: datetime, country: str = "") -> Today:
        word = country_word(country) if country.strip() else ""
        fetched = await self._lookup.get(
            SCHEDULE_NAMESPACE,
            "calendar",
            self._source.schedule,
            self._schedule_codec,
            self._schedule_freshness,
        )
        day = now.astimezone(ZoneInfo(zone)).date()
        start, end = day_bounds(day, zone)
        # An episode with no air time cannot be placed on a day: it is left out.
        todays = [a for a in fetched.value if a.airs_at is not None and start <= a.airs_at < end]
        countries = sorted({a.country for a in todays if a.country})
        if word:
            wanted = matching(word, countries)
            todays = [a for a in todays if a.country in wanted]
        # Grouped by country, the busiest first; by air time within each country.
        busy = Counter(a.country for a in todays)
        todays.sort(
            key=lambda a: (-busy[a.country], a.country, a.airs_at or start, a.title.casefold())
        )
        return Today(day, zone, todays, countries, word, fetched.stale)

    async def season(self, season: Season, order: str = BY_RATING) -> SeasonList:
        fetched = await self._lookup.get(
            SEASON_NAMESPACE,
            f"{season.year}-{season.quarter}",
            lambda: self._source.season(season.year, season.quarter),
            self._season_codec,
            self._season_freshness,
        )
        order = order if order in ORDERS else BY_RATING
        return SeasonList(season, order, sorted_titles(fetched.value, order), fetched.stale)
