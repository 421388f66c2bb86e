"""kuryana JSON to domain models, leniently.

kuryana scrapes MyDramaList's HTML and its keys are MDL's row labels, so any
field may be missing, renamed or oddly typed (its history has lists where text
was due and ``year: "Drama"``). Nothing here raises on a malformed field: it
falls back to the model's default. Text stays raw (only stripped); escaping is
the renderer's job, done exactly once.
"""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime
from typing import Any

from domain.mydramalist.links import MDL_BASE, is_slug, mdl_url
from domain.titles import (
    CastMember,
    CastSection,
    Drama,
    DramaCast,
    DramaEpisodes,
    DramaHit,
    Episode,
    NextEpisode,
    RelatedTitle,
)

# The first row of MDL's details box is labelled with the kind of title.
_KIND_KEYS = {"drama": "Drama", "movie": "Movie", "special": "Special", "tv_show": "TV Show"}
_VOTE_SUFFIX = re.compile(r"\s*\(\s*vote or add tags\s*\)\s*$", re.IGNORECASE)
_YEAR_SUFFIX = re.compile(r"\s*\((\d{4}(?:\s*[-–]\s*\d{4})?)\)\s*$")
_EPISODE_NO = re.compile(r"\bEpisode\s+(\d+)\b", re.IGNORECASE)
_LEADING_FLOAT = re.compile(r"^\s*(\d+(?:\.\d+)?)")


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def text(value: Any) -> str:
    """Any scalar as stripped text; a list joined with ", "; anything else empty."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, int | float):
        return "" if isinstance(value, float) and not math.isfinite(value) else str(value)
    if isinstance(value, list):
        return ", ".join(t for t in (text(v) for v in value if not isinstance(v, list)) if t)
    return ""


def texts(value: Any) -> tuple[str, ...]:
    """A list of texts; a lone string is split on ", " as kuryana splits rows."""
    items = value.split(", ") if isinstance(value, str) else _list(value)
    return tuple(t for t in (text(v) for v in items if not isinstance(v, list)) if t)


def number(value: Any) -> float | None:
    """A finite float from a number or numeric text ("8.8"); None for "N/A", "", junk."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        result = float(value)
    elif isinstance(value, str):
        try:
            result = float(value.strip())
        except ValueError:
            return None
    else:
        return None
    return result if math.isfinite(result) else None


def integer(value: Any) -> int | None:
    result = number(value)
    return int(result) if result is not None and result.is_integer() else None


def strip_year(title: str) -> str:
    """ "Mouse (2021)" -> "Mouse": the year is its own field."""
    stripped = _YEAR_SUFFIX.sub("", title)
    return stripped or title


def _year_of(value: Any, title: str) -> str:
    year = text(value)
    if not any(ch.isdigit() for ch in year):  # kuryana once returned "Drama" here
        match = _YEAR_SUFFIX.search(title)
        year = match.group(1) if match else ""
    return year


def shape_problem(endpoint: str, body: Any) -> str:
    """Why a 200 answer is not the page that was asked for ("" when it is).

    kuryana answers 200 with whatever MyDramaList served, a challenge or error
    page included: a search then has ``results: {}`` (a real search without
    hits has both lists, empty), a cast or episodes page a placeholder title
    and nothing in it. Such an answer is a failure, never a "nothing found" to
    show or cache. A real page's title ends in its year ("Goblin (2016)", and
    "Goblin(2016)" on the episodes page), which a placeholder never has.
    """
    row = _dict(body)
    if endpoint == "search":
        results = row.get("results")
        if not isinstance(results, dict) or not {"dramas", "people"} & set(results):
            return "search page without results"
        return ""
    data = _dict(row.get("data"))
    if endpoint == "dramalist":  # ``list: {}`` is a page with no list: private or empty
        return "" if isinstance(data.get("list"), dict) else "drama list page without lists"
    if endpoint == "details":
        return "" if text(data.get("title")) else "page without a title"
    if endpoint == "person":
        return "" if text(data.get("name")) else "person page without a name"
    listed = data.get({"cast": "casts", "reviews": "reviews"}.get(endpoint, "episodes"))
    # "Goblin(2016)" (the episodes page) counts as "Goblin (2016)".
    titled = _YEAR_SUFFIX.search(text(data.get("title")).replace("(", " ("))
    if not listed and not titled:
        return f"{endpoint} page with a placeholder title and nothing listed"
    return ""


def parse_search(body: Any) -> list[DramaHit]:
    """Drama hits of a search response in upstream order, then the people it matched."""
    results = _dict(_dict(body).get("results"))
    return _drama_hits(results) + _person_hits(results)


def _person_hits(results: dict[str, Any]) -> list[DramaHit]:
    people = []
    for item in _list(results.get("people")):
        row = _dict(item)
        slug = text(row.get("slug")).strip("/")
        name = text(row.get("name"))
        # Only a people page: anything else would not be a person's link.
        if not (name and slug.startswith("people/") and is_slug(slug.removeprefix("people/"))):
            continue
        people.append(
            DramaHit(
                slug=slug,
                title=name,
                type=text(row.get("nationality")),
                thumb=text(row.get("thumb")),
                person=True,
            )
        )
    return people


def _drama_hits(results: dict[str, Any]) -> list[DramaHit]:
    hits = []
    for item in _list(results.get("dramas")):
        row = _dict(item)
        slug = text(row.get("slug")).strip("/")
        if not slug:
            continue
        hits.append(
            DramaHit(
                slug=slug,
                title=text(row.get("title")) or slug,
                year=integer(row.get("year")),
                type=text(row.get("type")),
                rating=number(row.get("rating")),
                episodes=text(row.get("series")),
                thumb=text(row.get("thumb")),
                ranking=text(row.get("ranking")),
            )
        )
    return hits


