"""imdbinfo models → domain models.

Every field is read with ``getattr`` and a default: IMDb drops fields from its
pages without notice and imdbinfo passes the gaps on as ``None`` (or, after a
library upgrade, a missing attribute). The source objects sit in imdbinfo's
``lru_cache`` and are shared between callers, so they are only ever read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from adapters.upstream_text import encodable
from domain.imdb.links import imdb_url
from domain.titles import Movie, MovieHit, Person

MAX_STARS = 5
_GROSS = re.compile(r"(?P<amount>\d+)\s+(?P<currency>[A-Z]{3})")
# US first: imdbinfo's ``mpaa`` field holds the rating *reason*, not the rating.
_PREFERRED_CERTIFICATE_COUNTRY = "US"
# imdbinfo appends each certificate's attributes to its rating ("R certificate
# #36569") and joins a country's entries with " :: ".
_CERTIFICATE_NUMBER = re.compile(r"\s*\bcertificate\s*#\s*\d+", re.IGNORECASE)
# The US has two boards: the MPA rates films, the TV Parental Guidelines rate
# television. A film's page lists both (the TV one first); the board that
# rates the kind of title is the one to show.
_US_FILM_RATINGS = {"G", "PG", "PG-13", "R", "NC-17", "X", "M", "GP", "APPROVED", "PASSED"}
_TV_KINDS = {"tvSeries", "tvMiniSeries", "tvEpisode", "tvMovie", "tvSpecial", "tvShort"}


def _text(value: Any) -> str:
    return encodable(value.strip()) if isinstance(value, str) else ""


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


def _float(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _texts(values: Any) -> tuple[str, ...]:
    if not isinstance(values, list | tuple):
        return ()
    return tuple(text for text in (_text(v) for v in values) if text)


def _people(values: Any, limit: int | None = None) -> tuple[Person, ...]:
    people: list[Person] = []
    for item in values if isinstance(values, list | tuple) else ():
        name = _text(getattr(item, "name", None))
        if name:
            people.append(Person(name=name, imdb_id=_text(getattr(item, "imdbId", None))))
        if limit is not None and len(people) >= limit:
            break
    return tuple(people)


CREW_CATEGORIES = ("writer", "producer", "composer", "cinematographer", "music_department")
MAX_CREDITED = 5


def _credits(detail: Any) -> dict[str, tuple[str, ...]]:
    """Crew by category and distributors; IMDb's company category ids say "distribution"."""
    credits: dict[str, tuple[str, ...]] = {}
    categories = getattr(detail, "categories", None)
    if isinstance(categories, dict):
        for category in CREW_CATEGORIES:
            people = _people(categories.get(category), limit=MAX_CREDITED)
            if people:
                credits[category] = tuple(p.name for p in people)
    companies = getattr(detail, "company_credits", None)
    if isinstance(companies, dict):
        names: list[str] = []
        for category, items in companies.items():
            if "distribut" in str(category).lower() and isinstance(items, list | tuple):
                names += [_text(getattr(item, "name", None)) for item in items]
        distributors = tuple(dict.fromkeys(n for n in names if n))[:MAX_CREDITED]
        if distributors:
            credits["distribution"] = distributors
    return credits


def _imdb_id(source: Any) -> str:
    full = _text(getattr(source, "imdbId", None))
    if full:
        return full
    bare = _text(getattr(source, "imdb_id", None))
    return f"tt{bare}" if bare else ""


def to_movie_hit(brief: Any) -> MovieHit | None:
    """One search result; ``None`` when it lacks an id or a title (nothing to show or open)."""
    imdb_id = _imdb_id(brief)
    # The localised title is what IMDb displays ("Spirited Away"); the original
    # ("Sen to Chihiro no kamikakushi") is the fallback.
    title = _text(getattr(brief, "title_localized", None)) or _text(getattr(brief, "title", None))
    if not imdb_id or not title:
        return None
    return MovieHit(
        imdb_id=imdb_id,
        title=title,
        year=_int(getattr(brief, "year", None)),
        kind=_text(getattr(brief, "kind", None)),
        rating=_float(getattr(brief, "rating", None)),
        cover_url=_text(getattr(brief, "cover_url", None)),
    )


_NAME_ID = re.compile(r"nm\d{7,10}")


def _person_hit(person: Any) -> MovieHit | None:
    imdb_id = _text(getattr(person, "imdbId", None))
    name = _text(getattr(person, "name", None))
    if not (name and _NAME_ID.fullmatch(imdb_id)):
        return None
    jobs = _text(getattr(person, "job", None)).replace(",", ", ")
    return MovieHit(imdb_id=imdb_id, title=name, kind=jobs, person=True)


def to_movie_hits(result: Any) -> list[MovieHit]:
    """The titles of a ``SearchResult`` in upstream order, then the people it matched."""
    titles: Iterable[Any] = getattr(result, "titles", None) or ()
    names: Iterable[Any] = getattr(result, "names", None) or ()
    hits = [to_movie_hit(brief) for brief in titles] + [_person_hit(p) for p in names]
    return [hit for hit in hits if hit is not None]


