"""Finding a MyDramaList title on TMDB: nothing rather than a wrong match.

There is no shared id, so a candidate must agree on everything we know: a
title (native or English, compared loosely), the year (a season may start
late in the year MyDramaList gives, so one year either way), the country
(TMDB's origin countries, or for movies, whose search results carry none,
the original language), and the kind (movie or series, by the search used).
Without a year and a country we do not guess; two candidates that both fit
are no match either.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from domain.tmdb.models import MOVIE, TV, TmdbCandidate
from domain.tmdb.regions import country_code

# The languages a country's titles are made in, for candidates without countries.
LANGUAGES = {
    "KR": {"ko"},
    "JP": {"ja"},
    "CN": {"zh", "cn"},
    "TW": {"zh", "cn"},
    "HK": {"cn", "zh"},
    "TH": {"th"},
    "PH": {"tl", "fil"},
    "VN": {"vi"},
    "ID": {"id"},
    "MY": {"ms"},
    "SG": {"en", "zh", "ms"},
    "IN": {"hi", "ta", "te", "ml", "kn", "bn", "mr"},
}
_YEAR_RE = re.compile(r"\b(19\d\d|20\d\d)\b")
_TYPE_COUNTRY = {
    "korean": "KR",
    "japanese": "JP",
    "chinese": "CN",
    "taiwanese": "TW",
    "thai": "TH",
    "filipino": "PH",
    "hong kong": "HK",
}


@dataclass(frozen=True, slots=True)
class TitleFacts:
    """What we know of the title we look for."""

    titles: tuple[str, ...]
    year: int | None
    country: str  # ISO code, or ""
    kind: str  # MOVIE or TV

    @property
    def enough(self) -> bool:
        return bool(self.titles) and self.year is not None and bool(self.country)


def loose(text: str) -> str:
    """Case, accents, punctuation and spaces ignored: "Goblin: The Lonely" ~ "goblin the lonely"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if ch.isalnum())


def year_in(text: str) -> int | None:
    match = _YEAR_RE.search(text or "")
    return int(match.group(1)) if match else None


def strip_year(title: str) -> str:
    """MyDramaList's "Mouse (2021)" → "Mouse"."""
    return re.sub(r"\s*\((?:19|20)\d\d\)\s*$", "", title).strip()


def kind_of(type_text: str) -> str:
    return MOVIE if type_text.casefold().endswith("movie") else TV


def country_of_type(type_text: str) -> str:
    """MyDramaList's "Korean Drama" → KR."""
    lowered = type_text.casefold()
    for word, code in _TYPE_COUNTRY.items():
        if lowered.startswith(word):
            return code
    return ""


def facts(titles: list[str], year: str | int | None, country: str, type_text: str) -> TitleFacts:
    year_value = year if isinstance(year, int) else year_in(str(year or ""))
    unique = tuple(dict.fromkeys(t for t in (strip_year(t) for t in titles) if loose(t)))
    code = country_code(country) if country else ""
    return TitleFacts(unique, year_value, code or country_of_type(type_text), kind_of(type_text))


def known_as(titles: tuple[str, ...] | list[str], want: TitleFacts) -> bool:
    names = {loose(t) for t in want.titles}
    return any(loose(t) in names for t in titles if loose(t))


def fits(candidate: TmdbCandidate, want: TitleFacts) -> bool:
    return known_as([candidate.title, candidate.original_title], want) and fits_but_title(
        candidate, want
    )


def fits_but_title(candidate: TmdbCandidate, want: TitleFacts) -> bool:
    if want.year is None or candidate.year is None or abs(candidate.year - want.year) > 1:
        return False
    if candidate.countries:
        return want.country in candidate.countries
    return candidate.language in LANGUAGES.get(want.country, set())


def choose(candidates: list[TmdbCandidate], want: TitleFacts) -> TmdbCandidate | None:
    """The one candidate that fits, preferring the exact year; None when none or several."""
    if not want.enough:
        return None
    fitting = [c for c in candidates if c.ref.kind == want.kind and fits(c, want)]
    unique = list({c.ref: c for c in fitting}.values())
    if len(unique) > 1:
        unique = [c for c in unique if c.year == want.year]
    return unique[0] if len(unique) == 1 else None


def near(candidates: list[TmdbCandidate], want: TitleFacts) -> list[TmdbCandidate]:
    """Candidates of the right kind, year and country whose titles differ from ours."""
    if not want.enough:
        return []
    found = [c for c in candidates if c.ref.kind == want.kind and fits_but_title(c, want)]
    return list({c.ref: c for c in found}.values())


__all__ = ["MOVIE", "TV", "TitleFacts", "choose", "facts"]
