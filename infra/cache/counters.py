from __future__ import annotations

from collections import Counter


class HitCounter:
    """Per-namespace hits and misses, kept in process by every backend."""

    def __init__(self) -> None:
        self.hits: Counter[str] = Counter()
        self.misses: Counter[str] = Counter()

    def record(self, namespace: str, hit: bool) -> None:
        (self.hits if hit else self.misses)[namespace] += 1