def _person_slug(value: Any) -> str:
    slug = text(value).strip("/")
    return slug.removeprefix("people/")


def _member(item: Any) -> CastMember | None:
    row = _dict(item)
    name = text(row.get("name"))
    if not name:
        return None
    slug = _person_slug(row.get("slug"))
    role = _dict(row.get("role"))
    link = text(row.get("link")) or (f"{MDL_BASE}/people/{slug}" if slug else "")
    return CastMember(
        name=name,
        slug=slug,
        link=link,
        image=text(row.get("profile_image")),
        character=text(role.get("name")),
        role=text(role.get("type")),
    )


def _members(value: Any) -> tuple[CastMember, ...]:
    return tuple(m for m in (_member(item) for item in _list(value)) if m is not None)


def _next_episode(value: Any) -> NextEpisode | None:
    row = _dict(value)
    episode = integer(row.get("episode_number"))
    if episode is None:
        return None
    airs_at = None
    released = number(row.get("released_at"))
    if released is not None:
        try:
            airs_at = datetime.fromtimestamp(released, UTC)
        except (OverflowError, OSError, ValueError):
            airs_at = None
    return NextEpisode(number=episode, airs_at=airs_at)


def _kind(details: dict[str, Any], fallback: str) -> str:
    explicit = text(details.get("type"))
    if explicit:
        return explicit
    if fallback:
        return fallback
    for key in details:
        if key in _KIND_KEYS:
            return _KIND_KEYS[key]
    return ""


MAX_RELATED = 200


def parse_related(value: Any) -> tuple[RelatedTitle, ...]:
    """``others.related_content``: ``[{title, link, description, slug}]``.

    kuryana's ``slug`` is the href with every "/" removed, and ``link`` and
    ``slug`` are "" for a title MyDramaList names without a link.
    """
    related = []
    for item in _list(value)[:MAX_RELATED]:
        row = _dict(item)
        title = text(row.get("title"))
        if title:
            related.append(
                RelatedTitle(
                    title=title,
                    slug=text(row.get("slug")).strip("/"),
                    description=text(row.get("description")),
                    link=text(row.get("link")),
                )
            )
    return tuple(related)


def parse_drama(data: Any, slug: str, *, fallback_type: str = "") -> Drama:
    """The ``data`` object of ``/id/{slug}``.

    ``fallback_type`` (e.g. a search hit's "Korean Drama") wins over the bare
    kind derived from the details rows, since kuryana has no type field.
    """
    row = _dict(data)
    details = _dict(row.get("details"))
    others = _dict(row.get("others"))
    raw_title = text(row.get("title"))
    kind_title = next((text(details.get(k)) for k in _KIND_KEYS if text(details.get(k))), "")
    title = strip_year(raw_title) or kind_title or slug
    rating = number(row.get("rating"))
    if rating is None:
        score = _LEADING_FLOAT.match(text(details.get("score")))
        rating = float(score.group(1)) if score else None
    return Drama(
        slug=slug,
        title=title,
        link=text(row.get("link")) or mdl_url(slug),
        complete_title=text(row.get("complete_title")) or raw_title,
        native_title=text(others.get("native_title")) or text(details.get("native_title")),
        year=_year_of(row.get("year"), raw_title),
        poster=text(row.get("poster")),
        synopsis=text(row.get("synopsis")),
        rating=rating,
        country=text(details.get("country")),
        type=_kind(details, fallback_type),
        episodes=text(details.get("episodes")),
        aired=text(details.get("aired")) or text(details.get("release_date")),
        aired_on=text(details.get("aired_on")),
        original_network=text(details.get("original_network")),
        duration=text(details.get("duration")),
        content_rating=text(details.get("content_rating")),
        score=text(details.get("score")),
        ranked=text(details.get("ranked")),
        popularity=text(details.get("popularity")),
        watchers=text(details.get("watchers")),
        favorites=text(details.get("favorites")),
        genres=texts(others.get("genres")),
        tags=tuple(t for t in (_VOTE_SUFFIX.sub("", t) for t in texts(others.get("tags"))) if t),
        also_known_as=texts(others.get("also_known_as")),
        cast=_members(row.get("casts")),
        current_episode=text(row.get("current_episode")),
        next_episode=_next_episode(row.get("next_episode_airing")),
        related=parse_related(others.get("related_content")),
    )


def parse_cast(data: Any, slug: str) -> DramaCast:
    """The ``data`` object of ``/id/{slug}/cast``: sections in page order."""
    row = _dict(data)
    raw = row.get("casts")
    groups = list(_dict(raw).items()) if isinstance(raw, dict) else [("Cast", raw)]
    sections = []
    for heading, members in groups:
        parsed = _members(members)
        if parsed:
            sections.append(CastSection(heading=text(heading) or "Cast", members=parsed))
    return DramaCast(
        slug=slug,
        title=strip_year(text(row.get("title"))) or slug,
        sections=tuple(sections),
    )


def parse_episodes(data: Any, slug: str) -> DramaEpisodes:
    """The ``data`` object of ``/id/{slug}/episodes``; numbers from titles, else position."""
    row = _dict(data)
    episodes = []
    for position, item in enumerate(_list(row.get("episodes")), start=1):
        entry = _dict(item)
        title = text(entry.get("title"))
        match = _EPISODE_NO.search(title)
        episodes.append(
            Episode(
                title=title or f"Episode {position}",
                number=int(match.group(1)) if match else position,
                air_date=text(entry.get("air_date")),
                rating=number(entry.get("rating")),
                link=text(entry.get("link")),
            )
        )
    return DramaEpisodes(
        slug=slug,
        title=strip_year(text(row.get("title"))) or slug,
        episodes=tuple(episodes),
    )
