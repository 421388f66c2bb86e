"""Inline mode: ``@bot goblin`` or ``@bot imdb the matrix`` in any chat.

Telegram gives an inline query a few seconds. The search must finish within
the budget; each result's details get what is left, and a result whose
details are late is sent as a short card built from the search hit, so the
user always gets results. Late details keep loading and warm the cache.

Telegram caches an answer per query text for everyone unless it is personal;
its words (notices, buttons, the default card's labels) are in the asker's
language, so while more than one language is offered every answer is personal.
"""

from __future__ import annotations

import asyncio
import functools
import hashlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import structlog
from pyrogram import Client, errors, types

from app.people import inline as person_inline
from app.telegram.inline_results import card_result, notice, quietly, web
from app.wiring.context import Services
from domain.errors import DomainError, UpstreamUnavailable
from domain.i18n import gettext
from domain.imdb import cards as imdb_cards
from domain.imdb.links import resize_imdb_image, split_year
from domain.mydramalist import cards as mdl_cards
from domain.search.inline import PAGE_SIZE, InlineRequest, next_offset, parse_inline, parse_offset
from domain.text import safe_url
from domain.titles import Drama, DramaHit, Movie, MovieHit

log = structlog.get_logger("app.inline")
T = TypeVar("T")

CACHE_TIME = 300  # seconds Telegram may reuse an answer for the same query
FAILURE_CACHE_TIME = 5
START_PARAMETER = "inline"
NAMES = {"mdl": "MyDramaList", "imdb": "IMDb"}


@dataclass(frozen=True, slots=True)
class Item:
    key: str
    title: str
    description: str
    thumb: str
    html: str
    poster: str
    link: str


def _id(source: str, key: str) -> str:
    """Unique, short (≤ 64 bytes) and stable result id."""
    return f"{source}:{hashlib.sha1(key.encode(), usedforsecurity=False).hexdigest()[:20]}"


def _article(source: str, item: Item) -> types.InlineQueryResultArticle:
    buttons = []
    link = web(item.link)
    if link:
        label = gettext("🔗 Open on {source}", source=NAMES[source])
        buttons.append([types.InlineKeyboardButton(label, url=link)])
    again = "imdb " if source == "imdb" else ""
    buttons.append(
        [
            types.InlineKeyboardButton(
                gettext("🔎 Search again"), switch_inline_query_current_chat=again
            )
        ]
    )
    return card_result(
        _id(source, item.key),
        item.title,
        item.description,
        item.thumb,
        item.html,
        item.poster,
        buttons,
    )


async def _details_within(
    deadline: float, loads: list[Callable[[], Awaitable[T]]]
) -> list[T | None]:
    tasks = [asyncio.ensure_future(load()) for load in loads]
    remaining = max(0.0, deadline - asyncio.get_running_loop().time())
    if tasks:
        await asyncio.wait(tasks, timeout=remaining)
    results: list[T | None] = []
    for task in tasks:
        if task.done() and not task.cancelled() and task.exception() is None:
            results.append(task.result())
        else:
            results.append(None)
            task.add_done_callback(quietly)
    return results


def _mdl_item(hit: DramaHit, drama: Drama | None, template: str, empty: str) -> Item:
    html = mdl_cards.drama_card(drama, template, empty) if drama else mdl_cards.hit_card(hit)
    link = (safe_url(drama.link) if drama else "") or f"https://mydramalist.com/{hit.slug}"
    poster = drama.poster if drama else hit.thumb
    label, summary = mdl_cards.hit_label(hit), mdl_cards.hit_summary(hit)
    return Item(hit.slug, label, summary, hit.thumb, html, poster, link)


def _imdb_item(hit: MovieHit, movie: Movie | None, template: str, empty: str) -> Item:
    html = imdb_cards.movie_card(movie, template, empty) if movie else imdb_cards.hit_card(hit)
    cover = (movie.cover_url if movie else "") or hit.cover_url
    poster = resize_imdb_image(cover) if cover else ""
    thumb = resize_imdb_image(hit.cover_url, 200) if hit.cover_url else ""
    link = f"https://www.imdb.com/title/{hit.imdb_id}/"
    label, summary = imdb_cards.hit_label(hit), imdb_cards.hit_summary(hit)
    return Item(hit.imdb_id, label, summary, thumb, html, poster, link)


