"""IMDb person pages: imdbinfo's ``get_name`` → ``PersonDetail`` → ``Person``.

``PersonDetail`` carries ``name``, ``image_url``, ``bio``, ``birth_date``
("YYYY-MM-DD"), ``birth_place``, ``death_date``, ``primary_profession``,
``knownfor`` (title names) and ``credits`` / ``unreleased_credits``: category
("actor", "director", "writer", ...) → ``MovieBriefInfo`` (id, title, year,
kind; no rating on a name page). Every field is read with a default.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import imdbinfo

from adapters.imdb.client import ImdbClient
from adapters.upstream_text import encodable
from domain.errors import NotFound
from domain.people.models import IMDB, Person, Work

MAX_WORKS = 5000
_NAME_ID = re.compile(r"nm\d{7,10}")
_TITLE_ID = re.compile(r"tt\d{7,10}")
NOT_FOUND = "IMDb has no such person."


def _text(value: Any) -> str:
    return encodable(value.strip()) if isinstance(value, str) else ""


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _float(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _job(category: str) -> str:
    """ "music_department" → "Music department"."""
    return category.replace("_", " ").strip().capitalize()


def _works(detail: Any) -> tuple[Work, ...]:
    works: list[Work] = []
    seen: set[tuple[str, str]] = set()
    for attribute in ("credits", "unreleased_credits"):
        groups = getattr(detail, attribute, None)
        for category, items in (groups or {}).items() if isinstance(groups, dict) else ():
            job = _job(_text(category))
            for brief in items if isinstance(items, list | tuple) else ():
                imdb_id = _text(getattr(brief, "imdbId", None))
                title = _text(getattr(brief, "title_localized", None)) or _text(
                    getattr(brief, "title", None)
                )
                if not title or (imdb_id, job) in seen:
                    continue
                seen.add((imdb_id, job))
                works.append(
                    Work(
                        title=title,
                        key=imdb_id if _TITLE_ID.fullmatch(imdb_id) else "",
                        year=_int(getattr(brief, "year", None)),
                        kind=_text(getattr(brief, "kind", None)),
                        role=job,
                        rating=_float(getattr(brief, "rating", None)),
                    )
                )
                if len(works) >= MAX_WORKS:
                    return tuple(works)
    return tuple(works)


def to_person(detail: Any, requested: str) -> Person:
    professions = getattr(detail, "primary_profession", None)
    listed = professions if isinstance(professions, list) else []
    jobs = [_job(_text(p)) for p in listed if _text(p)]
    return Person(
        source=IMDB,
        key=requested,
        name=_text(getattr(detail, "name", None)) or requested,
        link=f"https://www.imdb.com/name/{requested}/",
        photo=_text(getattr(detail, "image_url", None)),
        bio=_text(getattr(detail, "bio", None)),
        born=_text(getattr(detail, "birth_date", None)),
        died=_text(getattr(detail, "death_date", None)),
        birthplace=_text(getattr(detail, "birth_place", None)),
        professions=", ".join(dict.fromkeys(jobs)),
        works=_works(detail),
    )


class ImdbPeople:
    """``PersonPages`` for IMDb, through the IMDb client's pool, retries and breaker."""

    def __init__(self, client: ImdbClient, name_fn: Callable[..., Any] | None = None) -> None:
        self._client = client
        # Undecorated, as for titles: the lookup policy is the only cache in the path.
        self._name_fn = name_fn or getattr(imdbinfo.get_name, "__wrapped__", imdbinfo.get_name)

    async def person(self, key: str) -> Person:
        if not _NAME_ID.fullmatch(key):
            raise NotFound(NOT_FOUND)
        try:
            detail = await self._client.call(self._name_fn, key)
        except NotFound:
            raise NotFound(NOT_FOUND) from None
        if detail is None:
            raise NotFound(NOT_FOUND)
        return to_person(detail, key)
