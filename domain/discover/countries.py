"""``/today korea``: a user's country word matched against the calendar's country names.

MyDramaList names countries in full ("South Korea", "Japan", "Hong Kong"); users
type "korea", "kr" or "korean". The word is matched against the names the
calendar actually holds, so a country MyDramaList adds works without a change.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from domain.errors import InvalidInput
from domain.i18n import N_, gettext

MAX_FILTER_CHARS = 40
_WORD_RE = re.compile(r"^[^\W\d_]+(?:[ '-][^\W\d_]+)*$")
# Common ways to say a country: the fragment to look for in MyDramaList's names.
ALIASES = {
    "kr": "korea",
    "korean": "korea",
    "kdrama": "korea",
    "k-drama": "korea",
    "jp": "japan",
    "japanese": "japan",
    "jdrama": "japan",
    "j-drama": "japan",
    "cn": "china",
    "chinese": "china",
    "cdrama": "china",
    "c-drama": "china",
    "tw": "taiwan",
    "taiwanese": "taiwan",
    "th": "thailand",
    "thai": "thailand",
    "hk": "hong kong",
    "ph": "philippines",
    "filipino": "philippines",
}
FLAGS = {
    "south korea": "🇰🇷",
    "japan": "🇯🇵",
    "china": "🇨🇳",
    "taiwan": "🇹🇼",
    "thailand": "🇹🇭",
    "hong kong": "🇭🇰",
    "philippines": "🇵🇭",
}
USAGE = N_("For example: /today korea, /today japan, /today china")


def country_word(text: str) -> str:
    """The user's filter, folded; refused when it cannot name a country."""
    word = " ".join(text.split()).casefold()
    if len(word) > MAX_FILTER_CHARS or not _WORD_RE.match(word):
        shown = word[:MAX_FILTER_CHARS] or gettext("(nothing)")
        # Translators: {word} is what the user typed after /today.
        raise InvalidInput(
            gettext("“{word}” is not a country name.", word=shown), hint=gettext(USAGE)
        )
    return ALIASES.get(word, word)


def matches(word: str, country: str) -> bool:
    """Whether ``country`` (a MyDramaList name) is what ``word`` asks for."""
    name = country.casefold()
    return bool(word) and (name == word or f" {word} " in f" {name} ")


def matching(word: str, countries: Iterable[str]) -> set[str]:
    return {c for c in countries if matches(word, c)}


def flag(country: str) -> str:
    return FLAGS.get(country.casefold(), "🌏")
