"""What a MyDramaList card, result list, cast and episode page say."""

from __future__ import annotations

import re

from domain import results
from domain.mydramalist.links import MDL_BASE
from domain.paging import Page, page_of
from domain.render import render
from domain.text import escape, safe_url
from domain.titles import Drama, DramaCast, DramaEpisodes, DramaHit, Episode

DEFAULT_MDL_TEMPLATE = """🎬 <b>{title}</b>
🈶 <i>{native_title}</i>
📅 Year: {year}
🌏 Country: {country}
🎞 Type: {type}
📺 Episodes: {episodes}
🗓 Aired: {aired}
📡 Network: {original_network}
⏱ Duration: {duration}
🔞 Rated: {content_rating}
⭐ Rating: <b>{rating}</b>
📊 Score: {score}
🎭 Genres: {genres}
🏷 Tags: {tags}
👥 Cast: {cast}
<blockquote expandable>{synopsis}</blockquote>"""

CAST_PAGE_SIZE = 10
EPISODES_PAGE_SIZE = 10
RESULTS_PAGE_SIZE = 6


def _rating(value: float | None) -> str:
    return f"{value:.1f}" if value is not None else ""


def drama_values(drama: Drama) -> dict[str, str]:
    """Placeholder name → raw (unescaped) value."""
    return {
        "title": drama.title,
        "complete_title": drama.complete_title or drama.title,
        "native_title": drama.native_title,
        "also_known_as": ", ".join(drama.also_known_as),
        "year": drama.year,
        "link": safe_url(drama.link),
        "poster": safe_url(drama.poster),
        "rating": _rating(drama.rating),
        "synopsis": drama.synopsis,
        "country": drama.country,
        "type": drama.type,
        "episodes": drama.episodes,
        "aired": drama.aired,
        "aired_on": drama.aired_on,
        "original_network": drama.original_network,
        "duration": drama.duration,
        "content_rating": drama.content_rating,
        "score": drama.score,
        "ranked": drama.ranked,
        "popularity": drama.popularity,
        "watchers": drama.watchers,
        "favorites": drama.favorites,
        "genres": ", ".join(drama.genres),
        "tags": ", ".join(drama.tags),
        "cast": ", ".join(member.name for member in drama.cast[:6]),
    }


def drama_card(drama: Drama, template: str = DEFAULT_MDL_TEMPLATE, missing: str = "") -> str:
    return render(template, drama_values(drama), missing)


def hit_summary(hit: DramaHit) -> str:
    """ "2016 · Korean Drama · ⭐ 8.8", leaving out what is unknown."""
    parts = [
        str(hit.year) if hit.year else "",
        hit.type,
        f"⭐ {hit.rating:.1f}" if hit.rating else "",
    ]
    return " · ".join(p for p in parts if p)


def hit_card(hit: DramaHit) -> str:
    """A short card from a search hit alone, for when the details are not ready in time."""
    summary = hit_summary(hit)
    lines = [f"🎬 <b>{escape(hit_label(hit))}</b>"]
    if summary:
        lines.append(escape(summary))
    if hit.episodes:
        lines.append(f"📺 {escape(hit.episodes)}")
    return "\n".join(lines)


def hit_label(hit: DramaHit) -> str:
    return f"{hit.title} ({hit.year})" if hit.year else hit.title


def results_text(query: str, page: Page[DramaHit], total: int) -> str:
    return results.results_text("MyDramaList", query, page, total, lambda h: h.title, hit_summary)


MAX_PEOPLE_SHOWN = 3


def people_note(people: list[DramaHit], *, titles_found: bool) -> str:
    """What a search says of the people it matched (their cards: /person)."""
    if not people:
        return ""
    shown = people[:MAX_PEOPLE_SHOWN]
    count = f"{len(people)} person" if len(people) == 1 else f"{len(people)} people"
    head = f"👤 Also matched {count}:" if titles_found else f"👤 No dramas, but {count} matched:"
    lines = [head]
    for person in shown:
        link = safe_url(f"{MDL_BASE}/{person.slug}")
        name = escape(person.title)
        label = f'<a href="{escape(link)}">{name}</a>' if link else name
        lines.append(f"• {label}" + (f" ({escape(person.type)})" if person.type else ""))
    if len(people) > len(shown):
        lines.append(f"… and {len(people) - len(shown)} more on MyDramaList.")
    lines.append("Their person cards: /person &lt;name&gt;.")
    return "\n".join(lines)


def cast_text(cast: DramaCast, page_number: int) -> tuple[str, Page[tuple[str, str, str]]]:
    rows = [
        (section.heading, member.name, member.character)
        for section in cast.sections
        for member in section.members
    ]
    page = page_of(rows, page_number, CAST_PAGE_SIZE)
    head = f"👥 <b>Cast of {escape(cast.title)}</b>"
    if page.count > 1:
        head += f" · page {page.number + 1}/{page.count}"
    lines, heading = [head], None
    for section, name, character in page.items:
        if section != heading:
            lines.append(f"\n<b>{escape(section)}</b>")
            heading = section
        lines.append(f"• {escape(name)}" + (f" — <i>{escape(character)}</i>" if character else ""))
    if not rows:
        lines.append("\nNo cast listed on MyDramaList yet.")
    return "\n".join(lines), page


_EPISODE_RE = re.compile(r"\bEpisode\s+\d+\b", re.IGNORECASE)


def _episode_name(title: str, number: int) -> str:
    """MyDramaList prefixes episode titles with the show's title and year; drop that."""
    match = _EPISODE_RE.search(title)
    return match.group(0) if match else (title or f"Episode {number}")


def episodes_text(episodes: DramaEpisodes, page_number: int) -> tuple[str, Page[Episode]]:
    page = page_of(list(episodes.episodes), page_number, EPISODES_PAGE_SIZE)
    total = len(episodes.episodes)
    head = f"📺 <b>Episodes of {escape(episodes.title)}</b>"
    if total:
        head += f" · {page.first_index + 1}–{page.first_index + len(page.items)} of {total}"
    lines = [head, ""]
    for index, episode in enumerate(page.items, start=page.first_index + 1):
        number = episode.number or index
        parts = [f"{number}. {escape(_episode_name(episode.title, number))}"]
        if episode.air_date:
            parts.append(escape(episode.air_date))
        if episode.rating:
            parts.append(f"⭐ {episode.rating:.1f}")
        lines.append(" · ".join(parts))
    if not total:
        lines.append("No episodes listed on MyDramaList yet.")
    return "\n".join(lines), page
