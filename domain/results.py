"""The text of a results message, shared by every source."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from domain.i18n import gettext, ngettext
from domain.paging import Page
from domain.text import escape

T = TypeVar("T")


def results_text(
    source: str,
    query: str,
    page: Page[T],
    total: int,
    title: Callable[[T], str],
    summary: Callable[[T], str],
    *,
    number: Callable[[int], str] = str,
) -> str:
    """``number`` writes a count in the reader's language (the app passes Babel's
    ``format_number``; the domain may not import it)."""
    # Translators: {source} is MyDramaList or IMDb; {query} is what the user searched for.
    # Right-to-left languages: start with U+200F (the line opens with a Latin name) and
    # put {query} between U+2068 and U+2069, so a Latin query keeps its own order.
    head = ngettext(
        "🔎 <b>{source}</b> · {n} result for “{query}”",
        "🔎 <b>{source}</b> · {n} results for “{query}”",
        total,
        n=number(total),
        source=escape(source),
        query=escape(query),
    )
    if page.count > 1:
        # Translators: which page of the results this is, e.g. "page 2/5".
        head += gettext(
            " · page {page}/{pages}",
            page=number(page.number + 1),
            pages=number(page.count),
        )
    lines = [head]
    # Positions stay in digits as written: the buttons under the list carry the same.
    for position, item in enumerate(page.items, start=page.first_index + 1):
        about = summary(item)
        lines.append(
            f"{position}. <b>{escape(title(item))}</b>" + (f" — {escape(about)}" if about else "")
        )
    lines.append("\n" + gettext("Pick a title:"))
    return "\n".join(lines)
