"""Which country's offers a user sees, and the nearest countries that have some.

The country comes from ``/region XX`` when the user set one, else from their
Telegram language when it names a country ("pt-BR" → BR), else the bot's
default. Distances are between rough country centres: good enough to say
"not in Portugal, but in Spain and France".
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable

from domain.errors import InvalidInput
from domain.i18n import N_, gettext

# ISO 3166-1 alpha-2 → (English name, latitude, longitude of a rough centre).
# The countries TMDB lists watch offers for (its /watch/providers/regions), and a few more.
# Every one must be here: a country missing is one /region refuses.
COUNTRIES: dict[str, tuple[str, float, float]] = {
    "AE": ("United Arab Emirates", 24.0, 54.0),
    "AR": ("Argentina", -34.0, -64.0),
    "AT": ("Austria", 47.5, 14.5),
    "AU": ("Australia", -25.0, 134.0),
    "BE": ("Belgium", 50.8, 4.5),
    "BG": ("Bulgaria", 42.7, 25.5),
    "BO": ("Bolivia", -17.0, -65.0),
    "BR": ("Brazil", -10.0, -52.0),
    "CA": ("Canada", 56.0, -106.0),
    "CH": ("Switzerland", 46.8, 8.2),
    "CL": ("Chile", -33.0, -71.0),
    "CN": ("China", 35.0, 103.0),
    "CO": ("Colombia", 4.0, -73.0),
    "CR": ("Costa Rica", 10.0, -84.0),
    "CZ": ("Czechia", 49.8, 15.5),
    "DE": ("Germany", 51.0, 10.0),
    "DK": ("Denmark", 56.0, 10.0),
    "EC": ("Ecuador", -1.5, -78.0),
    "EE": ("Estonia", 58.6, 25.0),
    "EG": ("Egypt", 26.0, 30.0),
    "ES": ("Spain", 40.0, -4.0),
    "FI": ("Finland", 64.0, 26.0),
    "FR": ("France", 46.5, 2.5),
    "GB": ("United Kingdom", 54.0, -2.0),
    "GR": ("Greece", 39.0, 22.0),
    "GT": ("Guatemala", 15.5, -90.3),
    "HK": ("Hong Kong", 22.3, 114.2),
    "HR": ("Croatia", 45.1, 15.2),
    "HU": ("Hungary", 47.2, 19.5),
    "ID": ("Indonesia", -2.5, 118.0),
    "IE": ("Ireland", 53.4, -8.0),
    "IL": ("Israel", 31.0, 35.0),
    "IN": ("India", 21.0, 78.0),
    "IS": ("Iceland", 65.0, -18.0),
    "IT": ("Italy", 42.8, 12.5),
    "JP": ("Japan", 36.0, 138.0),
    "KR": ("South Korea", 36.5, 127.8),
    "LT": ("Lithuania", 55.2, 23.9),
    "LV": ("Latvia", 56.9, 24.6),
    "MX": ("Mexico", 23.0, -102.0),
    "MY": ("Malaysia", 4.2, 102.0),
    "NG": ("Nigeria", 9.1, 8.7),
    "NL": ("Netherlands", 52.1, 5.3),
    "NO": ("Norway", 61.0, 8.0),
    "NZ": ("New Zealand", -41.0, 174.0),
    "PE": ("Peru", -9.2, -75.0),
    "PH": ("Philippines", 12.9, 121.8),
    "PK": ("Pakistan", 30.4, 69.3),
    "PL": ("Poland", 52.0, 19.0),
    "PT": ("Portugal", 39.5, -8.0),
    "PY": ("Paraguay", -23.4, -58.4),
    "RO": ("Romania", 45.9, 25.0),
    "RS": ("Serbia", 44.0, 21.0),
    "RU": ("Russia", 60.0, 90.0),
    "SA": ("Saudi Arabia", 24.0, 45.0),
    "SE": ("Sweden", 62.0, 15.0),
    "SG": ("Singapore", 1.35, 103.8),
    "SK": ("Slovakia", 48.7, 19.7),
    "TH": ("Thailand", 15.0, 101.0),
    "TR": ("Turkey", 39.0, 35.0),
    "TW": ("Taiwan", 23.7, 121.0),
    "UA": ("Ukraine", 49.0, 32.0),
    "US": ("United States", 39.8, -98.6),
    "UY": ("Uruguay", -33.0, -56.0),
    "VE": ("Venezuela", 7.0, -66.0),
    "VN": ("Vietnam", 16.0, 106.0),
    "ZA": ("South Africa", -29.0, 24.0),
    # The rest of TMDB's /watch/providers/regions (JustWatch's countries).
    "AD": ("Andorra", 42.5, 1.5),
    "AG": ("Antigua and Barbuda", 17.1, -61.8),
    "AL": ("Albania", 41.0, 20.0),
    "AO": ("Angola", -12.5, 18.5),
    "AZ": ("Azerbaijan", 40.5, 47.5),
    "BA": ("Bosnia and Herzegovina", 44.0, 18.0),
    "BB": ("Barbados", 13.2, -59.5),
    "BF": ("Burkina Faso", 12.3, -1.5),
    "BH": ("Bahrain", 26.0, 50.5),
    "BM": ("Bermuda", 32.3, -64.8),
    "BS": ("Bahamas", 24.3, -76.0),
    "BY": ("Belarus", 53.7, 28.0),
    "BZ": ("Belize", 17.2, -88.7),
    "CD": ("DR Congo", -2.9, 23.6),
    "CI": ("Côte d’Ivoire", 7.5, -5.5),
    "CM": ("Cameroon", 6.0, 12.5),
    "CU": ("Cuba", 21.5, -79.5),
    "CV": ("Cape Verde", 16.0, -24.0),
    "CY": ("Cyprus", 35.0, 33.2),
    "DO": ("Dominican Republic", 18.8, -70.2),
    "DZ": ("Algeria", 28.0, 2.6),
    "FJ": ("Fiji", -17.8, 178.0),
    "GF": ("French Guiana", 4.0, -53.0),
    "GG": ("Guernsey", 49.45, -2.6),
    "GH": ("Ghana", 7.9, -1.0),
    "GI": ("Gibraltar", 36.1, -5.35),
    "GP": ("Guadeloupe", 16.2, -61.6),
    "GQ": ("Equatorial Guinea", 1.6, 10.3),
    "GY": ("Guyana", 5.0, -59.0),
    "HN": ("Honduras", 15.0, -86.5),
    "IQ": ("Iraq", 33.0, 44.0),
    "JM": ("Jamaica", 18.1, -77.3),
    "JO": ("Jordan", 31.0, 36.5),
    "KE": ("Kenya", 0.0, 38.0),
    "KW": ("Kuwait", 29.3, 47.6),
    "LB": ("Lebanon", 33.9, 35.9),
    "LC": ("Saint Lucia", 13.9, -61.0),
    "LI": ("Liechtenstein", 47.15, 9.55),
    "LU": ("Luxembourg", 49.8, 6.1),
    "LY": ("Libya", 27.0, 17.0),
    "MA": ("Morocco", 32.0, -6.0),
    "MC": ("Monaco", 43.7, 7.4),
    "MD": ("Moldova", 47.0, 28.5),
    "ME": ("Montenegro", 42.7, 19.3),
    "MG": ("Madagascar", -19.0, 46.7),
    "MK": ("North Macedonia", 41.6, 21.7),
    "ML": ("Mali", 17.5, -4.0),
    "MT": ("Malta", 35.9, 14.4),
    "MU": ("Mauritius", -20.3, 57.6),
    "MW": ("Malawi", -13.3, 34.3),
    "MZ": ("Mozambique", -18.7, 35.5),
    "NE": ("Niger", 17.6, 8.1),
    "NI": ("Nicaragua", 12.9, -85.2),
    "OM": ("Oman", 21.0, 57.0),
    "PA": ("Panama", 8.5, -80.0),
    "PF": ("French Polynesia", -17.7, -149.4),
    "PG": ("Papua New Guinea", -6.3, 143.9),
    "PS": ("Palestine", 31.9, 35.2),
    "QA": ("Qatar", 25.3, 51.2),
    "SC": ("Seychelles", -4.7, 55.5),
    "SI": ("Slovenia", 46.1, 14.8),
    "SM": ("San Marino", 43.9, 12.45),
    "SN": ("Senegal", 14.5, -14.5),
    "SV": ("El Salvador", 13.8, -88.9),
    "TC": ("Turks and Caicos Islands", 21.7, -71.8),
    "TD": ("Chad", 15.5, 18.7),
    "TN": ("Tunisia", 34.0, 9.5),
    "TT": ("Trinidad and Tobago", 10.7, -61.2),
    "TZ": ("Tanzania", -6.4, 34.9),
    "UG": ("Uganda", 1.4, 32.3),
    "VA": ("Vatican City", 41.9, 12.45),
    "XK": ("Kosovo", 42.6, 20.9),
    "YE": ("Yemen", 15.5, 48.5),
    "ZM": ("Zambia", -13.1, 27.8),
    "ZW": ("Zimbabwe", -19.0, 29.8),
}
# MyDramaList names countries in words; TMDB by code.
_BY_NAME = {name.casefold(): code for code, (name, _, _) in COUNTRIES.items()}
_BY_NAME.update({"korea": "KR", "usa": "US", "uk": "GB", "czech republic": "CZ"})
_CODE_RE = re.compile(r"[A-Za-z]{2}")
# "pt-BR", "en_us", "zh-Hant-TW": the last part of two letters names a country.
_LANGUAGE_RE = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z]{4})?[-_]([A-Za-z]{2})$")
REGION_EXAMPLES = N_("/region KR, /region US, /region BR (two letters, ISO 3166).")


def region_hint() -> str:
    return gettext("For example: {examples}", examples=gettext(REGION_EXAMPLES))


def country_name(code: str) -> str:
    entry = COUNTRIES.get(code)
    return entry[0] if entry else code


def country_code(name: str) -> str:
    """The code of a country named in words (MyDramaList's "South Korea"), or ""."""
    text = name.strip()
    if _CODE_RE.fullmatch(text) and text.upper() in COUNTRIES:
        return text.upper()
    return _BY_NAME.get(text.casefold(), "")


def parse_region(text: str) -> str:
    """A user's ``/region`` argument as a code; ``InvalidInput`` with an example otherwise."""
    cleaned = text.strip()
    code = cleaned.upper() if _CODE_RE.fullmatch(cleaned) else country_code(cleaned[:60])
    if code not in COUNTRIES:
        raise InvalidInput(gettext("That is not a country I know offers for."), hint=region_hint())
    return code


def region_from_language(language_code: str | None) -> str | None:
    match = _LANGUAGE_RE.match((language_code or "").strip())
    if match is None:
        return None
    code = match.group(1).upper()
    return code if code in COUNTRIES else None


def resolve_region(stored: str | None, language_code: str | None, default: str) -> str:
    return stored or region_from_language(language_code) or default


def _distance(a: str, b: str) -> float:
    _, lat1, lon1 = COUNTRIES[a]
    _, lat2, lon2 = COUNTRIES[b]
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dl = math.radians(lon2 - lon1)
    cos = math.sin(p1) * math.sin(p2) + math.cos(p1) * math.cos(p2) * math.cos(dl)
    return math.acos(max(-1.0, min(1.0, cos)))


def nearest(region: str, available: Iterable[str], limit: int = 3) -> list[str]:
    """Up to ``limit`` of ``available`` closest to ``region``; unknown codes come last."""
    codes = sorted({c for c in available if c != region})
    known = [c for c in codes if c in COUNTRIES]
    unknown = [c for c in codes if c not in COUNTRIES]
    if region in COUNTRIES:
        known.sort(key=lambda c: _distance(region, c))
    return (known + unknown)[:limit]
