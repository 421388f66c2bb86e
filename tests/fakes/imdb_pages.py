"""Synthetic IMDb pages and GraphQL answers, shaped like the JSON imdbinfo 0.11 parses.

Only the paths imdbinfo reads are filled in (``parsers.parse_json_movie`` and
``parse_json_search``), so imdbinfo's real parser builds real ``MovieDetail``,
``TvSeriesDetail``, ``TvEpisodeDetail`` and ``SearchResult`` objects from them.
All data here is written for these tests.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

# imdbinfo tells stars and directors apart by these IMDb grouping ids.
STARS_GROUP = "amzn1.imdb.concept.name_credit_group.7510356e-fde9-438e-b3ad-0099ba6bc8ce"
DIRECTORS_GROUP = "amzn1.imdb.concept.name_credit_category.ace5cb4c-8708-4238-9542-04641e7c8171"

Credit = tuple[str, str]  # (nm id, name)


@dataclass(frozen=True)
class FakeTitle:
    """One title of the fake catalogue; ``None``/empty fields are left out of its page."""

    imdb_id: str
    title: str
    kind: str = "movie"
    localized: str | None = None
    year: int | None = None
    end_year: int | None = None
    rating: float | None = None
    votes: int | None = None
    runtime_minutes: int | None = None
    genres: tuple[str, ...] = ()
    directors: tuple[Credit, ...] = ()
    stars: tuple[Credit, ...] = ()
    creators: tuple[Credit, ...] = ()
    countries: tuple[tuple[str, str], ...] = ()  # (code, name)
    languages: tuple[tuple[str, str], ...] = ()  # (code, name)
    certificate: str | None = None  # US rating, e.g. "R"
    rating_reason: str | None = None  # what imdbinfo calls ``mpaa``
    plot: str | None = None
    cover_url: str | None = None
    release_date: tuple[int, int, int] | None = None
    gross: tuple[int, str] | None = None  # (amount, currency)
    seasons: int | None = None
    episode_of: tuple[str, str, int, int] | None = None  # (series id, title, season, episode)

    @property
    def display_title(self) -> str:
        return self.localized or self.title


def _name(credit: Credit) -> dict[str, Any]:
    return {"name": {"id": credit[0], "nameText": {"text": credit[1]}}}


def _above_the_fold(t: FakeTitle) -> dict[str, Any]:
    fold: dict[str, Any] = {
        "originalTitleText": {"text": t.title},
        "titleText": {"text": t.display_title},
    }
    if t.cover_url:
        fold["primaryImage"] = {"url": t.cover_url}
    if t.year is not None:
        fold["releaseYear"] = {"year": t.year, "endYear": t.end_year}
    if t.runtime_minutes is not None:
        fold["runtime"] = {"seconds": t.runtime_minutes * 60}
    return fold


def _optional_main(t: FakeTitle) -> dict[str, Any]:
    main: dict[str, Any] = {}
    if t.plot:
        main["plot"] = {"plotText": {"plainText": t.plot}}
    if t.release_date:
        year, month, day = t.release_date
        main["releaseDate"] = {"year": year, "month": month, "day": day}
    if t.rating is not None:
        main["ratingsSummary"] = {"aggregateRating": t.rating, "voteCount": t.votes}
    if t.genres:
        main["genres"] = {"genres": [{"text": g} for g in t.genres]}
    if t.gross:
        main["worldwideGross"] = {"total": {"amount": t.gross[0], "currency": t.gross[1]}}
    if t.certificate:
        node: dict[str, Any] = {
            "id": f"cert-{t.imdb_id}",
            "country": {"id": "US", "text": "United States"},
            "rating": t.certificate,
            "ratingReason": t.rating_reason,
            "attributes": [],
            "ratingsBody": {"id": "MPAA"},
        }
        main["certificates"] = {"edges": [{"node": node}]}
    if t.countries:
        main["countriesDetails"] = {"countries": [{"id": c, "text": n} for c, n in t.countries]}
    if t.languages:
        languages = [{"id": c, "text": n} for c, n in t.languages]
        main["spokenLanguages"] = {"spokenLanguages": languages}
    return main


def _credits_main(t: FakeTitle) -> dict[str, Any]:
    main: dict[str, Any] = {}
    groups = []
    if t.creators:  # imdbinfo reads a series' creators from the first group
        groups.append(
            {"grouping": {"groupingId": "creators"}, "credits": [_name(c) for c in t.creators]}
        )
    if t.stars:
        groups.append(
            {"grouping": {"groupingId": STARS_GROUP}, "credits": [_name(c) for c in t.stars]}
        )
    if groups:
        main["principalCreditsV2"] = groups
    if t.directors:
        crew = [
            {
                "grouping": {"groupingId": DIRECTORS_GROUP},
                "credits": [_name(c) for c in t.directors],
            }
        ]
        main["crewV2"] = crew
    if t.seasons:
        seasons = [{"node": {"season": str(n)}} for n in range(1, t.seasons + 1)]
        main["episodes"] = {"displayableSeasons": {"edges": seasons}}
    if t.episode_of:
        series_id, series_title, season, episode = t.episode_of
        main["series"] = {
            "episodeNumber": {"seasonNumber": season, "episodeNumber": episode},
            "series": {
                "id": series_id,
                "titleText": {"text": series_title},
                "originalTitleText": {"text": series_title},
            },
        }
    return main


def title_page_json(t: FakeTitle, *, reshaped: bool = False) -> dict[str, Any]:
    """The ``__NEXT_DATA__`` JSON of ``/title/<id>/reference``.

    ``reshaped`` drops lists IMDb has always sent, as a page redesign would:
    imdbinfo then fails model validation.
    """
    main: dict[str, Any] = {"id": t.imdb_id, "titleType": {"id": t.kind}}
    if not reshaped:
        main |= {
            "akas": {"edges": []},
            "filmingLocations": {"edges": []},
            "production": {"edges": []},
        }
    main |= _optional_main(t) | _credits_main(t)
    return {
        "props": {"pageProps": {"aboveTheFoldData": _above_the_fold(t), "mainColumnData": main}}
    }


def empty_page_json() -> dict[str, Any]:
    """A page without ``mainColumnData``: imdbinfo's ``get_movie`` returns ``None``."""
    return {"props": {"pageProps": {}}}


