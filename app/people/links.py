"""Buttons that open people from title views: a drama's Cast view, an IMDb card's People.

Only the buttons live here (the title handlers draw them); their presses are
handled in ``app.people.from_titles``. Each button names the title by its index
in the card's session and the person by their position in the page's list, so
the data stays a few bytes whatever the names are; the list is read again (from
the cache) on arrival and the position checked.
"""

from __future__ import annotations

from typing import Any

from app.telegram.callbacks import Action
from app.telegram.keyboards import Button, cb, nav_row
from app.telegram.sessions import SearchSession
from domain.i18n import N_, gettext
from domain.paging import Page, page_of
from domain.people.cards import page_note
from domain.people.models import IMDB, MDL, person_ref, split_ref
from domain.text import escape, isolate
from domain.titles import DramaCast, Movie

PEOPLE_PAGE_SIZE = 8
PER_ROW = 2
# The jobs of an IMDb card's people, as the People view names them.
JOBS = {"Director": N_("Director"), "Star": N_("Star")}


def cast_refs(cast: DramaCast) -> list[tuple[str, str]]:
    """(name, person reference or "") of every member, in the Cast view's order."""
    rows = []
    for section in cast.sections:
        for member in section.members:
            ref = person_ref(MDL, member.slug) if member.slug else ""
            rows.append((member.name, ref if ref and split_ref(ref) else ""))
    return rows


def _paired(buttons: list[Button]) -> list[list[Button]]:
    return [buttons[i : i + PER_ROW] for i in range(0, len(buttons), PER_ROW)]


def cast_buttons(
    cast: DramaCast, page: Page[Any], session: SearchSession, index: int
) -> list[list[Button]]:
    """A 👤 button for each member on the Cast page shown who has a person page."""
    members = cast_refs(cast)
    shown = range(page.first_index, min(page.first_index + len(page.items), len(members)))
    buttons = [
        cb(f"👤 {members[i][0]}"[:40], Action("mq", session.id, index, i))
        for i in shown
        if members[i][1]
    ]
    return _paired(buttons)


def movie_people(movie: Movie) -> list[tuple[str, str, str]]:
    """(job, name, person reference) of the directors then the stars, each once."""
    rows: list[tuple[str, str, str]] = []
    seen: set[tuple[str, str]] = set()
    for job, people in (("Director", movie.directors), ("Star", movie.stars)):
        for person in people:
            ref = person_ref(IMDB, person.imdb_id) if person.imdb_id else ""
            if not ref or not split_ref(ref) or (ref, job) in seen:
                continue
            seen.add((ref, job))
            rows.append((job, person.name, ref))
    return rows


def people_button(movie: Movie, session: SearchSession, index: int) -> list[Button]:
    """The IMDb card's "👥 People" button, when its director or stars can be opened."""
    if not movie_people(movie):
        return []
    return [cb(gettext("👥 People"), Action("ih", session.id, index))]


def people_view(
    movie: Movie, session: SearchSession, index: int, page_number: int
) -> tuple[str, list[list[Button]]]:
    """The director and stars of an IMDb card, each a button; "ih" b = page + 1 pages it."""
    rows = movie_people(movie)
    page = page_of(rows, page_number, PEOPLE_PAGE_SIZE)
    head = gettext("👥 <b>People of {title}</b>", title=isolate(escape(movie.title)))
    lines = [head + page_note(page)]
    for job, name, _ in page.items:
        lines.append(f"• {isolate(escape(name))} — {escape(gettext(JOBS.get(job, job)))}")
    buttons = [
        cb(f"👤 {name}"[:40], Action("iq", session.id, index, n))
        for n, (_, name, _) in enumerate(page.items, start=page.first_index)
    ]
    keyboard = _paired(buttons)
    nav = nav_row(page, "ih", session.id, index)
    for button, number in zip(nav, _nav_numbers(page), strict=True):
        button.callback_data = Action("ih", session.id, index, number + 1).encode()
    if nav:
        keyboard.append(nav)
    return "\n".join(lines), keyboard


def _nav_numbers(page: Page[Any]) -> list[int]:
    numbers = []
    if page.has_prev:
        numbers.append(page.number - 1)
    if page.has_next:
        numbers.append(page.number + 1)
    return numbers
