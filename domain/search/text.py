"""What a combined (MyDramaList + IMDb) results message and its buttons say.

Every line is labelled by source: 🎎 MyDramaList, 🎬 IMDb; a title found on
both carries both labels and gets both buttons. Values from upstream are
escaped here; the message fits Telegram's text limit. Words are in the
language of the update (``domain.i18n``); numbers go through the ``number``
formatter the app passes in (Babel lives outside the domain).
"""

from __future__ import annotations

from collections.abc import Callable

from domain.i18n import N_, gettext, ngettext
from domain.imdb.cards import kind_label
from domain.paging import Page, page_of
from domain.search.merge import Combined, CombinedRow, SourceState, Status
from domain.text import TEXT_LIMIT, escape, fit_html

PAGE_SIZE = 6
MDL, IMDB = "MyDramaList", "IMDb"
MDL_BADGE, IMDB_BADGE = "🎎", "🎬"
MDL_SIDE, IMDB_SIDE = 0, 1  # which card a button of a row opens
LABEL_CHARS = 60
TIP = N_(
    "Tip: check the spelling, try the English or native title, "
    "or add the year (e.g. parasite 2019)."
)
Number = Callable[[int], str]


def _labelled(badge: str, kind: str, rating: float | None) -> str:
    rated = f"⭐ {rating:.1f}" if rating else ""
    return " ".join(part for part in (badge, kind, rated) if part)


def row_line(number: int, row: CombinedRow) -> str:
    """``1. <b>Parasite</b> — 2019 · 🎎 Korean Movie ⭐ 8.9 · 🎬 Movie ⭐ 8.5``"""
    parts = [str(row.year)] if row.year else []
    if row.drama is not None:
        parts.append(_labelled(MDL_BADGE, row.drama.type, row.drama.rating))
    if row.movie is not None:
        parts.append(_labelled(IMDB_BADGE, kind_label(row.movie.kind), row.movie.rating))
    return f"{number}. <b>{escape(row.title)}</b> — " + escape(" · ".join(parts))


def _count(name: str, badge: str, state: SourceState, number: Number) -> str:
    return f"{badge} {name}: {number(state.count)}" if state.status is Status.ANSWERED else ""


def notes(combined: Combined) -> list[str]:
    """One short line per source that is down, late or served from a saved copy."""
    lines = []
    for name, other, state in ((MDL, IMDB, combined.mdl), (IMDB, MDL, combined.imdb)):
        if state.status is Status.DOWN:
            lines.append(gettext("⚠️ {source} is not answering right now.", source=name))
        elif state.status is Status.LATE:
            # Translators: {source} did not answer in time; the list shows {other}'s hits.
            lines.append(
                gettext(
                    "⏳ {source} took too long; showing {other} only.", source=name, other=other
                )
            )
        elif state.stale:
            lines.append(
                gettext("⚠️ {source} is not answering; its results are a saved copy.", source=name)
            )
    return lines


def results_text(
    query: str, combined: Combined, page: Page[CombinedRow], number: Number = str
) -> str:
    total = len(combined.rows)
    head = ngettext(
        "🔎 <b>MyDramaList + IMDb</b> · {n} result for “{query}”",
        "🔎 <b>MyDramaList + IMDb</b> · {n} results for “{query}”",
        total,
        n=number(total),
        query=escape(query),
    )
    if page.count > 1:
        # Translators: the page shown of a results list: "page 2/3".
        shown = gettext(
            "page {number}/{count}", number=number(page.number + 1), count=number(page.count)
        )
        head += f" · {shown}"
    counts = [
        _count(MDL, MDL_BADGE, combined.mdl, number),
        _count(IMDB, IMDB_BADGE, combined.imdb, number),
    ]
    lines = [head, " · ".join(c for c in counts if c), ""]
    lines += [row_line(n, row) for n, row in enumerate(page.items, start=page.first_index + 1)]
    lines += [f"<i>{escape(note)}</i>" for note in notes(combined)]
    lines.append("\n" + gettext("Pick a title:"))
    return fit_html("\n".join(lines), TEXT_LIMIT)


def results_page(
    query: str, combined: Combined, page_number: int, number: Number = str
) -> tuple[str, Page[CombinedRow]]:
    page = page_of(combined.rows, page_number, PAGE_SIZE)
    return results_text(query, combined, page, number), page


def _hit_label(title: str, year: int | None) -> str:
    return f"{title} ({year})" if year else title


def button_labels(number: int, row: CombinedRow) -> list[tuple[str, int]]:
    """(label, side) of the buttons of one row: one per source that found the title."""
    if row.drama is not None and row.movie is not None:
        return [
            (f"{number}. {MDL_BADGE} MDL", MDL_SIDE),
            (f"{number}. {IMDB_BADGE} IMDb", IMDB_SIDE),
        ]
    badge, side = (MDL_BADGE, MDL_SIDE) if row.drama is not None else (IMDB_BADGE, IMDB_SIDE)
    label = f"{number}. {badge} {_hit_label(row.title, row.year)}"
    return [(label[:LABEL_CHARS], side)]


def nothing_found(query: str, combined: Combined) -> str:
    """Plain text for an answer without a single hit (the error boundary escapes it)."""
    answered = [
        name
        for name, state in ((MDL, combined.mdl), (IMDB, combined.imdb))
        if state.status is Status.ANSWERED
    ]
    if len(answered) == 2:
        found = gettext("Nothing found on MyDramaList or IMDb for “{query}”.", query=query)
        return f"{found} {gettext(TIP)}"
    if not answered:  # not reached: a search waits until one source has answered
        return gettext(
            "No answer from MyDramaList or IMDb for “{query}”. Please try again in a minute.",
            query=query,
        )
    missing = IMDB if answered == [MDL] else MDL
    state = combined.imdb if missing == IMDB else combined.mdl
    if state.status is Status.LATE:
        # Translators: {source} answered with nothing; {missing} did not answer in time.
        return gettext(
            "Nothing found on {source} for “{query}”, and {missing} took too long. "
            "Please try again in a minute.",
            source=answered[0],
            query=query,
            missing=missing,
        )
    return gettext(
        "Nothing found on {source} for “{query}”, and {missing} is not answering right now. "
        "Please try again in a minute.",
        source=answered[0],
        query=query,
        missing=missing,
    )
