"""What a MyDramaList card, result list, cast and episode page say."""

from __future__ import annotations

import re
from typing import Any

from domain import results
from domain.i18n import N_, gettext, ngettext, number
from domain.mydramalist.links import MDL_BASE
from domain.paging import Page, page_of
from domain.render import DefaultTemplate, render
from domain.text import escape, isolate, right_to_left, safe_url
from domain.titles import Drama, DramaCast, DramaEpisodes, DramaHit, Episode

# Translators: a line of the default MyDramaList card. {year} and the like are filled with
# the title's values (a line whose values are all unknown is left out): keep them as they are.
MDL_TEMPLATE = DefaultTemplate(
    "🎬 <b>{title}</b>",
    "🈶 <i>{native_title}</i>",
    ("📅", N_("Year: {year}")),
    ("🌏", N_("Country: {country}")),
    # Translators: the kind of title (Drama, Movie, TV Show…), as MyDramaList gives it.
    ("🎞", N_("Type: {type}")),
    ("📺", N_("Episodes: {episodes}")),
    # Translators: {aired} is when it aired, as MyDramaList writes it ("Dec 2, 2016 - Jan 21,
    # 2017").
    ("🗓", N_("Aired: {aired}")),
    # Translators: the TV channel or streaming service that first showed it.
    ("📡", N_("Network: {original_network}")),
    ("⏱", N_("Duration: {duration}")),
    # Translators: the age rating ("15+ - Teens 15 or older").
    ("🔞", N_("Rated: {content_rating}")),
    ("⭐", N_("Rating: <b>{rating}</b>")),
    # Translators: {score} is MyDramaList's score and how many users gave it.
    ("📊", N_("Score: {score}")),
    ("🎭", N_("Genres: {genres}")),
    ("🏷", N_("Tags: {tags}")),
    ("👥", N_("Cast: {cast}")),
    "<blockquote expandable>{synopsis}</blockquote>",
)
DEFAULT_MDL_TEMPLATE = MDL_TEMPLATE.english

CAST_PAGE_SIZE = 10
EPISODES_PAGE_SIZE = 10
RESULTS_PAGE_SIZE = 6


def _rating(value: float | None) -> str:
    return number(value, 1) if value is not None else ""


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
    """The card in ``template``; the default one speaks the reader's language."""
    return render(
        MDL_TEMPLATE.localise(template), drama_values(drama), missing, isolated=right_to_left()
    )


def hit_summary(hit: DramaHit) -> str:
    """ "2016 · Korean Drama · ⭐ 8.8", leaving out what is unknown."""
    parts = [
        str(hit.year) if hit.year else "",
        hit.type,
        f"⭐ {number(hit.rating, 1)}" if hit.rating else "",
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
    n, count = number(len(people)), len(people)
    if titles_found:
        head = ngettext("👤 Also matched {n} person:", "👤 Also matched {n} people:", count, n=n)
    else:
        head = ngettext(
            "👤 No dramas, but {n} person matched:",
            "👤 No dramas, but {n} people matched:",
            count,
            n=n,
        )
    lines = [head]
    for person in shown:
        link = safe_url(f"{MDL_BASE}/{person.slug}")
        name = isolate(escape(person.title))
        label = f'<a href="{escape(link)}">{name}</a>' if link else name
        lines.append(f"• {label}" + (f" ({escape(person.type)})" if person.type else ""))
    if len(people) > len(shown):
        more = len(people) - len(shown)
        lines.append(
            ngettext(
                "… and {n} more on MyDramaList.",
                "… and {n} more on MyDramaList.",
                more,
                n=number(more),
            )
        )
    lines.append(_person_cards_hint())
    return "\n".join(lines)


def _person_cards_hint() -> str:
    # Translators: {command} is "/person <name>", its argument in your language.
    return gettext("Their person cards: {command}.", command=escape(f"/person {gettext('<name>')}"))


def cast_text(cast: DramaCast, page_number: int) -> tuple[str, Page[tuple[str, str, str]]]:
    rows = [
        (section.heading, member.name, member.character)
        for section in cast.sections
        for member in section.members
    ]
    page = page_of(rows, page_number, CAST_PAGE_SIZE)
    head = gettext("👥 <b>Cast of {title}</b>", title=isolate(escape(cast.title)))
    if page.count > 1:
        head += " · " + page_label(page)
    lines, heading = [head], None
    for section, name, character in page.items:
        if section != heading:
            lines.append(f"\n<b>{escape(cast_heading(section))}</b>")
            heading = section
        role = f" — <i>{isolate(escape(character))}</i>" if character else ""
        lines.append(f"• {isolate(escape(name))}{role}")
    if not rows:
        lines.append("\n" + gettext("No cast listed on MyDramaList yet."))
    return "\n".join(lines), page


def page_label(page: Page[Any]) -> str:
    # Translators: which page of a list is shown: "page 2/5".
    return gettext(
        "page {number}/{count}", number=number(page.number + 1), count=number(page.count)
    )


# The headings MyDramaList gives a cast page's sections; others are shown as they come.
CAST_HEADINGS = {
    "Director": N_("Director"),
    "Screenwriter": N_("Screenwriter"),
    "Screenwriter & Director": N_("Screenwriter & Director"),
    "Main Role": N_("Main Role"),
    "Support Role": N_("Support Role"),
    "Guest Role": N_("Guest Role"),
    "Cameo": N_("Cameo"),
    "Cast": N_("Cast"),
}


def cast_heading(heading: str) -> str:
    known = CAST_HEADINGS.get(heading)
    return gettext(known) if known is not None else heading


_EPISODE_RE = re.compile(r"\bEpisode\s+(\d+)\b", re.IGNORECASE)


def _episode_name(title: str, index: int) -> str:
    """MyDramaList prefixes episode titles with the show's title and year; drop that.

    Its "Episode 3" is said in the reader's language; any other title is the show's own.
    """
    match = _EPISODE_RE.search(title)
    if match is None and title:
        return isolate(escape(title))
    return gettext("Episode {number}", number=int(match.group(1)) if match else index)


def episodes_text(episodes: DramaEpisodes, page_number: int) -> tuple[str, Page[Episode]]:
    page = page_of(list(episodes.episodes), page_number, EPISODES_PAGE_SIZE)
    total = len(episodes.episodes)
    head = gettext("📺 <b>Episodes of {title}</b>", title=isolate(escape(episodes.title)))
    if total:
        # Translators: which episodes of how many a page lists: "11–16 of 16".
        head += " · " + gettext(
            "{first}–{last} of {total}",
            first=number(page.first_index + 1),
            last=number(page.first_index + len(page.items)),
            total=number(total),
        )
    lines = [head, ""]
    for index, episode in enumerate(page.items, start=page.first_index + 1):
        shown = episode.number or index
        parts = [f"{shown}. {_episode_name(episode.title, shown)}"]
        if episode.air_date:
            parts.append(isolate(escape(episode.air_date)))
        if episode.rating:
            parts.append(f"⭐ {number(episode.rating, 1)}")
        lines.append(" · ".join(parts))
    if not total:
        lines.append(gettext("No episodes listed on MyDramaList yet."))
    return "\n".join(lines), page
