"""One list from two sources: MyDramaList and IMDb hits merged, the same title shown once.

Pure: what each source answered goes in, the rows a combined results message
shows come out. Two hits are the same title when their normalised titles
(``normalise_title``) and their years match; a hit without a year is never
merged, since "Untitled" with no year on both sides says nothing.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from domain.titles import DramaHit, MovieHit

MAX_PER_SOURCE = 10  # the best hits of each source; the per-source commands list them all
_NOT_WORD = re.compile(r"[\W_]+")


def normalise_title(title: str) -> str:
    """Case-folded, width-folded, punctuation and whitespace collapsed to single spaces.

    ``"Parasite"``, ``"PARASITE!"`` and ``"Parasite "`` are one title;
    ``"Spider-Man: No Way Home"`` becomes ``"spider man no way home"``.
    """
    folded = unicodedata.normalize("NFKC", title).casefold()
    return " ".join(_NOT_WORD.sub(" ", folded).split())


class Status(StrEnum):
    ANSWERED = "answered"  # results (possibly none) arrived within the budget
    DOWN = "down"  # the source failed (UpstreamUnavailable)
    LATE = "late"  # still running when the answer went out


@dataclass(frozen=True, slots=True)
class SourceState:
    """What the results message says about one source."""

    status: Status = Status.ANSWERED
    stale: bool = False  # the hits are a saved copy: the source failed just now
    count: int = 0  # hits of this source shown in the list


@dataclass(frozen=True, slots=True)
class CombinedRow:
    """One line of the list: a MyDramaList hit, an IMDb hit, or both for the same title."""

    drama: DramaHit | None = None
    movie: MovieHit | None = None

    @property
    def title(self) -> str:
        hit = self.drama or self.movie
        return hit.title if hit is not None else ""

    @property
    def year(self) -> int | None:
        hit = self.drama or self.movie
        return hit.year if hit is not None else None


@dataclass(frozen=True, slots=True)
class Combined:
    """A whole combined answer, as saved for paging."""

    rows: list[CombinedRow] = field(default_factory=list)
    mdl: SourceState = field(default_factory=SourceState)
    imdb: SourceState = field(default_factory=SourceState)


def same_title_key(title: str, year: int | None) -> tuple[str, int] | None:
    """The identity two hits must share to be one row; ``None`` when they cannot match."""
    name = normalise_title(title)
    return (name, year) if name and year is not None else None


def merge(
    dramas: Sequence[DramaHit], movies: Sequence[MovieHit], per_source: int = MAX_PER_SOURCE
) -> list[CombinedRow]:
    """The best ``per_source`` hits of each source, interleaved by rank, duplicates joined.

    Rows alternate MyDramaList, IMDb, MyDramaList, ... so the first page shows
    the best of both. A drama and a movie with the same title and year become
    one row at the drama's place; each hit is used once.
    """
    dramas, movies = list(dramas[:per_source]), list(movies[:per_source])
    unpaired: dict[tuple[str, int], list[int]] = {}
    for index, movie in enumerate(movies):
        key = same_title_key(movie.title, movie.year)
        if key is not None:
            unpaired.setdefault(key, []).append(index)
    partner: dict[int, int] = {}  # drama index -> movie index
    for index, drama in enumerate(dramas):
        key = same_title_key(drama.title, drama.year)
        if key is not None and unpaired.get(key):
            partner[index] = unpaired[key].pop(0)
    paired = set(partner.values())
    rows: list[CombinedRow] = []
    for rank in range(max(len(dramas), len(movies))):
        if rank < len(dramas):
            match = partner.get(rank)
            rows.append(CombinedRow(dramas[rank], movies[match] if match is not None else None))
        if rank < len(movies) and rank not in paired:
            rows.append(CombinedRow(movie=movies[rank]))
    return rows


def combine(
    dramas: Sequence[DramaHit],
    movies: Sequence[MovieHit],
    mdl: SourceState,
    imdb: SourceState,
    per_source: int = MAX_PER_SOURCE,
) -> Combined:
    """The merged rows, with each source's state counting the hits it contributed."""
    rows = merge(dramas, movies, per_source)
    return Combined(
        rows,
        SourceState(mdl.status, mdl.stale, sum(1 for r in rows if r.drama is not None)),
        SourceState(imdb.status, imdb.stale, sum(1 for r in rows if r.movie is not None)),
    )
