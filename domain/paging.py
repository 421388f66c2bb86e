"""Splitting a list into pages for Telegram messages."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    items: Sequence[T]
    number: int  # 0-based
    count: int
    first_index: int  # index of items[0] in the whole list

    @property
    def has_prev(self) -> bool:
        return self.number > 0

    @property
    def has_next(self) -> bool:
        return self.number + 1 < self.count


def page_of(items: Sequence[T], number: int, size: int) -> Page[T]:
    """Page ``number`` (clamped into range, so a stale button still lands somewhere)."""
    count = max(1, -(-len(items) // size))
    number = min(max(0, number), count - 1)
    start = number * size
    return Page(items[start : start + size], number, count, start)
