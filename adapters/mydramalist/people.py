"""MyDramaList person pages: kuryana's ``/people/{id}``, leniently parsed.

kuryana's ``FetchPerson`` gives ``{link, name, about, profile, details{}, works}``
where ``details`` holds MDL's row labels (``native_name``, ``nationality``,
``born``, ``age``, ``gender``, ...) and ``works`` maps each heading ("Drama",
"Movie", ...) to rows ``{_slug, year (int or "TBA"), title: {link, name},
rating (float, "N/A" or ""), role?: {name (may be null), type}, type?, episodes?}``.
Nothing here raises on an odd field; text stays raw (the renderer escapes it).
"""

from __future__ import annotations

import re
from typing import Any

from adapters.mydramalist.client import KuryanaClient
from adapters.mydramalist.parse import integer, number, text
from domain.errors import NotFound
from domain.mydramalist.links import MDL_BASE, find_mdl_link
from domain.people.models import MDL, Person, Work

MAX_WORKS = 5000
_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{0,199}")


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _title_slug(link: Any) -> str:
    """The title slug of a MyDramaList title link; "" for anything else (a bare number too)."""
    return (find_mdl_link(link) or "") if isinstance(link, str) else ""


def _work(item: Any, heading: str) -> Work | None:
    row = _dict(item)
    title = _dict(row.get("title"))
    raw = row.get("title")
    name = text(title.get("name")) or (text(raw) if isinstance(raw, str) else "")
    if not name:
        return None
    role = _dict(row.get("role"))
    return Work(
        title=name,
        key=_title_slug(title.get("link")),
        year=integer(row.get("year")),
        kind=heading,
        role=text(role.get("type")) or text(row.get("type")),
        character=text(role.get("name")),
        rating=number(row.get("rating")),
        episodes=integer(row.get("episodes")),
    )


def _works(value: Any) -> tuple[Work, ...]:
    works: list[Work] = []
    for heading, rows in _dict(value).items():
        for item in rows if isinstance(rows, list) else ():
            work = _work(item, text(heading))
            if work is not None:
                works.append(work)
            if len(works) >= MAX_WORKS:
                return tuple(works)
    return tuple(works)


def parse_person(data: Any, key: str) -> Person:
    row = _dict(data)
    details = _dict(row.get("details"))
    name = text(row.get("name")) or " ".join(
        p for p in (text(details.get("first_name")), text(details.get("family_name"))) if p
    )
    return Person(
        source=MDL,
        key=key,
        name=name or key,
        link=text(row.get("link")) or f"{MDL_BASE}/people/{key}",
        native_name=text(details.get("native_name")),
        also_known_as=text(details.get("also_known_as")),
        photo=text(row.get("profile")),
        bio=text(row.get("about")),
        born=text(details.get("born")) or text(details.get("birthday")),
        age=text(details.get("age")),
        nationality=text(details.get("nationality")),
        gender=text(details.get("gender")),
        works=_works(row.get("works")),
    )


class KuryanaPeople:
    """``PersonPages`` for MyDramaList, through the kuryana client's breakers and retries."""

    def __init__(self, client: KuryanaClient) -> None:
        self._client = client

    async def person(self, key: str) -> Person:
        if not _KEY.fullmatch(key):
            raise NotFound("MyDramaList has no such person.")
        try:
            data = await self._client.page_data(f"/people/{key}", "person")
        except NotFound:
            raise NotFound("MyDramaList has no such person.") from None
        return parse_person(data, key)
