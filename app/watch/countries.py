"""Country names in the user's language, for /region and 📺 Where to watch (Babel's CLDR data).

English keeps the bot's own names (domain/tmdb/regions.py); another language
takes CLDR's name of the territory, or the English name when CLDR has none.
One Locale per language, parsed once: parsing is what costs.
"""

from __future__ import annotations

import functools

from babel import Locale, UnknownLocaleError

from domain.i18n import current
from domain.tmdb.regions import COUNTRIES, country_name

# Where CLDR's full name is not what people say ("Hong Kong SAR China"): the short name,
# by language (English's name for the others).
_SHORT = {"HK": {"ar": "هونغ كونغ"}}


@functools.lru_cache(maxsize=16)
def _territories(language: str) -> dict[str, str]:
    """CLDR's names of territories in ``language`` (keyed by the language: no leak)."""
    try:
        locale = Locale.parse(language)
    except (UnknownLocaleError, ValueError):
        return {}
    names = dict(locale.territories)
    for code, by_language in _SHORT.items():
        names[code] = by_language.get(locale.language, country_name(code))
    return names


def local_country_name(code: str) -> str:
    """``code``'s name in the current language ("KR" → "Korea Selatan" in Indonesian)."""
    language = current().code
    if language == "en":
        return country_name(code)
    return _territories(language).get(code) or country_name(code)


@functools.lru_cache(maxsize=16)
def _codes(language: str) -> dict[str, str]:
    return {name.casefold(): code for code, name in _territories(language).items()}


def local_country_code(name: str) -> str:
    """The code of a country named in the current language ("Korea Selatan" → KR), or ""."""
    language = current().code
    if language == "en":
        return ""
    code = _codes(language).get(" ".join(name.split()).casefold(), "")
    return code if code in COUNTRIES else ""
