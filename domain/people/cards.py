"""What a person card, a people list and a works page say."""

from __future__ import annotations

from datetime import date, datetime

from domain.paging import Page, page_of
from domain.people.merge import PeopleRow
from domain.people.models import SOURCE_NAMES, Person, Work, works_by_year
from domain.render import render
from domain.text import escape, safe_url

DEFAULT_PERSON_TEMPLATE = """👤 <b>{name}</b>
🈶 <i>{native_name}</i>
🎂 Born: {born} {age}
🕯 Died: {died}
🌏 Nationality: {nationality}
📍 Birthplace: {birthplace}
💼 {professions}
🎬 Known for:
{known_for}
<blockquote expandable>{bio}</blockquote>"""

RESULTS_PAGE_SIZE = 6
WORKS_PAGE_SIZE = 8
KNOWN_FOR = 5
BIO_CHARS = 450
_DATE_FORMATS = ("%Y-%m-%d", "%B %d, %Y", "%b %d, %Y", "%d %B %Y")


def _rating(value: float | None) -> str:
    return f"{value:.1f}" if value is not None else ""


def parse_date(text: str) -> date | None:
    cleaned = " ".join(text.replace(",", ", ").split()).replace(" ,", ",")
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(cleaned, fmt).date()
        except ValueError:
            continue
    return None


def display_date(text: str) -> str:
    """IMDb's "1964-09-02" as "September 2, 1964"; any other text as it is."""
    try:
        day = datetime.strptime(text.strip(), "%Y-%m-%d").date()
    except ValueError:
        return text
    return f"{day:%B} {day.day}, {day.year}"


def age_text(person: Person, today: date) -> str:
    """ "(age 41)" from the birth date, "(aged 60)" for someone who died; the page's own
    age when the date cannot be read; "" when neither is known."""
    born = parse_date(person.born)
    if born is None:
        return f"(age {person.age})" if person.age.isdigit() else ""
    died = parse_date(person.died)
    end = died or today
    years = end.year - born.year - ((end.month, end.day) < (born.month, born.day))
    if years < 0 or years > 130:
        return ""
    return f"(aged {years})" if died else f"(age {years})"


def short_bio(bio: str, limit: int = BIO_CHARS) -> str:
    """At most ``limit`` characters, cut after a sentence or a word, with "…" when cut.

    Cut before escaping, so the cut can never land inside an HTML entity.
    """
    text = " ".join(bio.split())
    if len(text) <= limit:
        return text
    cut = text[:limit]
    for mark in (". ", "! ", "? "):
        end = cut.rfind(mark)
        if end >= limit * 0.6:
            return cut[: end + 1] + " …"
    space = cut.rfind(" ")
    return (cut[:space] if space >= limit * 0.6 else cut).rstrip() + "…"


def role_text(work: Work) -> str:
    """ "Main Role · Kim Shin", "Director", or the role name alone."""
    parts = [work.role, work.character]
    return " · ".join(p for p in parts if p)


def work_line(work: Work) -> str:
    """Plain text: "2016 · Goblin — Main Role · Kim Shin · ⭐ 8.8"."""
    year = str(work.year) if work.year is not None else "TBA"
    role = role_text(work)
    line = f"{year} · {work.title}" + (f" — {role}" if role else "")
    if work.rating is not None:
        line += f" · ⭐ {_rating(work.rating)}"
    return line


def known_for(person: Person, count: int = KNOWN_FOR) -> str:
    works = works_by_year(person.works)
    lines = [f"• {work_line(w)}" for w in works[:count]]
    if len(works) > count:
        lines.append(f"… and {len(works) - count} more")
    return "\n".join(lines)


def person_values(person: Person, today: date) -> dict[str, str]:
    """Placeholder name → raw (unescaped) value."""
    return {
        "name": person.name,
        "native_name": person.native_name if person.native_name != person.name else "",
        "also_known_as": person.also_known_as,
        "born": display_date(person.born),
        "age": age_text(person, today),
        "died": display_date(person.died),
        "nationality": person.nationality,
        "birthplace": person.birthplace,
        "gender": person.gender,
        "professions": person.professions,
        "known_for": known_for(person),
        "works_count": str(len(person.works)) if person.works else "",
        "bio": short_bio(person.bio),
        "photo": safe_url(person.photo),
        "link": safe_url(person.link),
        "source": SOURCE_NAMES.get(person.source, ""),
        # ``render``'s fallback card names the card by its title.
        "title": person.name,
    }


def person_card(
    person: Person, today: date, template: str = DEFAULT_PERSON_TEMPLATE, missing: str = ""
) -> str:
    return render(template, person_values(person, today), missing)


def row_summary(row: PeopleRow) -> str:
    parts = [row.mdl.detail if row.mdl else "", row.imdb.detail if row.imdb else ""]
    sources = [name for name, hit in (("MDL", row.mdl), ("IMDb", row.imdb)) if hit]
    return " · ".join(p for p in [*dict.fromkeys(p for p in parts if p), " + ".join(sources)] if p)


def results_text(query: str, page: Page[PeopleRow], total: int, missing: list[str]) -> str:
    noun = "person" if total == 1 else "people"
    head = f"👤 <b>People</b> · {total} {noun} for “{escape(query)}”"
    if page.count > 1:
        head += f" · page {page.number + 1}/{page.count}"
    lines = [head]
    for number, row in enumerate(page.items, start=page.first_index + 1):
        lines.append(f"{number}. <b>{escape(row.name)}</b> — {escape(row_summary(row))}")
    for name in missing:
        lines.append(f"\n<i>⚠️ {escape(name)} is not answering; its people are missing.</i>")
    lines.append("\nPick a person:")
    return "\n".join(lines)


def nobody_found(query: str, missing: list[str]) -> str:
    text = f"Nobody found for “{query}”. Tip: check the spelling, or try the name in English."
    if missing:
        text += f" ({', '.join(missing)} did not answer.)"
    return text


def works_page(person: Person, page_number: int) -> tuple[str, Page[Work]]:
    works = works_by_year(person.works)
    page = page_of(works, page_number, WORKS_PAGE_SIZE)
    head = f"🎬 <b>Works of {escape(person.name)}</b> · {len(works)}"
    if page.count > 1:
        head += f" · page {page.number + 1}/{page.count}"
    lines = [head]
    for number, work in enumerate(page.items, start=page.first_index + 1):
        lines.append(f"{number}. {escape(work_line(work))}")
    if not works:
        lines.append("No works listed.")
    return "\n".join(lines), page
