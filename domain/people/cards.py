"""What a person card, a people list and a works page say."""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from domain.i18n import N_, Speech, current, gettext, ngettext
from domain.i18n import number as local_number
from domain.paging import Page, page_of
from domain.people.merge import PeopleRow
from domain.people.models import SOURCE_NAMES, Person, Work, works_by_year
from domain.render import render
from domain.text import escape, isolate, right_to_left, safe_url

# Numbers in texts: the app passes Babel's, for the user's language (the domain has no Babel).
Numbers = Callable[[int], str]
# A date as the user's language writes it; None: the page's own text, as it is.
Dates = Callable[[date], str] | None

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
# The default card's labels, each after its emoji: the user's language replaces them (the
# placeholders and tags stay as they are, so no translation can break the card).
_LABELS = (
    # Translators: a label of the person card, before the birth date.
    ("🎂", N_("Born:")),
    # Translators: a label of the person card, before the date of death.
    ("🕯", N_("Died:")),
    ("🌏", N_("Nationality:")),
    # Translators: a label of the person card, before the place of birth.
    ("📍", N_("Birthplace:")),
    # Translators: a label of the person card, before a list of the person's best-known works.
    ("🎬", N_("Known for:")),
)


@functools.lru_cache(maxsize=16)
def _default_in(speech: Speech) -> str:
    """The default template with its labels in ``speech``: the memo's key is the language
    itself (its code and its translations), so no language's labels reach another."""
    template = DEFAULT_PERSON_TEMPLATE
    for emoji, label in _LABELS:
        translated = speech.translations.gettext(label)
        template = template.replace(f"{emoji} {label}", f"{emoji} {translated}", 1)
    return template


def default_template() -> str:
    """The default person card in the current language."""
    return _default_in(current())


RESULTS_PAGE_SIZE = 6
WORKS_PAGE_SIZE = 8
KNOWN_FOR = 5
BIO_CHARS = 450
_DATE_FORMATS = ("%Y-%m-%d", "%B %d, %Y", "%b %d, %Y", "%d %B %Y")


def _rating(value: float | None) -> str:
    return local_number(value, 1) if value is not None else ""


def parse_date(text: str) -> date | None:
    cleaned = " ".join(text.replace(",", ", ").split()).replace(" ,", ",")
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(cleaned, fmt).date()
        except ValueError:
            continue
    return None


def display_date(text: str, dates: Dates = None) -> str:
    """IMDb's "1964-09-02" as "September 2, 1964"; any other text as it is. With ``dates``
    (a language other than English), every date the page gives in a known format."""
    if dates is not None:
        day = parse_date(text.strip())
        return dates(day) if day is not None else text
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
        if not person.age.isdigit():
            return ""
        return _age(int(person.age))
    died = parse_date(person.died)
    end = died or today
    years = end.year - born.year - ((end.month, end.day) < (born.month, born.day))
    if years < 0 or years > 130:
        return ""
    if died:
        # Translators: beside the birth date of someone who died: their age at death.
        return ngettext("(aged {n})", "(aged {n})", years)
    return _age(years)


def _age(years: int) -> str:
    # Translators: beside a birth date: the person's age now.
    return ngettext("(age {n})", "(age {n})", years)


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


def year_text(year: int | None) -> str:
    # Translators: in place of a year not announced yet ("To be announced").
    return str(year) if year is not None else gettext("TBA")


def work_line(work: Work) -> str:
    """Plain text: "2016 · Goblin — Main Role · Kim Shin · ⭐ 8.8"."""
    year = year_text(work.year)
    role = role_text(work)
    # Titles and roles as they come (Latin, Hangul…): set apart in a right-to-left line.
    line = f"{year} · {isolate(work.title)}" + (f" — {isolate(role)}" if role else "")
    if work.rating is not None:
        line += f" · ⭐ {_rating(work.rating)}"
    return line


def known_for(person: Person, count: int = KNOWN_FOR, number: Numbers = str) -> str:
    works = works_by_year(person.works)
    lines = [f"• {work_line(w)}" for w in works[:count]]
    more = len(works) - count
    if more > 0:
        lines.append(ngettext("… and {n} more", "… and {n} more", more, n=number(more)))
    return "\n".join(lines)


