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
# A series' first principal group; imdbinfo takes its creators from whichever group is first.
CREATORS_GROUP = "amzn1.imdb.concept.name_credit_group.85198717-6c2d-481e-93a5-47858774bcce"

Credit = tuple[str, str]  # (nm id, name)
# (country code, country name, rating, rating reason, attribute texts, ratings body id)
Certificate = tuple[str, str, str, str | None, tuple[str, ...], str | None]
# (category id, heading, credits): one job of the full credits ("crew by job")
CrewJob = tuple[str, str, tuple[Credit, ...]]
# (category id, heading, company names): one kind of company credit
CompanyKind = tuple[str, str, tuple[str, ...]]


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
    certificate: str | None = None  # US rating, e.g. "R" (one MPAA entry; see ``certificates``)
    rating_reason: str | None = None  # what imdbinfo calls ``mpaa``
    certificates: tuple[Certificate, ...] = ()  # every country's, as a real page lists them
    metacritic: int | None = None
    budget: tuple[int, str] | None = None  # (amount, currency)
    release_country: tuple[str, str] | None = None  # the requester's country the date is for
    crew: tuple[CrewJob, ...] = ()  # the full credits page, job by job
    companies: tuple[CompanyKind, ...] = ()
    # The older page layout: no principalCreditsV2/crewV2, so imdbinfo finds
    # directors and stars only under the crew by job.
    legacy_layout: bool = False
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
        if t.release_country:
            code, name = t.release_country
            main["releaseDate"]["country"] = {"id": code, "text": name}
    if t.metacritic is not None:
        main["metacritic"] = {"metascore": {"score": t.metacritic}}
    if t.budget:
        main["productionBudget"] = {"budget": {"amount": t.budget[0], "currency": t.budget[1]}}
    if t.rating is not None:
        main["ratingsSummary"] = {"aggregateRating": t.rating, "voteCount": t.votes}
    if t.genres:
        main["genres"] = {"genres": [{"text": g} for g in t.genres]}
    if t.gross:
        main["worldwideGross"] = {"total": {"amount": t.gross[0], "currency": t.gross[1]}}
    certificates = t.certificates or (
        (("US", "United States", t.certificate, t.rating_reason, (), "MPAA"),)
        if t.certificate
        else ()
    )
    if certificates:
        edges = [{"node": _certificate_node(t, n, c)} for n, c in enumerate(certificates)]
        main["certificates"] = {"total": len(edges), "edges": edges}
    if t.countries:
        main["countriesDetails"] = {"countries": [{"id": c, "text": n} for c, n in t.countries]}
    if t.languages:
        languages = [{"id": c, "text": n} for c, n in t.languages]
        main["spokenLanguages"] = {"spokenLanguages": languages}
    return main


def _certificate_node(t: FakeTitle, number: int, cert: Certificate) -> dict[str, Any]:
    code, country, rating, reason, attributes, body = cert
    return {
        "id": f"ce{int(t.imdb_id[2:]) % 10_000:04d}{number:03d}",
        "country": {"id": code, "text": country},
        "rating": rating,
        "ratingReason": reason,
        "attributes": [{"text": text} for text in attributes],
        "ratingsBody": {"id": body} if body else None,
    }


def _category_item(credit: Credit, *, cast: bool, position: int) -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": credit[0],
        "rowTitle": credit[1],
        "isSeries": False,
        "isCast": cast,
        "refTagSuffix": [{"t": "", "n": 1}, {"t": "", "n": position}],
    }
    if cast:
        item["characters"] = [f"Character {position}"]
    else:
        item["attributes"] = ""
    return item


def _full_credits(t: FakeTitle) -> list[dict[str, Any]]:
    """``categories``: the crew by job; the cast is the job whose rows are ``isCast``."""
    jobs = list(t.crew)
    if t.legacy_layout:
        # The older layout names its jobs by their old ids and lists the
        # directors and stars only here.
        jobs = [("director", "Director", t.directors), *jobs, ("cast", "Cast", t.stars)]
    return [
        {
            "id": category,
            "name": heading,
            "section": {
                "items": [
                    _category_item(c, cast=category == "cast" or heading == "Cast", position=n)
                    for n, c in enumerate(credits, start=1)
                ]
            },
        }
        for category, heading, credits in jobs
        if credits
    ]


def _company_credits(t: FakeTitle) -> list[dict[str, Any]]:
    return [
        {
            "category": {"id": category, "text": heading},
            "companyCredits": {
                "edges": [
                    {
                        "node": {
                            "company": {"id": f"co{9_000_000 + n:07d}"},
                            "displayableProperty": {"value": {"plainText": name}},
                            "countries": None,
                            "attributes": [{"text": "(2026)"}] if n % 3 == 0 else [],
                        }
                    }
                    for n, name in enumerate(names)
                ]
            },
        }
        for category, heading, names in t.companies
    ]


def _credits_main(t: FakeTitle) -> dict[str, Any]:
    main: dict[str, Any] = {}
    if t.crew or t.legacy_layout:
        main["categories"] = _full_credits(t)
    if t.companies:
        main["companyCreditCategories"] = _company_credits(t)
    if t.legacy_layout:
        # Its principal credits sit under an older key that imdbinfo does not read.
        stars = [{"name": _name(c)["name"], "attributes": None} for c in t.stars]
        if stars:
            main["principalCredits"] = [
                {"category": {"text": "Stars", "id": "cast"}, "credits": stars}
            ]
        return main | _series_main(t)
    groups = []
    if t.creators:  # imdbinfo reads a series' creators from the first group
        groups.append(
            {
                "grouping": {"text": "Creator", "groupingId": CREATORS_GROUP},
                "credits": [_name(c) for c in t.creators],
            }
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
    return main | _series_main(t)


def _series_main(t: FakeTitle) -> dict[str, Any]:
    main: dict[str, Any] = {}
    if t.seasons:
        # IMDb lists seasons newest first, as strings.
        seasons = [{"node": {"season": str(n)}} for n in range(t.seasons, 0, -1)]
        main["episodes"] = {"displayableSeasons": {"total": t.seasons, "edges": seasons}}
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
    if t.release_date:
        year, month, day = t.release_date
        entity["releaseDate"] = {"year": year, "month": month, "day": day}
    if t.runtime_minutes is not None:
        entity["runtime"] = {"seconds": t.runtime_minutes * 60}
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
