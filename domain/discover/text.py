"""What /today and /season say. Pure HTML builders; every upstream value escaped once."""

from __future__ import annotations

from itertools import groupby
from typing import Any
from zoneinfo import ZoneInfo

from domain.discover.calendar import Airing, SeasonTitle
from domain.discover.countries import flag
from domain.discover.service import BY_POPULARITY, SeasonList, Today
from domain.mydramalist.links import mdl_url
from domain.paging import Page
from domain.text import escape

TODAY_PAGE_SIZE = 8
SEASON_PAGE_SIZE = 10
LABEL_CHARS = 60
STALE = "\n\n<i>⚠️ MyDramaList is not answering; this is a saved copy.</i>"


def _link(slug: str, title: str) -> str:
    return f'<a href="{escape(mdl_url(slug))}">{escape(title)}</a>'


def _page_line(page: Page[Any]) -> str:
    return f"\nPage {page.number + 1} of {page.count}" if page.count > 1 else ""


def _episode(airing: Airing) -> str:
    return f"Ep {airing.episode}" if airing.episode is not None else "new episode"


def today_text(today: Today, page: Page[Airing]) -> str:
    zone = ZoneInfo(today.zone)
    day = today.day.strftime("%a %d %b %Y")
    head = f"<b>📅 Airing today</b> · {day} ({escape(today.zone)})"
    if today.word and today.airings:
        head += " · " + escape(", ".join(sorted({a.country for a in today.airings})))
    if not today.airings:
        lines = [head, "", _nothing_today(today)]
        return "\n".join(lines) + (STALE if today.stale else "")
    count = len(today.airings)
    lines = [head, f"{count} episode{'s' if count != 1 else ''}{_page_line(page)}"]
    for country, group in groupby(page.items, key=lambda a: a.country):
        lines += ["", f"<b>{flag(country)} {escape(country or 'Elsewhere')}</b>"]
        for airing in group:
            assert airing.airs_at is not None
            at = airing.airs_at.astimezone(zone).strftime("%H:%M")
            lines.append(f"{at} · {_link(airing.slug, airing.title)} · {_episode(airing)}")
    return "\n".join(lines) + (STALE if today.stale else "")


def _nothing_today(today: Today) -> str:
    if not today.word:
        return "No episodes on MyDramaList's calendar today."
    others = ", ".join(escape(c) for c in today.countries)
    tail = f" Airing today: {others}." if others else ""
    return f"No episodes from “{escape(today.word)}” today.{tail}"


def today_label(number: int, airing: Airing) -> str:
    return f"{number}. {airing.title} · {_episode(airing)}"[:LABEL_CHARS]


def _rating(title: SeasonTitle) -> str:
    return f"⭐ {title.rating:.1f}" if title.rating is not None else "no rating yet"


def season_text(listing: SeasonList, page: Page[SeasonTitle]) -> str:
    order = "popularity" if listing.order == BY_POPULARITY else "rating"
    head = f"<b>🗓 {escape(listing.season.name)}</b> on MyDramaList"
    if not listing.titles:
        body = "MyDramaList lists no titles for this season yet."
        return f"{head}\n\n{body}" + (STALE if listing.stale else "")
    count = len(listing.titles)
    lines = [head, f"{count} title{'s' if count != 1 else ''} · by {order}{_page_line(page)}", ""]
    for number, title in enumerate(page.items, start=page.first_index + 1):
        facts = [f for f in (title.country, title.kind) if f]
        if title.episodes:
            facts.append(f"{title.episodes} eps")
        facts.append(_rating(title))
        lines.append(f"{number}. <b>{_link(title.slug, title.title)}</b>")
        lines.append("    " + escape(" · ".join(facts)))
    return "\n".join(lines) + (STALE if listing.stale else "")


def season_label(number: int, title: SeasonTitle) -> str:
    rating = f" ⭐{title.rating:.1f}" if title.rating is not None else ""
    head = f"{number}. "
    return head + title.title[: LABEL_CHARS - len(head) - len(rating)] + rating
