"""kuryana JSON of the reviews view, leniently.

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
from domain.mydramalist.reviews import DramaReviews, Review

_SPOILER_WARNING = re.compile(r"^\s*this review may contain spoilers\s*$", re.IGNORECASE)
MAX_REVIEWS = 100


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
