"""The text of a results message, shared by every source."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

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
) -> str:
    noun = "result" if total == 1 else "results"
    head = f"🔎 <b>{escape(source)}</b> · {total} {noun} for “{escape(query)}”"
    if page.count > 1:
        head += f" · page {page.number + 1}/{page.count}"
    lines = [head]
    for number, item in enumerate(page.items, start=page.first_index + 1):
        about = summary(item)
        lines.append(
            f"{number}. <b>{escape(title(item))}</b>" + (f" — {escape(about)}" if about else "")
        )
    lines.append("\nPick a title:")
    return "\n".join(lines)
