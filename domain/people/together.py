"""What two people have both worked on: a timeline of shared titles.

Works are matched on the same source by the title's id (a MyDramaList title
by its numeric id, an IMDb title by its tt id). Across sources (one person
known only on MyDramaList, the other only on IMDb) they are matched by title
and year, as nothing else links the two. A title found both ways is listed once.
"""

from __future__ import annotations

from dataclasses import dataclass

from domain.i18n import gettext, ngettext
from domain.i18n import number as local_number
from domain.paging import Page, page_of
from domain.people.cards import Numbers, page_note, role_text, year_text
from domain.people.models import Person, Work
from domain.text import escape, isolate
from domain.titles import drama_key

PAGE_SIZE = 8


@dataclass(frozen=True, slots=True)
class SharedWork:
    title: str
    source: str  # where the title card opens: "mdl" or "imdb"
    key: str  # its slug or tt id
    year: int | None = None
    role_a: str = ""
    role_b: str = ""
    rating: float | None = None


def _title_key(title: str) -> str:
    return " ".join("".join(ch for ch in title.casefold() if ch.isalnum() or ch.isspace()).split())


def _work_id(source: str, work: Work) -> str:
    return drama_key(work.key) if source == "mdl" else work.key


def _roles(works: list[Work]) -> str:
    return ", ".join(dict.fromkeys(r for r in (role_text(w) for w in works) if r))


def _by_title(person: Person) -> dict[str, list[Work]]:
    found: dict[str, list[Work]] = {}
    for work in person.works:
        if work.key:
            found.setdefault(_work_id(person.source, work), []).append(work)
    return found


def _pair(a: Person, b: Person) -> list[SharedWork]:
    shared = []
    if a.source == b.source:
        mine, theirs = _by_title(a), _by_title(b)
        for title_id, works in mine.items():
            if title_id in theirs:
                first = works[0]
                shared.append(
                    SharedWork(
                        first.title,
                        a.source,
                        first.key,
                        first.year,
                        _roles(works),
                        _roles(theirs[title_id]),
                        first.rating,
                    )
                )
        return shared
    theirs_by_name: dict[tuple[str, int | None], list[Work]] = {}
    for work in b.works:
        theirs_by_name.setdefault((_title_key(work.title), work.year), []).append(work)
    mine_by_name: dict[tuple[str, int | None], list[Work]] = {}
    for work in a.works:
        mine_by_name.setdefault((_title_key(work.title), work.year), []).append(work)
    for name, works in mine_by_name.items():
        if name[1] is None or name not in theirs_by_name or not works[0].key:
            continue
        first = works[0]
        roles_b = _roles(theirs_by_name[name])
        shared.append(
            SharedWork(
                first.title, a.source, first.key, first.year, _roles(works), roles_b, first.rating
            )
        )
    return shared


def shared_works(a_pages: list[Person], b_pages: list[Person]) -> list[SharedWork]:
    """Every title both worked on, oldest first (undated last), each title once."""
    found: list[SharedWork] = []
    seen: set[tuple[str, int | None]] = set()
    pairs = sorted(
        ((a, b) for a in a_pages for b in b_pages),
        key=lambda pair: pair[0].source != pair[1].source,
    )
    for a, b in pairs:
        for work in _pair(a, b):
            name = (_title_key(work.title), work.year)
            if name in seen:
                continue
            seen.add(name)
            found.append(work)
    dated = sorted((w for w in found if w.year is not None), key=lambda w: w.year or 0)
    return dated + [w for w in found if w.year is None]


def shared_line(work: SharedWork, name_a: str, name_b: str) -> str:
    year = year_text(work.year)
    roles = "; ".join(
        f"{name}: {role}" for name, role in ((name_a, work.role_a), (name_b, work.role_b)) if role
    )
    # Titles, names and roles as they come: set apart in a right-to-left line.
    line = f"{year} · {isolate(work.title)}" + (f" — {isolate(roles)}" if roles else "")
    return line + (f" · ⭐ {local_number(work.rating, 1)}" if work.rating is not None else "")


def timeline_text(
    works: list[SharedWork], name_a: str, name_b: str, page_number: int, number: Numbers = str
) -> tuple[str, Page[SharedWork]]:
    page = page_of(works, page_number, PAGE_SIZE)
    head = ngettext(
        "🤝 <b>{a}</b> + <b>{b}</b> · {n} title together",
        "🤝 <b>{a}</b> + <b>{b}</b> · {n} titles together",
        len(works),
        a=isolate(escape(name_a)),
        b=isolate(escape(name_b)),
        n=number(len(works)),
    )
    lines = [head + page_note(page)]
    for index, work in enumerate(page.items, start=page.first_index + 1):
        lines.append(f"{index}. {escape(shared_line(work, name_a, name_b))}")
    return "\n".join(lines), page


def nothing_in_common(name_a: str, name_b: str) -> str:
    """Plain text (escaped where it is sent)."""
    return gettext(
        "🤝 {a} and {b} have no titles in common on MyDramaList or IMDb "
        "(as far as their pages list).",
        a=isolate(name_a),
        b=isolate(name_b),
    )
