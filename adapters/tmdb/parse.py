"""TMDB's JSON → domain models, leniently: a missing or oddly typed field is left empty.

Shapes as documented in TMDB's v3 reference: search results (``results`` of
objects with ``id``, ``title``/``name``, ``original_title``/``original_name``,
``release_date``/``first_air_date``, ``origin_country``, ``original_language``),
``/find`` (``movie_results``, ``tv_results``, ...), details with
``append_to_response=videos,watch/providers,external_ids`` (``videos.results``
of ``{site, key, type, official, published_at}``, ``watch/providers.results`` of
country code → ``{link, flatrate, rent, buy, free, ads}`` with provider objects
``{provider_name, display_priority}``).
"""

from __future__ import annotations

import re
from typing import Any

from domain.tmdb.models import MOVIE, TV, Offers, TmdbCandidate, TmdbRef, TmdbTitle

MAX_RESULTS = 40
MAX_PROVIDERS = 40
MAX_TEXT = 4000
_CODE_RE = re.compile(r"[A-Z]{2}")
_YOUTUBE_KEY = re.compile(r"[A-Za-z0-9_-]{6,20}")
_IMAGE_PATH = re.compile(r"/[A-Za-z0-9_-]{1,100}\.(?:jpg|jpeg|png|webp)")
_IMDB_ID = re.compile(r"tt\d{5,10}")
_DATE_YEAR = re.compile(r"^((?:18|19|20)\d\d)-")
_LIST_KINDS = ("flatrate", "free", "ads", "rent", "buy")


def _text(value: Any, limit: int = 300) -> str:
    return value.strip()[:limit] if isinstance(value, str) else ""


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def _objects(value: Any, limit: int = MAX_RESULTS) -> list[dict[str, Any]]:
    if not isinstance(value, list):
        return []
    return [item for item in value[:limit] if isinstance(item, dict)]


