"""What watchlists and airing notifications say. Pure HTML builders; values escaped once.

Every sentence goes through the catalog (``domain.i18n``) in the language being spoken:
the user's in an update, the recipient's for a notification. Numbers and air times
are formatted by a ``Formats`` the app passes in (Babel, in the same language); the
domain imports no Babel, so ``PLAIN`` (English digits and English day names) is the
fallback of the pure functions and their unit tests.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol
from zoneinfo import ZoneInfo

from domain.airing.watches import FINALE, AiringState, Notice, Watch
from domain.i18n import current, gettext, ngettext
from domain.mydramalist.links import mdl_url
from domain.paging import Page
from domain.text import escape
from domain.titles import Drama

WATCHLIST_PAGE_SIZE = 5
# Scripts written right to left: a Latin title inside their sentences is isolated.
_RTL = frozenset({"ar", "fa", "he", "ur"})
_FSI, _PDI = "\u2068", "\u2069"


class Formats(Protocol):
    """Numbers and moments in the language being spoken (the app's are Babel's)."""

    def number(self, value: int) -> str: ...

    def moment(self, at: datetime, zone: str) -> str:
        """``at`` as a date and time in ``zone``, with the zone's abbreviation."""
        ...


def when(at: datetime, zone: str) -> str:
    """``Fri 20 Jan 2017, 21:00 KST`` in the user's zone (English, without Babel)."""
    local = at.astimezone(ZoneInfo(zone))
    return local.strftime("%a %d %b %Y, %H:%M ") + (local.tzname() or zone)


class _Plain:
    def number(self, value: int) -> str:
        return str(value)

    def moment(self, at: datetime, zone: str) -> str:
        return when(at, zone)


PLAIN: Formats = _Plain()


def isolated(text: str) -> str:
    """``text`` (escaped already) as one unit inside a right-to-left sentence: a Latin title
    keeps its own order, and the sentence keeps its direction. Unchanged otherwise."""
    if current().code.split("_")[0] in _RTL:
        return f"{_FSI}{text}{_PDI}"
    return text