async def _items(
    services: Services, template: str, source: str, hits: list[Any], deadline: float
) -> list[Item]:
    """Full cards in ``template`` for the details that arrive in time, short cards otherwise."""
    empty = services.settings.template_empty_value
    loads: list[Callable[[], Awaitable[Any]]]
    if source == "imdb":
        loads = [functools.partial(services.movies.details, hit.imdb_id) for hit in hits]
        build: Callable[[Any, Any, str, str], Item] = _imdb_item
    else:
        loads = [functools.partial(services.dramas.details, hit.slug) for hit in hits]
        build = _mdl_item
    details = await _details_within(deadline, loads)
    return [
        build(hit, fetched.value if fetched is not None else None, template, empty)
        for hit, fetched in zip(hits, details, strict=True)
    ]


async def _search(services: Services, request: InlineRequest) -> list[Any]:
    if request.source == "imdb":
        return (await services.movies.search(*split_year(request.query))).value
    return (await services.dramas.search(request.query)).value


async def on_inline_query(client: Client, query: types.InlineQuery, services: Services) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + services.settings.inline_budget
    name = person_inline.person_query(query.query)  # "person <name>" or "p <name>"
    request = parse_inline(query.query)
    try:
        if name is not None:
            await person_inline.answer(query, services, name, deadline)
        else:
            await _answer(query, services, request, deadline)
    except errors.QueryIdInvalid:
        # Answered too late: Telegram has moved on. Counted, and otherwise ignored.
        services.metrics.inline_late.inc()
        log.info("inline_answer_late")


async def _answer(
    query: types.InlineQuery, services: Services, request: InlineRequest, deadline: float
) -> None:
    name = NAMES[request.source]
    # Telegram's cache of a shared answer serves whoever types the same query next.
    several = len(services.languages.offered) > 1
    if not request.query:
        how_to = notice(
            "notice:howto",
            gettext("Type a title to search {source}", source=name),
            gettext("For example: @bot goblin — or @bot imdb the matrix 1999 for IMDb."),
        )
        await query.answer(
            [how_to],
            cache_time=CACHE_TIME,
            is_personal=several,
            switch_pm_text=gettext("How to use me"),
            switch_pm_parameter=START_PARAMETER,
        )
        return
    remaining = max(0.1, deadline - asyncio.get_running_loop().time())
    try:
        hits = await asyncio.wait_for(asyncio.shield(_search(services, request)), remaining)
    except (TimeoutError, UpstreamUnavailable):
        slow = notice(
            "notice:down",
            gettext("{source} is not answering right now", source=name),
            gettext("Please try again in a moment."),
        )
        await query.answer([slow], cache_time=FAILURE_CACHE_TIME, is_personal=True)
        return
    except DomainError:
        hits = []
    if not hits:
        missing = notice(
            "notice:none",
            gettext("Nothing found on {source}", source=name),
            gettext("No results for “{query}”.", query=request.query),
        )
        await query.answer([missing], cache_time=FAILURE_CACHE_TIME, is_personal=several)
        return
    page = parse_offset(query.offset)
    chunk = hits[page * PAGE_SIZE : (page + 1) * PAGE_SIZE] or hits[:PAGE_SIZE]
    page = page if hits[page * PAGE_SIZE : (page + 1) * PAGE_SIZE] else 0
    user_id = query.from_user.id
    template, personal = await services.templates.for_card(user_id, request.source)
    items = await _items(services, template, request.source, chunk, deadline)
    await query.answer(
        [_article(request.source, item) for item in items],
        cache_time=CACHE_TIME,
        is_personal=personal or several,
        next_offset=next_offset(page, len(hits)),
    )