def next_data_html(page: dict[str, Any]) -> bytes:
    # Escaped the way Next.js does, so "</script>" in a title cannot end the tag.
    payload = (
        json.dumps(page).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    )
    script = f'<script id="__NEXT_DATA__" type="application/json">{payload}</script>'
    html = f"<html><head>{script}</head><body></body></html>"
    return html.encode()


def search_title_entity(t: FakeTitle) -> dict[str, Any]:
    entity: dict[str, Any] = {
        "__typename": "Title",
        "id": t.imdb_id,
        "titleText": {"text": t.display_title},
        "originalTitleText": {"text": t.title},
        "canonicalUrl": f"/title/{t.imdb_id}/",
        "titleType": {"id": t.kind, "text": t.kind, "categories": []},
        "ratingsSummary": {"aggregateRating": t.rating},
    }
    if t.year is not None:
        entity["releaseYear"] = {"year": t.year}
    if t.cover_url:
        entity["primaryImage"] = {"url": t.cover_url}
    return entity


def search_name_entity(credit: Credit) -> dict[str, Any]:
    return {
        "__typename": "Name",
        "id": credit[0],
        "nameText": {"text": credit[1]},
        "professions": [{"profession": {"text": "Actor"}}],
        "canonicalUrl": f"/name/{credit[0]}/",
    }


def search_answer(entities: list[dict[str, Any]]) -> dict[str, Any]:
    return {"data": {"mainSearch": {"edges": [{"node": {"entity": e}} for e in entities]}}}
