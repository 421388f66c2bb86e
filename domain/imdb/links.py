"""IMDb links, ids, search-year and poster-size rules, pure and shared by every entry point.

The bot accepts whatever users paste: desktop, mobile or localised links, links
to a title's sub-pages, or a bare ``tt`` id. Anything else is refused here, with
an example, before any upstream is called.
"""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import urlsplit, urlunsplit

from domain.errors import InvalidInput
from domain.i18n import N_, gettext

_HOSTS = frozenset({"imdb.com", "www.imdb.com", "m.imdb.com"})
_BARE_ID = re.compile(r"tt(\d{7,10})", re.IGNORECASE)
# Optional locale prefix ("it", "fr-ca", "es-es"), then /title/ttNNN and any sub-page.
_TITLE_PATH = re.compile(r"/(?:[a-z]{2}(?:-[a-z]{2})?/)?title/tt(\d{7,10})(?:/.*)?", re.IGNORECASE)
_SCHEMES = ("http://", "https://")
# Punctuation that wraps links in chat text: "(see https://...)", "<tt0133093>,".
_WRAPPERS = "()[]{}<>\"'«»“”‘’.,;:!?"

_BAD_LINK = N_("That is not an IMDb title link or id.")
_LINK_HINT = N_("Example: https://www.imdb.com/title/tt0133093/ or tt0133093")

FIRST_FILM_YEAR = 1870
_PAREN_YEAR = re.compile(r"(?P<rest>.*?)[\s\-,:]*\(\s*(?P<year>\d{4})\s*\)")
_BARE_YEAR = re.compile(r"(?P<rest>.*\S)\s+(?P<year>\d{4})")
_AMAZON_IMAGE_HOST = re.compile(r"(?:^|\.)media-amazon\.com$")
_V1_SUFFIX = re.compile(r"\._V1_[^/]*?\.(?P<ext>jpe?g|png|webp)$", re.IGNORECASE)


def _normalise_digits(digits: str) -> str | None:
    number = int(digits)
    # IMDb pads to seven digits; "tt00133093" and "tt0133093" are the same title.
    return f"tt{number:07d}" if number else None


def parse_imdb_link(text: str) -> str:
    """Return the normalised title id ("tt0133093") of an IMDb title link or bare id.

    Accepted: ``imdb.com``, ``www.imdb.com`` and ``m.imdb.com`` over http or
    https (the scheme may be left out), with or without a locale prefix
    (``/it/title/...``), any sub-page after the id (``/reviews``), query string
    or fragment; and bare ids ``tt`` + 7 to 10 digits. Raises ``InvalidInput``
    for anything else, including look-alike hosts and ``/name/nm...`` links.
    """
    found = _title_id(text)
    if found is None:
        raise InvalidInput(gettext(_BAD_LINK), hint=gettext(_LINK_HINT))
    return found


def _title_id(text: str) -> str | None:
    """``parse_imdb_link``'s answer, or None where it refuses (free text tries many words)."""
    candidate = text.strip()
    bare = _BARE_ID.fullmatch(candidate)
    if bare:
        return _normalise_digits(bare.group(1))
    if not candidate.lower().startswith(_SCHEMES):
        candidate = "https://" + candidate
    try:
        parts = urlsplit(candidate)
        host = (parts.hostname or "").rstrip(".")
        _ = parts.port  # raises ValueError on a malformed port
    except ValueError:
        return None
    path = _TITLE_PATH.fullmatch(parts.path)
    if host in _HOSTS and parts.username is None and path:
        return _normalise_digits(path.group(1))
    return None


def _candidates(token: str) -> list[str]:
    stripped = token.strip(_WRAPPERS)
    found = [stripped] if stripped else []
    # A link glued to a word ("link:https://...") still counts.
    lowered = stripped.lower()
    for scheme in _SCHEMES:
        start = lowered.find(scheme, 1)
        if start > 0:
            found.append(stripped[start:])
    return found


def find_imdb_link(text: str) -> str | None:
    """The id of the first IMDb title link or bare ``tt`` id in free text, else ``None``."""
    for token in text.split():
        for candidate in _candidates(token):
            found = _title_id(candidate)
            if found is not None:
                return found
    return None


def imdb_url(imdb_id: str) -> str:
    """The canonical title page of an id as ``parse_imdb_link`` returns it."""
    return f"https://www.imdb.com/title/{imdb_id}/"


def split_year(query: str, *, max_year: int | None = None) -> tuple[str, int | None]:
    """Split a trailing release year off a search query.

    Rule: a year is 4 digits in ``1870 .. max_year`` (default: this year + 5),
    taken from the end of the query when

    - it is in parentheses: ``"The Matrix (1999)"`` → ``("The Matrix", 1999)``, or
    - it is a bare last word after at least one other word:
      ``"matrix 1999"`` → ``("matrix", 1999)``.

    A query that is only a year is a title: ``"1917"`` → ``("1917", None)``,
    and so is a number beyond ``max_year``: ``"blade runner 2049"`` stays whole
    (until 2044). Titles ending in a plausible year are ambiguous:
    ``"wonder woman 1984"`` becomes ``("wonder woman", 1984)``, so callers that
    find nothing with the year should retry with the whole query. Separators
    before the year (``-``, ``,``, ``:``) are dropped; the rest is only stripped.
    """
    text = query.strip()
    latest = max_year if max_year is not None else date.today().year + 5
    for pattern in (_PAREN_YEAR, _BARE_YEAR):
        match = pattern.fullmatch(text)
        if not match:
            continue
        rest = match.group("rest").strip().rstrip("-,:").strip()
        year = int(match.group("year"))
        if rest and FIRST_FILM_YEAR <= year <= latest:
            return rest, year
    return text, None


def resize_imdb_image(url: str, width: int = 600) -> str:
    """Ask IMDb's image server for a ``width``-pixel-wide poster.

    IMDb poster URLs end in ``._V1_<operations>.jpg``; replacing the operations
    with ``UX<width>`` scales the image, so Telegram neither fetches a
    multi-megabyte original nor shows a thumbnail. Other URLs are returned
    unchanged.
    """
    if width <= 0:
        raise ValueError("width must be positive")
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
    except ValueError:
        return url
    if parts.scheme not in ("http", "https") or not _AMAZON_IMAGE_HOST.search(host):
        return url
    match = _V1_SUFFIX.search(parts.path)
    if not match:
        return url
    path = f"{parts.path[: match.start()]}._V1_UX{width}_.{match.group('ext')}"
    return urlunsplit(parts._replace(path=path))