def _codes(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        return ()
    return tuple(
        dict.fromkeys(c for c in value[:50] if isinstance(c, str) and _CODE_RE.fullmatch(c))
    )


def _year(date: str) -> int | None:
    match = _DATE_YEAR.match(date)
    return int(match.group(1)) if match else None


def _ref(kind: str, item: dict[str, Any]) -> TmdbRef | None:
    tmdb_id = _int(item.get("id"))
    return TmdbRef(kind, tmdb_id) if tmdb_id else None


def parse_find(body: dict[str, Any]) -> TmdbRef | None:
    """The first movie, else the first series, of a ``/find`` answer."""
    for key, kind in (("movie_results", MOVIE), ("tv_results", TV)):
        for item in _objects(body.get(key)):
            ref = _ref(kind, item)
            if ref is not None:
                return ref
    return None


def parse_search(kind: str, body: dict[str, Any]) -> list[TmdbCandidate]:
    title_key, original_key, date_key = (
        ("title", "original_title", "release_date")
        if kind == MOVIE
        else ("name", "original_name", "first_air_date")
    )
    found = []
    for item in _objects(body.get("results")):
        ref = _ref(kind, item)
        if ref is None:
            continue
        found.append(
            TmdbCandidate(
                ref,
                _text(item.get(title_key)),
                _text(item.get(original_key)),
                _year(_text(item.get(date_key))),
                _codes(item.get("origin_country")),
                _text(item.get("original_language"), 5),
            )
        )
    return found


def _names(items: Any) -> tuple[str, ...]:
    providers = _objects(items, MAX_PROVIDERS)

    def priority(item: dict[str, Any]) -> int:
        value = _int(item.get("display_priority"))
        return value if value is not None else 10_000

    names = (_text(p.get("provider_name"), 60) for p in sorted(providers, key=priority))
    return tuple(dict.fromkeys(n for n in names if n))


def parse_offers(block: Any) -> dict[str, Offers]:
    results = block.get("results") if isinstance(block, dict) else None
    if not isinstance(results, dict):
        return {}
    offers = {}
    for code, entry in list(results.items())[:300]:
        if not (isinstance(code, str) and _CODE_RE.fullmatch(code) and isinstance(entry, dict)):
            continue
        link = _text(entry.get("link"), 500)
        lists = {kind: _names(entry.get(kind)) for kind in _LIST_KINDS}
        offers[code] = Offers(link if link.startswith("https://") else "", **lists)
    return offers


def parse_trailer(block: Any) -> str:
    """The watch URL of the newest official YouTube trailer, or ""."""
    videos = _objects(block.get("results") if isinstance(block, dict) else None, 100)
    official = [
        v
        for v in videos
        if v.get("site") == "YouTube"
        and v.get("type") == "Trailer"
        and v.get("official") is True
        and isinstance(v.get("key"), str)
        and _YOUTUBE_KEY.fullmatch(v["key"])
    ]
    if not official:
        return ""
    official.sort(key=lambda v: _text(v.get("published_at"), 40), reverse=True)
    return f"https://www.youtube.com/watch?v={official[0]['key']}"


def parse_alternatives(block: Any) -> tuple[str, ...]:
    """``alternative_titles``: ``{"titles": [...]}`` for movies, ``{"results": [...]}`` for TV."""
    if not isinstance(block, dict):
        return ()
    items = _objects(block.get("titles") or block.get("results"), 100)
    return tuple(dict.fromkeys(t for t in (_text(i.get("title")) for i in items) if t))


def poster_url(image_base: str, path: Any) -> str:
    return f"{image_base}{path}" if isinstance(path, str) and _IMAGE_PATH.fullmatch(path) else ""


def parse_details(ref: TmdbRef, body: dict[str, Any], image_base: str) -> TmdbTitle:
    movie = ref.kind == MOVIE
    date = _text(body.get("release_date" if movie else "first_air_date"), 20)
    countries = _codes(body.get("origin_country")) or tuple(
        c
        for c in (_text(p.get("iso_3166_1"), 2) for p in _objects(body.get("production_countries")))
        if c
    )
    external = body.get("external_ids")
    imdb_id = _text(
        body.get("imdb_id") or (external.get("imdb_id") if isinstance(external, dict) else ""), 12
    )
    runtime = _int(body.get("runtime"))
    if runtime is None:
        runs = body.get("episode_run_time")
        runtime = _int(runs[0]) if isinstance(runs, list) and runs else None
    return TmdbTitle(
        kind=ref.kind,
        tmdb_id=ref.tmdb_id,
        title=_text(body.get("title" if movie else "name"))
        or _text(body.get("original_title" if movie else "original_name")),
        original_title=_text(body.get("original_title" if movie else "original_name")),
        year=_year(date),
        release_date=date,
        countries=countries,
        country_names=tuple(
            n
            for n in (_text(p.get("name"), 60) for p in _objects(body.get("production_countries")))
            if n
        ),
        languages=tuple(
            n
            for n in (
                _text(p.get("english_name"), 40) for p in _objects(body.get("spoken_languages"))
            )
            if n
        ),
        genres=tuple(
            n for n in (_text(g.get("name"), 40) for g in _objects(body.get("genres"))) if n
        ),
        overview=_text(body.get("overview"), MAX_TEXT),
        poster=poster_url(image_base, body.get("poster_path")),
        runtime_minutes=runtime,
        episodes=None if movie else _int(body.get("number_of_episodes")),
        imdb_id=imdb_id if _IMDB_ID.fullmatch(imdb_id) else "",
        also_known_as=parse_alternatives(body.get("alternative_titles")),
        trailer=parse_trailer(body.get("videos")),
        offers=parse_offers(body.get("watch/providers")),
    )


def image_base(body: dict[str, Any], size: str = "w500") -> str | None:
    """``images.secure_base_url`` + a poster size from ``/configuration``, or None."""
    images = body.get("images")
    if not isinstance(images, dict):
        return None
    base = _text(images.get("secure_base_url"), 200)
    if not base.startswith("https://"):
        return None
    listed = images.get("poster_sizes")
    sizes = [s for s in listed if isinstance(s, str)] if isinstance(listed, list) else []
    chosen = size if size in sizes or not sizes else sizes[-2 if len(sizes) > 1 else 0]
    if not re.fullmatch(r"[a-z0-9]{1,12}", chosen):
        return None
    return base.rstrip("/") + "/" + chosen