def countdown(now: datetime, at: datetime, fmt: Formats = PLAIN) -> str:
    """``in 2 days 3 h``, ``in 3 h 20 min``, ``in 12 min``; ``airing now`` once it is due.

    Two units, which Babel's relative times (one rounded unit) cannot say; the words
    come from the catalog, with each language's plural of days.
    """
    seconds = int((at - now).total_seconds())
    if seconds <= 0:
        return gettext("airing now")
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = max(1, rest // 60) if not (days or hours) else rest // 60
    if days:
        if hours:
            # Translators: a countdown to an air time; "h" abbreviates hours.
            return ngettext(
                "in {n} day {hours} h",
                "in {n} days {hours} h",
                days,
                n=fmt.number(days),
                hours=fmt.number(hours),
            )
        return ngettext("in {n} day", "in {n} days", days, n=fmt.number(days))
    if hours:
        if minutes:
            # Translators: a countdown to an air time; "h" abbreviates hours, "min" minutes.
            return gettext(
                "in {hours} h {minutes} min", hours=fmt.number(hours), minutes=fmt.number(minutes)
            )
        # Translators: a countdown to an air time; "h" abbreviates hours.
        return gettext("in {hours} h", hours=fmt.number(hours))
    # Translators: a countdown to an air time; "min" abbreviates minutes.
    return gettext("in {minutes} min", minutes=fmt.number(minutes))


def _link(slug: str, title: str) -> str:
    return f'<a href="{escape(mdl_url(slug))}">{isolated(escape(title))}</a>'


def _next_line(
    episode: int | None, airs_at: datetime | None, zone: str, now: datetime, fmt: Formats
) -> str:
    if episode is None:
        return gettext("no episode scheduled yet")
    if airs_at is None:
        return gettext("episode {episode}, air time not announced yet", episode=fmt.number(episode))
    # Translators: the next episode, its air time in the user's time zone and a countdown
    # ("in 2 days 3 h").
    return gettext(
        "episode {episode} · {time} ({countdown})",
        episode=fmt.number(episode),
        time=isolated(fmt.moment(airs_at, zone)),
        countdown=countdown(now, airs_at, fmt),
    )


def watching(
    drama: Drama,
    added: bool,
    zone: str,
    now: datetime,
    found_by: str = "",
    fmt: Formats = PLAIN,
) -> str:
    upcoming = drama.next_episode
    assert upcoming is not None, "only dramas with a next episode are watched"
    title = f"<b>{_link(drama.slug, drama.title)}</b>"
    lines = []
    if found_by:
        # Translators: {query} is what the user typed after /watch.
        lines.append(gettext("Top match for “{query}”:", query=isolated(escape(found_by))))
    if added:
        lines.append(gettext("🔔 You will be notified: {title}", title=title))
    else:
        lines.append(gettext("🔔 You already watch this: {title}", title=title))
    # Translators: {next} is "episode 5 · <date and time> (in 2 days 3 h)".
    next_line = _next_line(upcoming.number, upcoming.airs_at, zone, now, fmt)
    lines.append(gettext("Next: {next}", next=next_line))
    lines.append(
        # Translators: {zone} is an IANA time zone name such as Asia/Seoul.
        gettext(
            "Times are in {zone}; change with /timezone. Your list: /watchlist",
            zone=isolated(escape(zone)),
        )
    )
    return "\n".join(lines)


def nothing_to_watch(drama: Drama) -> str:
    """Plain text: it travels as an ``InvalidInput``, which the error boundary escapes."""
    return gettext(
        "{title} has nothing scheduled to air, so there is nothing to notify you about. "
        "Only ongoing or upcoming dramas can be watched.",
        title=isolated(drama.title),
    )


def watchlist(
    page: Page[tuple[Watch, AiringState | None]],
    total: int,
    zone: str,
    now: datetime,
    fmt: Formats = PLAIN,
) -> str:
    if total == 0:
        return gettext(
            "Your watchlist is empty. Watch a drama with /watch &lt;title or link&gt;, "
            "or the 🔔 Notify me button on its card."
        )
    lines = [
        # Translators: {n} is how many dramas are on the list, {zone} a time zone name.
        gettext(
            "<b>Your watchlist</b> ({n}) · times in {zone}",
            n=fmt.number(total),
            zone=isolated(escape(zone)),
        )
    ]
    for number, (watch, state) in enumerate(page.items, start=page.first_index + 1):
        episode = state.episode if state else None
        airs_at = state.airs_at if state else None
        lines.append(f"{fmt.number(number)}. <b>{_link(watch.slug, watch.title)}</b>")
        next_line = _next_line(episode, airs_at, zone, now, fmt)
        lines.append("   " + gettext("Next: {next}", next=next_line))
    if page.count > 1:
        lines.append(
            gettext(
                "Page {page} of {pages}",
                page=fmt.number(page.number + 1),
                pages=fmt.number(page.count),
            )
        )
    return "\n".join(lines)


def unwatch_label(number: int, title: str, fmt: Formats = PLAIN) -> str:
    """A button: plain text, cut to fit."""
    # Translators: a button; {number} is the drama's place on the watchlist.
    return gettext("✖️ Unwatch {number}. {title}", number=fmt.number(number), title=title)[:60]


def notice(item: Notice, fmt: Formats = PLAIN) -> str:
    """The message a watcher gets: the drama, the episode and the card link."""
    link = escape(mdl_url(item.slug))
    title = f"<b>{isolated(escape(item.title))}</b>"
    if item.episode == FINALE:
        text = gettext("🏁 {title} has finished airing. I took it off your watchlist.", title=title)
    else:
        text = gettext(
            "🔔 {title}: episode {episode} has aired!",
            title=title,
            episode=fmt.number(item.episode),
        )
    opening = gettext("Open on MyDramaList")
    return f'{text}\n<a href="{link}">{opening}</a>'


def zone_is(zone: str) -> str:
    return gettext(
        "Your time zone is <b>{zone}</b>. Change it with /timezone Area/City.",
        zone=isolated(escape(zone)),
    )


def zone_set(zone: str, now: datetime, fmt: Formats = PLAIN) -> str:
    return gettext(
        "🕒 Time zone set to <b>{zone}</b>: it is now {time} there.",
        zone=isolated(escape(zone)),
        time=isolated(fmt.moment(now, zone)),
    )


def unwatched(titles: Sequence[str]) -> str:
    return gettext(
        "🔕 No more notifications for <b>{titles}</b>.",
        titles=isolated(escape(", ".join(titles))),
    )
