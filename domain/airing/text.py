"""What watchlists and airing notifications say. Pure HTML builders; values escaped once."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from domain.airing.watches import FINALE, AiringState, Notice, Watch
from domain.mydramalist.links import mdl_url
from domain.paging import Page
from domain.text import escape
from domain.titles import Drama

WATCHLIST_PAGE_SIZE = 5


def when(at: datetime, zone: str) -> str:
    """``Fri 20 Jan 2017, 21:00 KST`` in the user's zone."""
    local = at.astimezone(ZoneInfo(zone))
    return local.strftime("%a %d %b %Y, %H:%M ") + (local.tzname() or zone)


def countdown(now: datetime, at: datetime) -> str:
    """``in 2 days 3 h``, ``in 3 h 20 min``, ``in 12 min``; ``airing now`` once it is due."""
    seconds = int((at - now).total_seconds())
    if seconds <= 0:
        return "airing now"
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = max(1, rest // 60) if not (days or hours) else rest // 60
    if days:
        unit = "day" if days == 1 else "days"
        return f"in {days} {unit} {hours} h" if hours else f"in {days} {unit}"
    if hours:
        return f"in {hours} h {minutes} min" if minutes else f"in {hours} h"
    return f"in {minutes} min"


def _link(slug: str, title: str) -> str:
    return f'<a href="{escape(mdl_url(slug))}">{escape(title)}</a>'


def _next_line(episode: int | None, airs_at: datetime | None, zone: str, now: datetime) -> str:
    if episode is None:
        return "no episode scheduled yet"
    if airs_at is None:
        return f"episode {episode}, air time not announced yet"
    return f"episode {episode} · {when(airs_at, zone)} ({countdown(now, airs_at)})"


def watching(drama: Drama, added: bool, zone: str, now: datetime, found_by: str = "") -> str:
    upcoming = drama.next_episode
    assert upcoming is not None, "only dramas with a next episode are watched"
    head = "🔔 You will be notified" if added else "🔔 You already watch this"
    lines = []
    if found_by:
        lines.append(f"Top match for “{escape(found_by)}”:")
    lines.append(f"{head}: <b>{_link(drama.slug, drama.title)}</b>")
    lines.append("Next: " + _next_line(upcoming.number, upcoming.airs_at, zone, now))
    lines.append(f"Times are in {escape(zone)}; change with /timezone. Your list: /watchlist")
    return "\n".join(lines)


def nothing_to_watch(drama: Drama) -> str:
    """Plain text: it travels as an ``InvalidInput``, which the error boundary escapes."""
    return (
        f"{drama.title} has nothing scheduled to air, so there is nothing "
        "to notify you about. Only ongoing or upcoming dramas can be watched."
    )


def watchlist(
    page: Page[tuple[Watch, AiringState | None]], total: int, zone: str, now: datetime
) -> str:
    if total == 0:
        return (
            "Your watchlist is empty. Watch a drama with /watch <title or link>, "
            "or the 🔔 Notify me button on its card."
        )
    lines = [f"<b>Your watchlist</b> ({total}) · times in {escape(zone)}"]
    for number, (watch, state) in enumerate(page.items, start=page.first_index + 1):
        episode = state.episode if state else None
        airs_at = state.airs_at if state else None
        lines.append(f"{number}. <b>{_link(watch.slug, watch.title)}</b>")
        lines.append("   Next: " + _next_line(episode, airs_at, zone, now))
    if page.count > 1:
        lines.append(f"Page {page.number + 1} of {page.count}")
    return "\n".join(lines)


def unwatch_label(number: int, title: str) -> str:
    return f"✖️ Unwatch {number}. {title}"[:60]


def notice(item: Notice) -> str:
    """The message a watcher gets: the drama, the episode and the card link."""
    link = escape(mdl_url(item.slug))
    if item.episode == FINALE:
        return (
            f"🏁 <b>{escape(item.title)}</b> has finished airing. "
            f'I took it off your watchlist.\n<a href="{link}">Open on MyDramaList</a>'
        )
    return (
        f"🔔 <b>{escape(item.title)}</b>: episode {item.episode} has aired!\n"
        f'<a href="{link}">Open on MyDramaList</a>'
    )


def zone_is(zone: str) -> str:
    return f"Your time zone is <b>{escape(zone)}</b>. Change it with /timezone Area/City."


def zone_set(zone: str, now: datetime) -> str:
    return f"🕒 Time zone set to <b>{escape(zone)}</b>: it is now {when(now, zone)} there."


def unwatched(titles: Sequence[str]) -> str:
    return f"🔕 No more notifications for <b>{escape(', '.join(titles))}</b>."
