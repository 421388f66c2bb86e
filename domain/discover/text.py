"""What /today and /season say. Pure HTML builders; every upstream value escaped once.

Words are in the language of the update (``domain.i18n``). Numbers, days and
times are written by the ``Formats`` the app passes in (Babel, in the user's
language); the plain defaults write them as English does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from itertools import groupby
from typing import Any
from zoneinfo import ZoneInfo

from domain.discover.calendar import Airing, SeasonTitle
from domain.discover.countries import flag
from domain.discover.service import BY_POPULARITY, SeasonList, Today
from domain.i18n import N_, gettext, ngettext
from domain.mydramalist.links import mdl_url
from domain.paging import Page
from domain.text import escape

TODAY_PAGE_SIZE = 8
SEASON_PAGE_SIZE = 10
LABEL_CHARS = 60
STALE = N_("⚠️ MyDramaList is not answering; this is a saved copy.")


def _plain_day(day: date) -> str:
    return day.strftime("%a %d %b %Y")


def _plain_time(moment: datetime, zone: tzinfo) -> str:
    return moment.astimezone(zone).strftime("%H:%M")


@dataclass(frozen=True, slots=True)
class Formats:
    """How a count, a day ("Tue 24 Nov 2026") and an air time ("21:00" in a zone) are written."""

    number: Callable[[int], str] = str
    day: Callable[[date], str] = _plain_day
    time: Callable[[datetime, tzinfo], str] = _plain_time


PLAIN = Formats()


def _stale(stale: bool) -> str:
    return f"\n\n<i>{gettext(STALE)}</i>" if stale else ""


def _link(slug: str, title: str) -> str:
    return f'<a href="{escape(mdl_url(slug))}">{escape(title)}</a>'


def _page_line(page: Page[Any], formats: Formats) -> str:
    if page.count <= 1:
        return ""
    number, count = formats.number(page.number + 1), formats.number(page.count)
    return "\n" + gettext("Page {number} of {count}", number=number, count=count)


def _episode(airing: Airing, number: Callable[[int], str] = str) -> str:
    if airing.episode is None:
        return gettext("new episode")
    # Translators: a short episode label: "Ep 5".
    return gettext("Ep {n}", n=number(airing.episode))


def today_text(today: Today, page: Page[Airing], formats: Formats = PLAIN) -> str:
    zone = ZoneInfo(today.zone)
    # Translators: {day} is "Tue 24 Nov 2026", {zone} a time zone such as "Asia/Seoul".
    head = gettext(
        "<b>📅 Airing today</b> · {day} ({zone})",
        day=escape(formats.day(today.day)),
        zone=escape(today.zone),
    )
    if today.word and today.airings:
        head += " · " + escape(", ".join(sorted({a.country for a in today.airings})))
    if not today.airings:
        lines = [head, "", _nothing_today(today)]
        return "\n".join(lines) + _stale(today.stale)
    count = len(today.airings)
    episodes = ngettext("{n} episode", "{n} episodes", count, n=formats.number(count))
    lines = [head, episodes + _page_line(page, formats)]
    for country, group in groupby(page.items, key=lambda a: a.country):
        # Translators: the group of episodes whose country MyDramaList does not give.
        name = country or gettext("Elsewhere")
        lines += ["", f"<b>{flag(country)} {escape(name)}</b>"]
        for airing in group:
            assert airing.airs_at is not None
            at = formats.time(airing.airs_at, zone)
            episode = _episode(airing, formats.number)
            lines.append(f"{escape(at)} · {_link(airing.slug, airing.title)} · {escape(episode)}")
    return "\n".join(lines) + _stale(today.stale)


def _nothing_today(today: Today) -> str:
    if not today.word:
        return gettext("No episodes on MyDramaList's calendar today.")
    others = ", ".join(escape(c) for c in today.countries)
    # Translators: {word} is the country the user asked for, as typed (e.g. "narnia").
    said = gettext("No episodes from “{word}” today.", word=escape(today.word))
    if others:
        # Translators: {countries} lists the countries MyDramaList has episodes from today.
        said += " " + gettext("Airing today: {countries}.", countries=others)
    return said


def today_label(number: int, airing: Airing) -> str:
    return f"{number}. {airing.title} · {_episode(airing)}"[:LABEL_CHARS]


def _rating(title: SeasonTitle) -> str:
    return f"⭐ {title.rating:.1f}" if title.rating is not None else gettext("no rating yet")


def season_text(listing: SeasonList, page: Page[SeasonTitle], formats: Formats = PLAIN) -> str:
    # Translators: {season} is "Winter (Jan–Mar) 2026".
    head = gettext("<b>🗓 {season}</b> on MyDramaList", season=escape(listing.season.name))
    if not listing.titles:
        body = gettext("MyDramaList lists no titles for this season yet.")
        return f"{head}\n\n{body}" + _stale(listing.stale)
    count, n = len(listing.titles), formats.number(len(listing.titles))
    if listing.order == BY_POPULARITY:
        summary = ngettext("{n} title · by popularity", "{n} titles · by popularity", count, n=n)
    else:
        summary = ngettext("{n} title · by rating", "{n} titles · by rating", count, n=n)
    lines = [head, summary + _page_line(page, formats), ""]
    for number, title in enumerate(page.items, start=page.first_index + 1):
        facts = [f for f in (title.country, title.kind) if f]
        if title.episodes:
            # Translators: a title's number of episodes, short: "16 eps".
            facts.append(
                ngettext("{n} eps", "{n} eps", title.episodes, n=formats.number(title.episodes))
            )
        facts.append(_rating(title))
        lines.append(f"{number}. <b>{_link(title.slug, title.title)}</b>")
        lines.append("    " + escape(" · ".join(facts)))
    return "\n".join(lines) + _stale(listing.stale)


def season_label(number: int, title: SeasonTitle) -> str:
    rating = f" ⭐{title.rating:.1f}" if title.rating is not None else ""
    head = f"{number}. "
    return head + title.title[: LABEL_CHARS - len(head) - len(rating)] + rating
