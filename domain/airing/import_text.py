"""What /import says. Pure; every value is escaped here."""

from __future__ import annotations

from typing import Any

from domain.airing.imports import MAX_CHECKS, Candidate, ImportPlan, ImportResult
from domain.paging import Page
from domain.text import escape

CHOOSE_PAGE_SIZE = 8
SHOWN_IN_PLAN = 20
NAMES_SHOWN = 10
LABEL_CHARS = 56


def reading(user: str) -> str:
    return f"📥 Reading the drama list of <b>{escape(user)}</b> on MyDramaList…"


def checking(user: str, count: int) -> str:
    return (
        f"📥 Checking {count} titles from the lists of <b>{escape(user)}</b> on MyDramaList "
        "(this can take a little while)…"
    )


def _notes(plan: ImportPlan) -> list[str]:
    notes = []
    if plan.already:
        notes.append(f"{plan.already} already on your watchlist")
    if plan.finished:
        notes.append(f"{plan.finished} not airing")
    if plan.failed:
        notes.append(f"{plan.failed} could not be checked (MyDramaList did not answer)")
    if plan.unchecked:
        notes.append(
            f"{plan.unchecked} not checked: the lists are long, I look at the first {MAX_CHECKS}"
        )
    return notes


def plan_text(plan: ImportPlan) -> str:
    head = f"📥 <b>Import from {escape(plan.user)}</b> (Currently Watching and Plan to Watch)"
    lines = [head, ""]
    if not plan.listed:
        lines.append("Both lists are empty: nothing to import.")
        return "\n".join(lines)
    count = len(plan.ongoing)
    if count:
        lines.append(f"{count} of {plan.listed} titles are airing or upcoming:")
        for n, c in enumerate(plan.ongoing[:SHOWN_IN_PLAN], start=1):
            lines.append(f"{n}. <b>{escape(c.title)}</b> · {escape(c.list)}")
        if count > SHOWN_IN_PLAN:
            lines.append(f"… and {count - SHOWN_IN_PLAN} more (see Choose).")
    else:
        lines.append(f"None of the {plan.listed} titles is airing or upcoming right now.")
    notes = _notes(plan)
    if notes:
        lines += ["", "Also: " + "; ".join(notes) + "."]
    if count:
        lines.append("")
        if plan.room == 0:
            lines.append(
                f"Your watchlist is full ({plan.limit} dramas): make room with /watchlist first."
            )
        elif plan.room < count:
            lines.append(
                f"You can watch {plan.room} more (at most {plan.limit}): Watch all takes "
                f"the first {plan.room}; Choose picks."
            )
        else:
            lines.append("Watch them all, choose some, or cancel.")
    if plan.stale:
        lines += ["", "<i>⚠️ MyDramaList is not answering; this list is a saved copy.</i>"]
    return "\n".join(lines)


def _names(titles: list[str]) -> str:
    shown = ", ".join(escape(t) for t in titles[:NAMES_SHOWN])
    return shown + (f" and {len(titles) - NAMES_SHOWN} more" if len(titles) > NAMES_SHOWN else "")


def result_text(user: str, result: ImportResult) -> str:
    lines = [f"📥 <b>Import from {escape(user)}</b>", ""]
    if result.added:
        lines.append(f"🔔 Now watching {len(result.added)}: {_names(result.added)}.")
    if result.already:
        lines.append(f"Already watched: {_names(result.already)}.")
    if result.refused:
        lines.append(
            f"Not added ({len(result.refused)}), your watchlist is full or they no longer "
            f"air: {_names(result.refused)}."
        )
    if result.failed:
        lines.append(
            f"Not added ({len(result.failed)}), MyDramaList did not answer: "
            f"{_names(result.failed)}. Try /import again later."
        )
    if not (result.added or result.already or result.refused or result.failed):
        lines.append("Nothing was added.")
    lines += ["", "See /watchlist."]
    return "\n".join(lines)


def choose_text(user: str, page: Page[Any], total: int) -> str:
    head = f"📥 <b>Import from {escape(user)}</b> · choose"
    if page.count > 1:
        head += f" · page {page.number + 1}/{page.count}"
    return (
        f"{head}\n\nTap a drama to watch it ({total} airing or upcoming). "
        "✅ marks the ones you watch."
    )


def choose_label(candidate: Candidate, watched: bool) -> str:
    return f"{'✅' if watched else '🔔'} {candidate.title}"[:LABEL_CHARS]


def cancelled(user: str) -> str:
    return f"📥 Import from {escape(user)} closed. Nothing more was added; see /watchlist."
