"""``TitleMatcher`` with rapidfuzz.

``QRatio`` (the whole query against the whole title, after rapidfuzz's default
folding) suits misspelt titles: "gobline" is 92 from "Goblin", "the glorry" 95
from "The Glory". The weighted ratios that also score partial matches would
rank a two-letter title ("Go") above the one meant, so they are not used.
"""

from __future__ import annotations

from collections.abc import Sequence

from rapidfuzz import fuzz, process, utils

CUTOFF = 75.0


class RapidfuzzMatcher:
    def __init__(self, cutoff: float = CUTOFF) -> None:
        self._cutoff = cutoff

    def closest(self, query: str, titles: Sequence[str], limit: int) -> list[int]:
        found = process.extract(
            query,
            titles,
            scorer=fuzz.QRatio,
            processor=utils.default_process,
            limit=limit,
            score_cutoff=self._cutoff,
        )
        return [index for _, _, index in found]