def _board_score(entry: str, kind: str) -> int:
    """How surely ``entry`` is the rating board's own certificate for this kind of title."""
    score = 2 if _CERTIFICATE_NUMBER.search(entry) else 0  # only a board numbers them
    value = _CERTIFICATE_NUMBER.sub("", entry).strip()
    by_tv_board = value.upper().startswith("TV-")
    by_film_board = value.upper() in _US_FILM_RATINGS
    if (kind in _TV_KINDS and by_tv_board) or (kind not in _TV_KINDS and by_film_board):
        score += 1
    return score


def _certificate(detail: Any) -> str:
    """One country's certificate: the US's if listed, else the country of origin's.

    Of a country's several entries the rating board's wins (see
    ``_board_score``), else the first; imdbinfo's suffixes are dropped.
    """
    certificates = getattr(detail, "certificates", None)
    if isinstance(certificates, dict) and certificates:
        preferred = [
            _PREFERRED_CERTIFICATE_COUNTRY,
            *_texts(getattr(detail, "country_codes", None)),
        ]
        country = next((c for c in preferred if c in certificates), next(iter(certificates)))
        entry = certificates[country]
        if isinstance(entry, list | tuple) and len(entry) >= 2:
            kind = _text(getattr(detail, "kind", None))
            entries = [e.strip() for e in str(entry[1]).split(" :: ") if e.strip()]
            if entries:
                best = max(entries, key=lambda e: _board_score(e, kind))  # first of equals
                return _CERTIFICATE_NUMBER.sub("", best).strip()
    return _text(getattr(detail, "mpaa", None))


def _box_office(detail: Any) -> str:
    gross = _text(getattr(detail, "worldwide_gross", None))
    match = _GROSS.fullmatch(gross)
    if match:
        return f"{int(match.group('amount')):,} {match.group('currency')}"
    return gross


def _seasons(detail: Any) -> int | None:
    info = getattr(detail, "info_series", None)
    seasons = getattr(info, "display_seasons", None) or ()
    count = sum(1 for season in seasons if str(season).strip().isdigit())
    return count or None


def _extra(detail: Any) -> dict[str, str]:
    extra: dict[str, str] = {}
    values = {
        "mpaa": _text(getattr(detail, "mpaa", None)),
        "metacritic": str(_int(getattr(detail, "metacritic_rating", None)) or ""),
        "budget": _text(getattr(detail, "production_budget", None)),
    }
    series = getattr(detail, "info_series", None)
    creators = _people(getattr(series, "creators", None))
    values["creators"] = ", ".join(person.name for person in creators)
    episode = getattr(detail, "info_episode", None)
    if episode is not None:
        values["series_title"] = _text(getattr(episode, "series_title_localized", None)) or _text(
            getattr(episode, "series_title", None)
        )
        values["series_id"] = _text(getattr(episode, "series_imdbId", None))
        values["season"] = str(_int(getattr(episode, "season_n", None)) or "")
        values["episode"] = str(_int(getattr(episode, "episode_n", None)) or "")
    extra.update({key: value for key, value in values.items() if value})
    return extra


def _by_job(detail: Any, job: str, limit: int | None = None) -> tuple[Person, ...]:
    categories = getattr(detail, "categories", None)
    if not isinstance(categories, dict):
        return ()
    return _people(categories.get(job), limit=limit)


def to_movie(detail: Any, requested_id: str = "") -> Movie:
    """A ``MovieDetail``, ``TvSeriesDetail`` or ``TvEpisodeDetail`` as a domain ``Movie``."""
    imdb_id = _imdb_id(detail) or requested_id
    title = _text(getattr(detail, "title", None))
    localized = _text(getattr(detail, "title_localized", None))
    languages = _texts(getattr(detail, "languages_text", None)) or _texts(
        getattr(detail, "languages", None)
    )
    return Movie(
        imdb_id=imdb_id,
        title=title or localized or imdb_id,
        url=_text(getattr(detail, "url", None)) or (imdb_url(imdb_id) if imdb_id else ""),
        title_localized=localized,
        kind=_text(getattr(detail, "kind", None)),
        year=_int(getattr(detail, "year", None)),
        end_year=_int(getattr(detail, "year_end", None)),
        rating=_float(getattr(detail, "rating", None)),
        votes=_int(getattr(detail, "votes", None)),
        runtime_minutes=_int(getattr(detail, "duration", None)),
        genres=_texts(getattr(detail, "genres", None)),
        # A page of the older layout has no principal credits: imdbinfo then
        # finds directors and cast only in the crew by job.
        directors=_people(getattr(detail, "directors", None)) or _by_job(detail, "director"),
        stars=_people(getattr(detail, "stars", None), limit=MAX_STARS)
        or _by_job(detail, "cast", limit=MAX_STARS),
        countries=_texts(getattr(detail, "countries", None)),
        languages=languages,
        certificate=_certificate(detail),
        plot=_text(getattr(detail, "plot", None)),
        cover_url=_text(getattr(detail, "cover_url", None)),
        release_date=_text(getattr(detail, "release_date", None)),
        box_office=_box_office(detail),
        seasons=_seasons(detail),
        credits=_credits(detail),
        extra=_extra(detail),
    )