def person_values(
    person: Person, today: date, number: Numbers = str, dates: Dates = None
) -> dict[str, str]:
    """Placeholder name → raw (unescaped) value."""
    return {
        "name": person.name,
        "native_name": person.native_name if person.native_name != person.name else "",
        "also_known_as": person.also_known_as,
        "born": display_date(person.born, dates),
        "age": age_text(person, today),
        "died": display_date(person.died, dates),
        "nationality": person.nationality,
        "birthplace": person.birthplace,
        "gender": person.gender,
        "professions": person.professions,
        "known_for": known_for(person, number=number),
        "works_count": number(len(person.works)) if person.works else "",
        "bio": short_bio(person.bio),
        "photo": safe_url(person.photo),
        "link": safe_url(person.link),
        "source": SOURCE_NAMES.get(person.source, ""),
        # ``render``'s fallback card names the card by its title.
        "title": person.name,
    }


def person_card(
    person: Person,
    today: date,
    template: str = DEFAULT_PERSON_TEMPLATE,
    missing: str = "",
    number: Numbers = str,
    dates: Dates = None,
) -> str:
    """The card in ``template``; the default one speaks the user's language (a user's own
    template is theirs, as written)."""
    if template == DEFAULT_PERSON_TEMPLATE:
        template = default_template()
    values = person_values(person, today, number, dates)
    return render(template, values, missing, isolated=right_to_left())


def row_summary(row: PeopleRow) -> str:
    parts = [row.mdl.detail if row.mdl else "", row.imdb.detail if row.imdb else ""]
    sources = [name for name, hit in (("MDL", row.mdl), ("IMDb", row.imdb)) if hit]
    return " · ".join(p for p in [*dict.fromkeys(p for p in parts if p), " + ".join(sources)] if p)


def page_note(page: Page[Any]) -> str:
    """ " · page 2/3" for a list of several pages, "" for one page."""
    if page.count <= 1:
        return ""
    return " · " + gettext(
        "page {number}/{count}", number=str(page.number + 1), count=str(page.count)
    )


def results_text(
    query: str, page: Page[PeopleRow], total: int, missing: list[str], number: Numbers = str
) -> str:
    head = ngettext(
        "👤 <b>People</b> · {n} person for “{query}”",
        "👤 <b>People</b> · {n} people for “{query}”",
        total,
        n=number(total),
        query=isolate(escape(query)),
    )
    lines = [head + page_note(page)]
    for index, row in enumerate(page.items, start=page.first_index + 1):
        name, summary = isolate(escape(row.name)), isolate(escape(row_summary(row)))
        lines.append(f"{index}. <b>{name}</b> — {summary}")
    for name in missing:
        notice = gettext(
            "⚠️ {source} is not answering; its people are missing.", source=escape(name)
        )
        lines.append(f"\n<i>{notice}</i>")
    lines.append("\n" + gettext("Pick a person:"))
    return "\n".join(lines)


def nobody_found(query: str, missing: list[str]) -> str:
    """Plain text (the error's message is escaped where it is shown)."""
    text = gettext(
        "Nobody found for “{query}”. Tip: check the spelling, or try the name in English.",
        query=isolate(query),
    )
    if missing:
        # Translators: {sources} is one source's name (MyDramaList or IMDb).
        text += " " + gettext("({sources} did not answer.)", sources=", ".join(missing))
    return text


def works_page(person: Person, page_number: int, number: Numbers = str) -> tuple[str, Page[Work]]:
    works = works_by_year(person.works)
    page = page_of(works, page_number, WORKS_PAGE_SIZE)
    # Translators: the head of a person's list of works; {n} is how many there are.
    head = gettext(
        "🎬 <b>Works of {name}</b> · {n}", name=isolate(escape(person.name)), n=number(len(works))
    )
    lines = [head + page_note(page)]
    for index, work in enumerate(page.items, start=page.first_index + 1):
        lines.append(f"{index}. {escape(work_line(work))}")
    if not works:
        lines.append(gettext("No works listed."))
    return "\n".join(lines), page
