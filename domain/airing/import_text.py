"""What /import says. Pure; every value is escaped here, every sentence is in the catalog.

Counts are formatted by the ``Formats`` the app passes in (Babel), as in ``text.py``.
"""

from __future__ import annotations

from typing import Any

from domain.airing.imports import MAX_CHECKS, Candidate, ImportPlan, ImportResult
from domain.airing.text import PLAIN, Formats, isolated
from domain.i18n import N_, gettext, ngettext
from domain.paging import Page
from domain.text import escape

CHOOSE_PAGE_SIZE = 8
SHOWN_IN_PLAN = 20
NAMES_SHOWN = 10
LABEL_CHARS = 56
LIST_NAMES = {
    # Translators: the name of one of a MyDramaList user's lists (MyDramaList is in English).
    "Currently Watching": N_("Currently Watching"),
    # Translators: the name of one of a MyDramaList user's lists (MyDramaList is in English).
    "Plan to Watch": N_("Plan to Watch"),
}


def _user(user: str) -> str:
    return isolated(escape(user))


def _list_name(name: str) -> str:
    known = LIST_NAMES.get(name)
    return gettext(known) if known else escape(name)


def reading(user: str) -> str:
    return gettext("📥 Reading the drama list of <b>{user}</b> on MyDramaList…", user=_user(user))


def checking(user: str, count: int, fmt: Formats = PLAIN) -> str:
    return ngettext(
        "📥 Checking {n} title from the lists of <b>{user}</b> on MyDramaList "
        "(this can take a little while)…",
        "📥 Checking {n} titles from the lists of <b>{user}</b> on MyDramaList "
        "(this can take a little while)…",
        count,
        n=fmt.number(count),
        user=_user(user),
    )


def _notes(plan: ImportPlan, fmt: Formats) -> list[str]:
    notes = []
    if plan.already:
        notes.append(
            ngettext(
                "{n} already on your watchlist",
                "{n} already on your watchlist",
                plan.already,
                n=fmt.number(plan.already),
            )
        )
    if plan.finished:
        notes.append(
            ngettext("{n} not airing", "{n} not airing", plan.finished, n=fmt.number(plan.finished))
        )
    if plan.failed:
        notes.append(
            ngettext(
                "{n} could not be checked (MyDramaList did not answer)",
                "{n} could not be checked (MyDramaList did not answer)",
                plan.failed,
                n=fmt.number(plan.failed),
            )
        )
    if plan.unchecked:
        notes.append(
            ngettext(
                "{n} not checked: the lists are long, I look at the first {most}",
                "{n} not checked: the lists are long, I look at the first {most}",
                plan.unchecked,
                n=fmt.number(plan.unchecked),
                most=fmt.number(MAX_CHECKS),
            )
        )
    return notes


def _head(user: str) -> str:
    return gettext("📥 <b>Import from {user}</b>", user=_user(user))


