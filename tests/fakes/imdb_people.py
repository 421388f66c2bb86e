"""Synthetic IMDb name pages, shaped like the JSON imdbinfo 0.11's ``get_name`` parses.

Only the paths ``parsers.parse_json_person_detail`` reads are filled in
(``props.pageProps.aboveTheFold`` and ``mainColumnData``: name, image, bio,
birth and death, professions, known-for, released and unreleased credits
grouped by IMDb's credit-category ids), so imdbinfo's real parser builds a
real ``PersonDetail``. All data here is written for these tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tests.fakes.imdb_catalogue import MATRIX_ID, MATRIX_RELOADED_ID

_CATEGORY = "amzn1.imdb.concept.name_credit_category."
CATEGORY_IDS = {
    "actor": _CATEGORY + "a9ab2a8b-9153-4edb-a27a-7c2346830d77",
    "actress": _CATEGORY + "7f6d81aa-23aa-4503-844d-38201eb08761",
    "director": _CATEGORY + "ace5cb4c-8708-4238-9542-04641e7c8171",
    "writer": _CATEGORY + "c84ecaff-add5-4f2e-81db-102a41881fe3",
}


@dataclass(frozen=True)
class FakeCredit:
    imdb_id: str
    title: str
    category: str  # "actor", "director", "writer", ...
    year: int | None = None
    kind: str = "movie"
    cover_url: str | None = None
    released: bool = True


@dataclass(frozen=True)
class FakePerson:
    imdb_id: str
    name: str
    bio: str | None = None
    image_url: str | None = None
    birth_date: str | None = None  # "YYYY-MM-DD"
    birth_place: str | None = None
    death_date: str | None = None
    professions: tuple[str, ...] = ("actor",)
    credits: tuple[FakeCredit, ...] = ()


def _title(c: FakeCredit) -> dict[str, Any]:
    title: dict[str, Any] = {
        "id": c.imdb_id,
        "originalTitleText": {"text": c.title},
        "titleText": {"text": c.title},
        "titleType": {"id": c.kind},
        "primaryImage": {"url": c.cover_url} if c.cover_url else None,
        "releaseYear": {"year": c.year} if c.year is not None else None,
    }
    return title


def _groups(credits: list[FakeCredit]) -> dict[str, Any]:
    by_category: dict[str, list[FakeCredit]] = {}
    for credit in credits:
        by_category.setdefault(credit.category, []).append(credit)
    edges = [
        {
            "node": {
                "grouping": {"groupingId": CATEGORY_IDS[category], "text": category.title()},
                "credits": {"edges": [{"node": {"title": _title(c)}} for c in items]},
            }
        }
        for category, items in by_category.items()
    ]
    return {"edges": edges}


def person_page_json(p: FakePerson) -> dict[str, Any]:
    """The ``__NEXT_DATA__`` JSON of ``/name/<id>/``."""
    fold: dict[str, Any] = {
        "id": p.imdb_id,
        "nameText": {"text": p.name},
        "primaryProfessions": [{"category": {"id": job}} for job in p.professions],
    }
    if p.image_url:
        fold["primaryImage"] = {"url": p.image_url}
    if p.bio is not None:
        fold["bio"] = {"text": {"plainText": p.bio}}
    if p.birth_date:
        fold["birthDate"] = {"date": p.birth_date}
    if p.death_date:
        fold["deathDate"] = {"date": p.death_date}
    main: dict[str, Any] = {
        "id": p.imdb_id,
        "knownForFeatureV2": {
            "credits": [
                {
                    "title": {"id": c.imdb_id, "titleText": {"text": c.title}},
                    "creditedRoles": {"edges": []},
                }
                for c in p.credits[:4]
            ]
        },
        "professions": [
            {"professionCategory": {"linkedCreditCategory": {"categoryId": CATEGORY_IDS[job]}}}
            for job in p.professions
            if job in CATEGORY_IDS
        ],
        "released": _groups([c for c in p.credits if c.released]),
        "unreleased": _groups([c for c in p.credits if not c.released]),
    }
    if p.birth_place:
        main["birthLocation"] = {"text": p.birth_place}
    return {"props": {"pageProps": {"aboveTheFold": fold, "mainColumnData": main}}}


KEANU = FakePerson(
    "nm0000206",
    "Keanu Reeves",
    bio='Keanu <Charles> Reeves & friends: a "quiet" actor born in Beirut.',
    image_url="https://m.media-amazon.com/images/M/keanu._V1_.jpg",
    birth_date="1964-09-02",
    birth_place="Beirut, Lebanon",
    professions=("actor", "director"),
    credits=(
        FakeCredit(MATRIX_ID, "The Matrix", "actor", 1999),
        FakeCredit(MATRIX_RELOADED_ID, "The Matrix Reloaded", "actor", 2003),
        FakeCredit("tt9900101", "Man of Tai Chi", "director", 2013),
        FakeCredit("tt9900102", "Untitled Keanu Project", "actor", None, released=False),
    ),
)

LANA = FakePerson(
    "nm0905154",
    "Lana Wachowski",
    image_url=None,  # no photo
    birth_date="1965-06-21",
    birth_place="Chicago, Illinois, USA",
    professions=("writer", "director"),
    credits=(
        FakeCredit(MATRIX_ID, "The Matrix", "director", 1999),
        FakeCredit(MATRIX_ID, "The Matrix", "writer", 1999),
        FakeCredit(MATRIX_RELOADED_ID, "The Matrix Reloaded", "director", 2003),
    ),
)

GONG_YOO = FakePerson(
    "nm1424327",
    "Gong Yoo",
    bio="South Korean actor.",
    image_url="https://m.media-amazon.com/images/M/gongyoo._V1_.jpg",
    birth_date="1979-07-10",
    birth_place="Busan, South Korea",
    credits=(
        FakeCredit("tt5700672", "Train to Busan", "actor", 2016),
        FakeCredit("tt5994166", "Guardian: The Lonely and Great God", "actor", 2016, "tvSeries"),
    ),
)

# Same name as MyDramaList's Kimura Takuya, another birth year: another person.
KIMURA_NAMESAKE = FakePerson(
    "nm7770001",
    "Kimura Takuya",
    birth_date="1988-02-02",
    professions=("actor",),
)

PEOPLE = {p.imdb_id: p for p in (KEANU, LANA, GONG_YOO, KIMURA_NAMESAKE)}
