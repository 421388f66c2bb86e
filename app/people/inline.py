"""Inline people: ``@bot person <name>`` or ``@bot p <name>``, with photo thumbnails.

Like inline titles: the search must finish within the inline budget; each
person's page gets what is left, and a page that is late becomes a short card
built from the search hit (late pages keep loading and warm the cache).
"""

from __future__ import annotations

import asyncio
import hashlib
import re
from dataclasses import dataclass

from pyrogram import types

from app.people.cards import count, person_template, photo_of
from app.people.cards import dates as person_dates
from app.telegram.inline_results import card_result, notice, quietly, web
from app.wiring.context import Services
from domain.i18n import gettext
from domain.imdb.links import resize_imdb_image
from domain.lookup import Fetched
from domain.people import cards as person_cards
from domain.people.merge import PeopleRow
from domain.people.models import SOURCE_NAMES, Person, PersonHit
from domain.queries import MAX_QUERY_CHARS
from domain.search.inline import PAGE_SIZE, next_offset, parse_offset
from domain.text import escape

PREFIX = re.compile(r"^\s*(?:person|p)(?:\s+|$)", re.IGNORECASE)
CACHE_TIME = 300
FAILURE_CACHE_TIME = 5
AGAIN = "person "


def person_query(text: str) -> str | None:
    """The name after ``person``/``p``; None when the inline query is not about people."""
    match = PREFIX.match(text)
    if match is None:
        return None
    return " ".join(text[match.end() :].split())[:MAX_QUERY_CHARS]


@dataclass(frozen=True, slots=True)
class _Item:
    hit: PersonHit
    title: str
    description: str
    thumb: str
    html: str
    photo: str
    link: str


def _primary(row: PeopleRow) -> PersonHit:
    hit = row.mdl or row.imdb
    assert hit is not None, "a row has at least one source"
    return hit


def _short_card(row: PeopleRow) -> str:
    lines = [f"👤 <b>{escape(row.name)}</b>"]
    summary = person_cards.row_summary(row)
    if summary:
        lines.append(escape(summary))
    return "\n".join(lines)


def _item(row: PeopleRow, person: Person | None, html: str) -> _Item:
    hit = _primary(row)
    photo = photo_of(person) if person else ""
    thumb = row.thumb or (resize_imdb_image(person.photo, 200) if person and person.photo else "")
    link = (person.link if person else "") or (
        f"https://mydramalist.com/people/{hit.key}"
        if hit.source == "mdl"
        else f"https://www.imdb.com/name/{hit.key}/"
    )
    return _Item(hit, row.name, person_cards.row_summary(row), thumb, html, photo, link)


def _article(item: _Item) -> types.InlineQueryResultArticle:
    buttons = []
    link = web(item.link)
    if link:
        name = SOURCE_NAMES[item.hit.source]
        label = gettext("🔗 Open on {source}", source=name)
        buttons.append([types.InlineKeyboardButton(label, url=link)])
    again = gettext("🔎 Search again")
    buttons.append([types.InlineKeyboardButton(again, switch_inline_query_current_chat=AGAIN)])
    key = hashlib.sha1(item.hit.ref.encode(), usedforsecurity=False).hexdigest()[:20]
    return card_result(
        f"person:{key}", item.title, item.description, item.thumb, item.html, item.photo, buttons
    )


async def answer(query: types.InlineQuery, services: Services, name: str, deadline: float) -> None:
    # Telegram shares an answer that is not personal with everyone who types the same query:
    # with more than one language on offer, its words would reach users of another language.
    shared = len(services.languages.offered) == 1
    if not name:
        how_to = notice(
            "notice:person:howto",
            gettext("Type a name to find a person"),
            gettext("For example: @bot p gong yoo"),
        )
        await query.answer([how_to], cache_time=CACHE_TIME, is_personal=not shared)
        return
    loop = asyncio.get_running_loop()
    remaining = max(0.1, deadline - loop.time())
    try:
        found = await asyncio.wait_for(asyncio.shield(services.people.search(name)), remaining)
    except TimeoutError:
        found = None
    if found is None or (not found.rows and len(found.missing()) == 2):
        down = notice(
            "notice:person:down",
            gettext("MyDramaList and IMDb are not answering"),
            gettext("Please try again soon."),
        )
        await query.answer([down], cache_time=FAILURE_CACHE_TIME, is_personal=True)
        return
    if not found.rows:
        nobody = notice(
            "notice:person:none",
            gettext("Nobody found"),
            gettext("No one called “{name}”.", name=name),
        )
        await query.answer([nobody], cache_time=FAILURE_CACHE_TIME, is_personal=not shared)
        return
    page = parse_offset(query.offset)
    rows = found.rows[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
    if not rows:
        page, rows = 0, found.rows[:PAGE_SIZE]
    user_id = query.from_user.id
    template = await person_template(services, user_id)
    today = services.clock.now().date()
    empty = services.settings.template_empty_value
    dates = person_dates()
    tasks = [asyncio.ensure_future(services.people.person(_primary(r).ref)) for r in rows]
    await asyncio.wait(tasks, timeout=max(0.0, deadline - loop.time()))
    items = []
    for row, task in zip(rows, tasks, strict=True):
        fetched: Fetched[Person] | None = None
        if task.done() and not task.cancelled() and task.exception() is None:
            fetched = task.result()
        else:
            task.add_done_callback(quietly)
        person = fetched.value if fetched else None
        html = (
            person_cards.person_card(person, today, template, empty, count, dates) if person else ""
        )
        items.append(_item(row, person, html or _short_card(row)))
    await query.answer(
        [_article(item) for item in items],
        cache_time=CACHE_TIME,
        is_personal=True,
        next_offset=next_offset(page, len(found.rows)),
    )
