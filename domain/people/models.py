"""Domain models of people and their works, on either source.

A person is named by a reference that carries its source: ``m:<slug>`` for a
MyDramaList page ("m:5150-han-ji-woo") and ``i:<nm id>`` for IMDb
("i:nm0000206"). Every field an upstream may omit has a neutral default.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MDL = "mdl"
IMDB = "imdb"
SOURCE_NAMES = {MDL: "MyDramaList", IMDB: "IMDb"}
_PREFIX = {MDL: "m", IMDB: "i"}
_SOURCE_OF = {"m": MDL, "i": IMDB}
_MDL_SLUG = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{0,199}")
_IMDB_NAME = re.compile(r"nm\d{7,10}")
_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|2[01]\d\d)(?!\d)")


def person_ref(source: str, key: str) -> str:
    return f"{_PREFIX[source]}:{key}"


def split_ref(ref: str) -> tuple[str, str] | None:
    """(source, key) of a well-formed reference; None for anything else."""
    prefix, sep, key = ref.partition(":")
    source = _SOURCE_OF.get(prefix)
    if not sep or source is None:
        return None
    pattern = _MDL_SLUG if source == MDL else _IMDB_NAME
    return (source, key) if pattern.fullmatch(key) else None


def year_in(text: str) -> int | None:
    """The first plausible year in ``text`` ("November 3, 1982" → 1982)."""
    match = _YEAR.search(text)
    return int(match.group(1)) if match else None


@dataclass(frozen=True, slots=True)
class PersonHit:
    """One person a search found."""

    source: str
    key: str  # MyDramaList slug without "people/", or IMDb "nm…" id
    name: str
    detail: str = ""  # nationality (MyDramaList) or professions (IMDb)
    thumb: str = ""

    @property
    def ref(self) -> str:
        return person_ref(self.source, self.key)


@dataclass(frozen=True, slots=True)
class Work:
    """One title a person worked on, as their page lists it."""

    title: str
    key: str = ""  # MyDramaList title slug or IMDb tt id ("" when it cannot be opened)
    year: int | None = None
    kind: str = ""  # the page's heading: "Drama", "Movie", "actor", "director", …
    role: str = ""  # "Main Role", "Support Role", "Director", "Actor", …
    character: str = ""  # the role's name, when the page gives one
    rating: float | None = None
    episodes: int | None = None


@dataclass(frozen=True, slots=True)
class Person:
    """A person's page on one source."""

    source: str
    key: str
    name: str
    link: str = ""
    native_name: str = ""
    also_known_as: str = ""
    photo: str = ""
    bio: str = ""
    born: str = ""  # as the page shows it ("November 3, 1982", "1964-09-02")
    died: str = ""
    age: str = ""
    nationality: str = ""
    birthplace: str = ""
    gender: str = ""
    professions: str = ""
    works: tuple[Work, ...] = ()

    @property
    def ref(self) -> str:
        return person_ref(self.source, self.key)

    @property
    def birth_year(self) -> int | None:
        return year_in(self.born)


def works_by_year(works: tuple[Work, ...] | list[Work]) -> list[Work]:
    """Newest first; works without a year ("TBA", unknown) come last, in page order."""
    dated = sorted((w for w in works if w.year is not None), key=lambda w: -(w.year or 0))
    return dated + [w for w in works if w.year is None]
