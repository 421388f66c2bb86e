"""kuryana JSON of the reviews view and of user drama lists, leniently.

Shape from kuryana's ``app/handlers/fetch.py``:

- ``/id/{slug}/reviews?page=N`` ``data``: ``{link, title, poster, reviews}``,
  each review ``{reviewer: {name, user_link, user_image, info}, review: [str],
  ratings: {overall: float, <aspect>: float}}``. ``review`` holds MDL's
  spoiler warning when there is one, the review's ``<strong>`` headline when
  there is one, then the text. ``overall`` is 0.0 when MDL showed no score. A
  review kuryana failed to parse midway keeps only what it had read (it
  catches the error and appends the half-built object), down to ``{}``.
"""

from __future__ import annotations

import re
from typing import Any

from adapters.mydramalist.parse import number, strip_year, text
from domain.mydramalist.dramalist import DramaList, ListedDrama
from domain.mydramalist.links import is_slug
from domain.mydramalist.reviews import DramaReviews, Review

_SPOILER_WARNING = re.compile(r"^\s*this review may contain spoilers\s*$", re.IGNORECASE)
MAX_REVIEWS = 100
MAX_LISTS = 20
MAX_LISTED = 5_000  # titles of one list kept (MyDramaList lists run to thousands)


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _review(item: Any) -> Review | None:
    row = _dict(item)
    parts = [t for t in (text(p) for p in _list(row.get("review"))) if t]
    if isinstance(row.get("review"), str):
        parts = [text(row["review"])]
    parts = [p for p in parts if not _SPOILER_WARNING.match(p)]
    if not parts:
        return None  # nothing of the review was read: nothing to show
    overall = number(_dict(row.get("ratings")).get("overall"))
    return Review(
        reviewer=text(_dict(row.get("reviewer")).get("name")),
        # MyDramaList scores from 1 to 10: kuryana's 0.0 means it found none.
        overall=overall if overall is not None and 0 < overall <= 10 else None,
        headline=parts[0] if len(parts) > 1 else "",
        text=parts[-1],
    )


def parse_reviews(data: Any, slug: str, page: int) -> DramaReviews:
    row = _dict(data)
    reviews = [_review(item) for item in _list(row.get("reviews"))[:MAX_REVIEWS]]
    return DramaReviews(
        slug=slug,
        title=strip_year(text(row.get("title"))) or slug,
        page=page,
        reviews=tuple(r for r in reviews if r is not None),
    )


def parse_dramalist(data: Any, user: str) -> DramaList:
    """``/dramalist/{user}`` ``data``: ``{link, list: {label: {items, stats}}}``.

    Each item is ``{name, id, score, episode_seen, episode_total}`` (all text;
    ``id`` is the last segment of the title's href, e.g. "733445-i-will-die-soon").
    """
    lists: dict[str, tuple[ListedDrama, ...]] = {}
    for label, block in list(_dict(_dict(data).get("list")).items())[:MAX_LISTS]:
        items = []
        for item in _list(_dict(block).get("items"))[:MAX_LISTED]:
            row = _dict(item)
            slug = text(row.get("id")).strip("/")
            if not is_slug(slug):
                continue
            items.append(
                ListedDrama(
                    slug=slug,
                    title=text(row.get("name")) or slug,
                    seen=text(row.get("episode_seen")),
                    total=text(row.get("episode_total")),
                )
            )
        name = text(label)
        if name:
            lists[name] = tuple(items)
    return DramaList(user=user, lists=lists)
