"""What the bot keeps of a TMDB title: enough for a basic card, its offers and its trailer."""

from __future__ import annotations

from dataclasses import dataclass, field

MOVIE = "movie"
TV = "tv"
KINDS = (MOVIE, TV)
SITE = "https://www.themoviedb.org"


@dataclass(frozen=True, slots=True)
class Offers:
    """One country's offers (JustWatch's data as TMDB passes it on), provider names in
    TMDB's display order."""

    link: str = ""
    flatrate: tuple[str, ...] = ()
    free: tuple[str, ...] = ()
    ads: tuple[str, ...] = ()
    rent: tuple[str, ...] = ()
    buy: tuple[str, ...] = ()

    def any(self) -> bool:
        return bool(self.flatrate or self.free or self.ads or self.rent or self.buy)


@dataclass(frozen=True, slots=True)
class TmdbRef:
    kind: str  # MOVIE or TV
    tmdb_id: int

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.tmdb_id}"


@dataclass(frozen=True, slots=True)
class TmdbCandidate:
    """One search result, with what matching needs."""

    ref: TmdbRef
    title: str
    original_title: str = ""
    year: int | None = None
    countries: tuple[str, ...] = ()
    language: str = ""


@dataclass(frozen=True, slots=True)
class TmdbTitle:
    kind: str
    tmdb_id: int
    title: str
    original_title: str = ""
    year: int | None = None
    release_date: str = ""
    countries: tuple[str, ...] = ()
    country_names: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    genres: tuple[str, ...] = ()
    overview: str = ""
    poster: str = ""
    runtime_minutes: int | None = None
    episodes: int | None = None
    imdb_id: str = ""
    also_known_as: tuple[str, ...] = ()  # TMDB's alternative titles
    trailer: str = ""  # an official YouTube trailer's watch URL, or ""
    offers: dict[str, Offers] = field(default_factory=dict)

    @property
    def ref(self) -> TmdbRef:
        return TmdbRef(self.kind, self.tmdb_id)

    @property
    def page_url(self) -> str:
        return f"{SITE}/{self.kind}/{self.tmdb_id}"

    def watch_url(self, region: str) -> str:
        """TMDB's own watch page for the country (the link its terms ask us to give)."""
        offers = self.offers.get(region)
        if offers is not None and offers.link.startswith("https://"):
            return offers.link
        return f"{self.page_url}/watch?locale={region}"
