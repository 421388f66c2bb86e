"""What a combined (MyDramaList + IMDb) results message and its buttons say.

Every line is labelled by source: 🎎 MyDramaList, 🎬 IMDb; a title found on
both carries both labels and gets both buttons. Values from upstream are
escaped here; the message fits Telegram's text limit.
"""

from __future__ import annotations

from domain.imdb.cards import kind_label
from domain.paging import Page, page_of
from domain.search.merge import Combined, CombinedRow, SourceState, Status
from domain.text import TEXT_LIMIT, escape, fit_html

PAGE_SIZE = 6
MDL, IMDB = "MyDramaList", "IMDb"
MDL_BADGE, IMDB_BADGE = "🎎", "🎬"
MDL_SIDE, IMDB_SIDE = 0, 1  # which card a button of a row opens
LABEL_CHARS = 60
TIP = (
    "Tip: check the spelling, try the English or native title, "
    "or add the year (e.g. parasite 2019)."
)


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


def _count(name: str, badge: str, state: SourceState) -> str:
    return f"{badge} {name}: {state.count}" if state.status is Status.ANSWERED else ""


def notes(combined: Combined) -> list[str]:
    """One short line per source that is down, late or served from a saved copy."""
    lines = []
    for name, other, state in ((MDL, IMDB, combined.mdl), (IMDB, MDL, combined.imdb)):
        if state.status is Status.DOWN:
            lines.append(f"⚠️ {name} is not answering right now.")
        elif state.status is Status.LATE:
            lines.append(f"⏳ {name} took too long; showing {other} only.")
        elif state.stale:
            lines.append(f"⚠️ {name} is not answering; its results are a saved copy.")
    return lines


def results_text(query: str, combined: Combined, page: Page[CombinedRow]) -> str:
    total = len(combined.rows)
    noun = "result" if total == 1 else "results"
    head = f"🔎 <b>{MDL} + {IMDB}</b> · {total} {noun} for “{escape(query)}”"
    if page.count > 1:
        head += f" · page {page.number + 1}/{page.count}"
    counts = [
        _count(MDL, MDL_BADGE, combined.mdl),
        _count(IMDB, IMDB_BADGE, combined.imdb),
    ]
    lines = [head, " · ".join(c for c in counts if c), ""]
    lines += [row_line(n, row) for n, row in enumerate(page.items, start=page.first_index + 1)]
    lines += [f"<i>{escape(note)}</i>" for note in notes(combined)]
    lines.append("\nPick a title:")
    return fit_html("\n".join(lines), TEXT_LIMIT)


def results_page(query: str, combined: Combined, page_number: int) -> tuple[str, Page[CombinedRow]]:
    page = page_of(combined.rows, page_number, PAGE_SIZE)
    return results_text(query, combined, page), page


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
        return f"Nothing found on {MDL} or {IMDB} for “{query}”. {TIP}"
    if not answered:  # not reached: a search waits until one source has answered
        return f"No answer from {MDL} or {IMDB} for “{query}”. Please try again in a minute."
    missing = IMDB if answered == [MDL] else MDL
    state = combined.imdb if missing == IMDB else combined.mdl
    why = "took too long" if state.status is Status.LATE else "is not answering right now"
    return (
        f"Nothing found on {answered[0]} for “{query}”, and {missing} {why}. "
        "Please try again in a minute."
    )
