"""Value objects shared by every layer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class UserProfile:
    """What one Telegram update tells us about its sender."""

    id: int
    first_name: str = ""
    last_name: str = ""
    username: str = ""
    language_code: str = ""

    @property
    def display_name(self) -> str:
        full = f"{self.first_name} {self.last_name}".strip()
        return full or (f"@{self.username}" if self.username else str(self.id))


@dataclass(frozen=True, slots=True)
class User:
    """A stored user: the profile plus what the bot has observed over time."""

    profile: UserProfile
    first_seen: datetime
    last_seen: datetime
    blocked: bool = False

    @property
    def id(self) -> int:
        return self.profile.id


@dataclass(frozen=True, slots=True)
class NamespaceStats:
    namespace: str
    hits: int
    misses: int
    keys: int
    memory_bytes: int

    @property
    def hit_ratio(self) -> float:
        total = self.hits + self.misses
        return self.hits / total if total else 0.0
