"""``/season [year] [1-4]``: what the user typed, as a season and an order."""

from __future__ import annotations

import re

from domain.discover.calendar import SEASON_USAGE as USAGE
from domain.discover.calendar import Season
from domain.discover.service import BY_POPULARITY, BY_RATING
from domain.errors import InvalidInput
from domain.i18n import gettext

MAX_WORDS = 4
_QUARTER_RE = re.compile(r"^q?([1-4])$")
_NAMES = {"winter": 1, "spring": 2, "summer": 3, "autumn": 4, "fall": 4}
_ORDERS = {
    "rating": BY_RATING,
    "rated": BY_RATING,
    "top": BY_RATING,
    "popular": BY_POPULARITY,
    "popularity": BY_POPULARITY,
}


def parse_season_args(text: str, current: Season) -> tuple[Season, str]:
    """Year, quarter and order in any order; what is left out is the current season's."""
    words = text.casefold().split()
    if len(words) > MAX_WORDS:
        raise InvalidInput(gettext("That is more than a season."), hint=gettext(USAGE))
    year: int | None = None
    quarter: int | None = None
    order = BY_RATING
    for word in words:
        quarter_match = _QUARTER_RE.match(word)
        if word.isascii() and word.isdigit() and len(word) == 4 and year is None:
            year = int(word)
        elif quarter_match and quarter is None:
            quarter = int(quarter_match.group(1))
        elif word in _NAMES and quarter is None:
            quarter = _NAMES[word]
        elif word in _ORDERS:
            order = _ORDERS[word]
        else:
            shown = word[:20]
            # Translators: {word} is one word of what the user typed after /season.
            raise InvalidInput(
                gettext("I do not understand “{word}” here.", word=shown), hint=gettext(USAGE)
            )
    return Season(year or current.year, quarter or current.quarter), order
