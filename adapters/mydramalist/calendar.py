"""``CalendarSource`` over kuryana's ``/schedule`` and ``/seasonal/{year}/{quarter}``.

kuryana relays MyDramaList's own calendar JSON unchanged (its ``app/main.py``):

- ``/schedule`` is MDL's ``v1/episode_calendar``: ``{"items": [{"rid",
  "episode_number", "released_at" (Unix seconds)}, ...], "relationships":
  [{"id", "title", "url" ("/18452-goblin"), "country", "type", "rating",
  "popularity", "genres", ...}]}``, each item naming its title by ``rid``;
  kuryana passes MDL's status through.
- ``/seasonal`` is MDL's ``v1/quarter_calendar``: a JSON list of titles with
  the fields above, always with status 200 (MDL's status is not passed on).

Either answers 500 "Internal Server Error" (not JSON) when MDL's answer was not
JSON (a Cloudflare page). An instance that predates these routes answers 404:
that instance cannot serve them, so it counts as unavailable and the next one is
asked. Every field is read leniently: what cannot be read is left out.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import structlog

from adapters.mydramalist.client import SOURCE, KuryanaClient, TransientUpstream
from adapters.mydramalist.parse import integer, number, text
from adapters.upstream_text import encodable_json
from domain.discover.calendar import Airing, SeasonTitle
from domain.errors import UpstreamUnavailable
from domain.mydramalist.links import MDL_BASE, is_slug

log = structlog.get_logger(__name__)

MAX_ITEMS = 5_000  # a calendar far past any real one is cut, not trusted
MAX_TITLE_CHARS = 200
MAX_NAME_CHARS = 40
_MS_THRESHOLD = 100_000_000_000  # a "Unix time" this large is in milliseconds


class KuryanaCalendar:
    def __init__(self, client: KuryanaClient) -> None:
        self._client = client

    async def schedule(self) -> list[Airing]:
        body = await self._client.fetch("/schedule", "schedule", _reader("schedule"))
        if not isinstance(body, dict) or not isinstance(body.get("items"), list):
            log.warning("mdl_upstream_bad_payload", endpoint="schedule", missing="items")
            raise UpstreamUnavailable(SOURCE, "answer without an episode calendar")
        return parse_schedule(body)

    async def season(self, year: int, quarter: int) -> list[SeasonTitle]:
        path = f"/seasonal/{int(year)}/{int(quarter)}"
        body = await self._client.fetch(path, "seasonal", _reader("seasonal"))
        if not isinstance(body, list):
            log.warning("mdl_upstream_bad_payload", endpoint="seasonal", missing="list")
            raise UpstreamUnavailable(SOURCE, "answer without a season list")
        return parse_season(body)


def _reader(endpoint: str) -> Any:
    def read(status: int, raw: bytes, host: str, attempt: int) -> Any:
        if status != 200:
            log.warning(
                "mdl_upstream_error", host=host, endpoint=endpoint, attempt=attempt, status=status
            )
            if status >= 500:
                raise TransientUpstream(SOURCE, f"HTTP {status}")
            raise UpstreamUnavailable(SOURCE, f"HTTP {status}")
        try:
            return encodable_json(json.loads(raw))
        except ValueError:
            log.warning("mdl_upstream_bad_payload", host=host, endpoint=endpoint, json=False)
            raise UpstreamUnavailable(SOURCE, "answer is not JSON") from None

    return read


def _cut(value: Any, limit: int) -> str:
    return " ".join(text(value).split())[:limit]


def slug_of(row: dict[str, Any]) -> str:
    """The title's slug from its ``url`` ("/18452-goblin"), else its bare ``id``."""
    url = text(row.get("url"))
    if url.startswith(MDL_BASE):
        url = url[len(MDL_BASE) :]
    segment = url.lstrip("/").split("/", 1)[0].split("?", 1)[0]
    if segment and is_slug(segment) and len(segment) <= 200:
        return segment
    ident = integer(row.get("id"))
    return str(ident) if ident is not None and ident > 0 else ""


def instant(value: Any) -> datetime | None:
    """Unix seconds (or milliseconds, or numeric text), or ISO 8601 text; None otherwise."""
    seconds = number(value)
    if seconds is None and isinstance(value, str) and value.strip():
        try:
            moment = datetime.fromisoformat(value.strip())
        except ValueError:
            return None
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    if seconds is None or seconds <= 0:
        return None
    if seconds >= _MS_THRESHOLD:
        seconds /= 1000
    try:
        return datetime.fromtimestamp(seconds, UTC)
    except (OverflowError, OSError, ValueError):
        return None


def genres(value: Any) -> list[str]:
    """ "Romance, Comedy" (MDL's form), or a list of names or ``{"name"}`` objects."""
    items = value.split(",") if isinstance(value, str) else value if isinstance(value, list) else []
    names = [text(i.get("name")) if isinstance(i, dict) else text(i) for i in items[:50]]
    return [n[:MAX_NAME_CHARS] for n in (" ".join(n.split()) for n in names) if n]


def _rating(value: Any) -> float | None:
    """MDL scores run 1-10; 0 (or nothing) means no score yet, never a score of 0."""
    score = number(value)
    return score if score is not None and 0 < score <= 10 else None


def _rank(value: Any) -> int | None:
    rank = integer(value)
    return rank if rank is not None and rank > 0 else None


def parse_season(body: list[Any]) -> list[SeasonTitle]:
    titles = []
    for row in body[:MAX_ITEMS]:
        if not isinstance(row, dict):
            continue
        slug, title = slug_of(row), _cut(row.get("title"), MAX_TITLE_CHARS)
        if not slug or not title:
            continue
        episodes = integer(row.get("episodes"))
        titles.append(
            SeasonTitle(
                slug=slug,
                title=title,
                country=_cut(row.get("country"), MAX_NAME_CHARS),
                kind=_cut(row.get("type"), MAX_NAME_CHARS),
                episodes=episodes if episodes is not None and episodes > 0 else None,
                rating=_rating(row.get("rating")),
                popularity=_rank(row.get("popularity")),
                genres=genres(row.get("genres")),
                starts_at=instant(row.get("released_at")),
            )
        )
    return titles


def parse_schedule(body: dict[str, Any]) -> list[Airing]:
    related = body.get("relationships")
    titles: dict[int, dict[str, Any]] = {}
    for row in related[:MAX_ITEMS] if isinstance(related, list) else []:
        ident = integer(row.get("id")) if isinstance(row, dict) else None
        if ident is not None:
            titles[ident] = row
    airings = []
    for item in body["items"][:MAX_ITEMS]:
        if not isinstance(item, dict):
            continue
        rid = integer(item.get("rid"))
        # The item's own fields, where it has any, over its title's.
        known = titles.get(rid, {}) if rid is not None else {}
        row = {**known, **{k: v for k, v in item.items() if k in ("title", "url")}}
        if "url" not in row and "id" not in row and rid is not None:
            row["id"] = rid
        slug, title = slug_of(row), _cut(row.get("title"), MAX_TITLE_CHARS)
        if not slug or not title:
            continue
        episode = integer(item.get("episode_number"))
        airings.append(
            Airing(
                slug=slug,
                title=title,
                country=_cut(row.get("country"), MAX_NAME_CHARS),
                episode=episode if episode is not None and episode > 0 else None,
                airs_at=instant(item.get("released_at")),
                kind=_cut(row.get("type"), MAX_NAME_CHARS),
            )
        )
    return airings
