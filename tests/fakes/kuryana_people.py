"""MyDramaList people as kuryana serves them: ``/people/{id}`` and search ``people`` items.

Shaped after kuryana's ``FetchPerson`` (app/handlers/fetch.py): ``data`` is
``{link, name, about, profile, works, details}``; ``works`` maps each heading of
the page to rows ``{_slug: "mdl-<id>", year: int or "TBA", title: {link, name},
rating: float, "N/A" or "", role?: {name: str or null, type: str}, episodes?: int}``
(staff rows: ``role.name`` null and ``role.type`` the job); ``details`` holds the
row labels of the page's details box, lowercased with spaces as "_".
Search ``people`` items are ``{slug: "people/<id>", thumb, name, nationality}``.
All data here is written for these tests.
"""

from __future__ import annotations

from typing import Any

from tests.fakes.kuryana import FakeKuryana

MDL = "https://mydramalist.com"


def work(
    mdl_id: int,
    slug: str,
    name: str,
    year: int | str,
    rating: float | str = "N/A",
    role: tuple[str | None, str] | None = None,
    episodes: int | None = None,
) -> dict[str, Any]:
    row: dict[str, Any] = {
        "_slug": f"mdl-{mdl_id}",
        "year": year,
        "title": {"link": f"{MDL}/{slug}", "name": name},
        "rating": rating,
    }
    if role is not None:
        row["role"] = {"name": role[0], "type": role[1]}
    if episodes is not None:
        row["episodes"] = episodes
    return row


def person(
    person_id: str,
    name: str,
    *,
    about: str = "",
    profile: str = "",
    works: dict[str, list[dict[str, Any]]] | None = None,
    details: dict[str, str] | None = None,
) -> dict[str, Any]:
    return {
        "link": f"{MDL}/people/{person_id}",
        "name": name,
        "about": about,
        "profile": profile,
        "works": works or {},
        "details": details or {},
    }


def search_item(person_id: str, name: str, nationality: str, thumb: str = "") -> dict[str, Any]:
    return {
        "slug": f"people/{person_id}",
        "thumb": thumb or f"https://i.mydramalist.com/{person_id[:4]}_4s.jpg",
        "name": name,
        "nationality": nationality,
    }


GONG_YOO_ID = "1-gong-yoo"
GONG_YOO = person(
    GONG_YOO_ID,
    "Gong Yoo",
    about='Gong Yoo is a South Korean actor. He is known for <Goblin> & "Train to Busan".',
    profile="https://i.mydramalist.com/p1_5c.jpg",
    details={
        "first_name": "Yoo",
        "family_name": "Gong",
        "native_name": "공유",
        "also_known_as": "Gong Ji Cheol, 공지철",
        "nationality": "South Korean",
        "gender": "Male",
        "born": "July 10, 1979",
        "age": "47",
    },
    works={
        "Drama": [
            work(70001, "70001-the-trunk", "The Trunk", "TBA", "N/A", (None, "Main Role"), 8),
            work(18452, "18452-goblin", "Goblin", 2016, 8.8, ("Kim Shin", "Main Role"), 16),
            work(
                2304,
                "2304-coffee-prince",
                "Coffee Prince",
                2007,
                8.1,
                ("Choi Han Kyul", "Main Role"),
                17,
            ),
        ],
        "Movie": [
            work(
                15893,
                "15893-train-to-busan",
                "Train to Busan",
                2016,
                8.2,
                ("Seok Woo", "Main Role"),
            ),
        ],
    },
)

DIRECTOR_ID = "7-lee-eung-bok"
DIRECTOR = person(
    DIRECTOR_ID,
    "Lee Eung Bok",
    about="",
    profile="",  # no photo on the page
    details={"native_name": "이응복", "nationality": "South Korean", "gender": "Male"},
    works={
        "Drama": [
            work(18452, "18452-goblin", "Goblin", 2016, 8.8, (None, "Director")),
            work(
                23597,
                "23597-descendants-of-the-sun",
                "Descendants of the Sun",
                2016,
                8.6,
                (None, "Director"),
            ),
            work(31990, "31990-sweet-home", "Sweet Home", 2020, "", (None, "Director")),
        ]
    },
)

KIMURA_ID = "50-kimura-takuya"
KIMURA = person(
    KIMURA_ID,
    "Kimura Takuya",
    about="木村拓哉は日本の俳優。",
    profile="https://i.mydramalist.com/k50_5c.jpg",
    details={"native_name": "木村拓哉", "nationality": "Japanese", "born": "November 13, 1972"},
    works={"Drama": [work(9001, "9001-hero", "HERO", 2001, 8.0, ("Kuryu Kohei", "Main Role"), 11)]},
)

PROLIFIC_ID = "900-busy-extra"
PROLIFIC = person(
    PROLIFIC_ID,
    "Busy Extra",
    details={"nationality": "South Korean"},
    works={
        "Drama": [
            work(
                100000 + n,
                f"{100000 + n}-show-{n}",
                f"Show {n}",
                1990 + n % 35,
                7.0,
                ("Guest", "Guest Role"),
            )
            for n in range(3000)
        ]
    },
)

ALL = {GONG_YOO_ID: GONG_YOO, DIRECTOR_ID: DIRECTOR, KIMURA_ID: KIMURA, PROLIFIC_ID: PROLIFIC}


def install(kuryana: FakeKuryana) -> None:
    """Every person above, and searches that find them."""
    for person_id, data in ALL.items():
        kuryana.add_person(person_id, data)
    kuryana.add_search("gong yoo", [], [search_item(GONG_YOO_ID, "Gong Yoo", "South Korean")])
    kuryana.add_search(
        "lee eung bok", [], [search_item(DIRECTOR_ID, "Lee Eung Bok", "South Korean")]
    )
    kuryana.add_search("kimura", [], [search_item(KIMURA_ID, "Kimura Takuya", "Japanese")])
    kuryana.add_search("busy extra", [], [search_item(PROLIFIC_ID, "Busy Extra", "South Korean")])