def plan_text(plan: ImportPlan, fmt: Formats = PLAIN) -> str:
    head = gettext(
        "📥 <b>Import from {user}</b> ({watching} and {planned})",
        user=_user(plan.user),
        watching=gettext(LIST_NAMES["Currently Watching"]),
        planned=gettext(LIST_NAMES["Plan to Watch"]),
    )
    lines = [head, ""]
    if not plan.listed:
        lines.append(gettext("Both lists are empty: nothing to import."))
        return "\n".join(lines)
    count = len(plan.ongoing)
    if count:
        # Translators: {count} of {n} titles on the user's lists; the plural follows {n}.
        lines.append(
            ngettext(
                "{count} of {n} titles are airing or upcoming:",
                "{count} of {n} titles are airing or upcoming:",
                plan.listed,
                count=fmt.number(count),
                n=fmt.number(plan.listed),
            )
        )
        for n, c in enumerate(plan.ongoing[:SHOWN_IN_PLAN], start=1):
            title = isolated(escape(c.title))
            lines.append(f"{fmt.number(n)}. <b>{title}</b> · {_list_name(c.list)}")
        if count > SHOWN_IN_PLAN:
            more = count - SHOWN_IN_PLAN
            lines.append(
                ngettext(
                    "… and {n} more (see Choose).",
                    "… and {n} more (see Choose).",
                    more,
                    n=fmt.number(more),
                )
            )
    else:
        lines.append(
            ngettext(
                "None of the {n} titles is airing or upcoming right now.",
                "None of the {n} titles is airing or upcoming right now.",
                plan.listed,
                n=fmt.number(plan.listed),
            )
        )
    notes = _notes(plan, fmt)
    if notes:
        # Translators: what separates the notes after "Also:" (a semicolon and a space).
        separator = gettext("; ")
        lines += ["", gettext("Also: {notes}.", notes=separator.join(notes))]
    if count:
        lines.append("")
        if plan.room == 0:
            lines.append(
                ngettext(
                    "Your watchlist is full ({n} drama): make room with /watchlist first.",
                    "Your watchlist is full ({n} dramas): make room with /watchlist first.",
                    plan.limit,
                    n=fmt.number(plan.limit),
                )
            )
        elif plan.room < count:
            # Translators: "Watch all" and "Choose" are the buttons below the message.
            lines.append(
                ngettext(
                    "You can watch {n} more (at most {most}): Watch all takes "
                    "the first {n}; Choose picks.",
                    "You can watch {n} more (at most {most}): Watch all takes "
                    "the first {n}; Choose picks.",
                    plan.room,
                    n=fmt.number(plan.room),
                    most=fmt.number(plan.limit),
                )
            )
        else:
            lines.append(gettext("Watch them all, choose some, or cancel."))
    if plan.stale:
        lines += [
            "",
            gettext("<i>⚠️ MyDramaList is not answering; this list is a saved copy.</i>"),
        ]
    return "\n".join(lines)


def _names(titles: list[str], fmt: Formats) -> str:
    shown = gettext(", ").join(isolated(escape(t)) for t in titles[:NAMES_SHOWN])
    if len(titles) <= NAMES_SHOWN:
        return shown
    more = len(titles) - NAMES_SHOWN
    # Translators: {names} is a list of titles, {n} how many more were left out.
    return ngettext(
        "{names} and {n} more", "{names} and {n} more", more, names=shown, n=fmt.number(more)
    )


def result_text(user: str, result: ImportResult, fmt: Formats = PLAIN) -> str:
    lines = [_head(user), ""]
    if result.added:
        lines.append(
            ngettext(
                "🔔 Now watching {n}: {names}.",
                "🔔 Now watching {n}: {names}.",
                len(result.added),
                n=fmt.number(len(result.added)),
                names=_names(result.added, fmt),
            )
        )
    if result.already:
        lines.append(gettext("Already watched: {names}.", names=_names(result.already, fmt)))
    if result.refused:
        lines.append(
            ngettext(
                "Not added ({n}), your watchlist is full or they no longer air: {names}.",
                "Not added ({n}), your watchlist is full or they no longer air: {names}.",
                len(result.refused),
                n=fmt.number(len(result.refused)),
                names=_names(result.refused, fmt),
            )
        )
    if result.failed:
        lines.append(
            ngettext(
                "Not added ({n}), MyDramaList did not answer: {names}. Try /import again later.",
                "Not added ({n}), MyDramaList did not answer: {names}. Try /import again later.",
                len(result.failed),
                n=fmt.number(len(result.failed)),
                names=_names(result.failed, fmt),
            )
        )
    if not (result.added or result.already or result.refused or result.failed):
        lines.append(gettext("Nothing was added."))
    lines += ["", gettext("See /watchlist.")]
    return "\n".join(lines)


def choose_text(user: str, page: Page[Any], total: int, fmt: Formats = PLAIN) -> str:
    head = gettext("📥 <b>Import from {user}</b> · choose", user=_user(user))
    if page.count > 1:
        pages = gettext(
            "page {page}/{pages}", page=fmt.number(page.number + 1), pages=fmt.number(page.count)
        )
        head += f" · {pages}"
    tap = ngettext(
        "Tap a drama to watch it ({n} airing or upcoming). ✅ marks the ones you watch.",
        "Tap a drama to watch it ({n} airing or upcoming). ✅ marks the ones you watch.",
        total,
        n=fmt.number(total),
    )
    return f"{head}\n\n{tap}"


def choose_label(candidate: Candidate, watched: bool) -> str:
    return f"{'✅' if watched else '🔔'} {candidate.title}"[:LABEL_CHARS]


def cancelled(user: str) -> str:
    return gettext(
        "📥 Import from {user} closed. Nothing more was added; see /watchlist.", user=_user(user)
    )
