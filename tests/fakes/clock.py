"""A wall clock (the domain's ``Clock`` port) that moves only when told to."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


class SettableClock:
    def __init__(self, start: datetime | None = None) -> None:
        self.at = start or datetime(2026, 11, 24, 12, 0, tzinfo=UTC)

    def now(self) -> datetime:
        return self.at

    def advance(self, seconds: float) -> None:
        self.at += timedelta(seconds=seconds)
