"""Basic cards from TMDB while a scraper is down: a TMDB title as a ``Movie`` or ``Drama``.

Only what TMDB knows is filled in; the user's template leaves out the rest as
it does for any title that lacks a value. The card says it came via TMDB.
"""

from __future__ import annotations

from domain.i18n import gettext
from domain.titles import Drama, Movie
from domain.tmdb.models import MOVIE, TmdbTitle
from domain.tmdb.regions import country_name


def imdb_via_tmdb() -> str:
    """The note under a basic card TMDB gave while IMDb is down, in the user's language."""
    return "\n\n<i>" + gettext("ℹ️ IMDb is not answering: a basic card via TMDB.") + "</i>"


def mdl_via_tmdb() -> str:
    """The note under a basic card TMDB gave while MyDramaList is down."""
    text = gettext("ℹ️ MyDramaList is not answering: a basic card via TMDB.")
    return "\n\n<i>" + text + "</i>"


def _countries(title: TmdbTitle) -> tuple[str, ...]:
    return title.country_names or tuple(country_name(c) for c in title.countries)


def as_movie(title: TmdbTitle, imdb_id: str) -> Movie:
    return Movie(
        imdb_id=imdb_id,
        title=title.title,
        url=f"https://www.imdb.com/title/{imdb_id}/",
        kind="movie" if title.kind == MOVIE else "tvSeries",
        year=title.year,
        runtime_minutes=title.runtime_minutes,
        genres=title.genres,
        countries=_countries(title),
        languages=title.languages,
        plot=title.overview,
        cover_url=title.poster,
        release_date=title.release_date,
    )


def as_drama(title: TmdbTitle, slug: str, link: str) -> Drama:
    year = str(title.year) if title.year else ""
    return Drama(
        slug=slug,
        title=title.title,
        link=link,
        complete_title=f"{title.title} ({year})" if year else title.title,
        native_title=title.original_title if title.original_title != title.title else "",
        year=year,
        poster=title.poster,
        synopsis=title.overview,
        country=", ".join(_countries(title)),
        type="Movie" if title.kind == MOVIE else "Drama",
        episodes=str(title.episodes) if title.episodes else "",
        genres=title.genres,
    )
