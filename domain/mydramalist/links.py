"""MyDramaList title links: what users paste, reduced to the slug kuryana wants.

Pure and strict about the host, lenient about everything around it, because
users paste links from phones (``m.``), share sheets (``<...>``, tracking query
strings) and sub-pages (``/cast``, ``/episode/3``).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from domain.errors import InvalidInput
from domain.i18n import N_, gettext

MDL_BASE = "https://mydramalist.com"
_HOSTS = frozenset({"mydramalist.com", "www.mydramalist.com", "m.mydramalist.com"})

# A title page is "/<numeric id>[-<words>]"; people, lists and search pages never
# start with digits, which is what keeps them out.
_SLUG = r"[0-9]+(?:-[A-Za-z0-9-]*)?"
_SLUG_RE = re.compile(rf"{_SLUG}")
# Free text: the host must not be glued to a longer name or path on the left
# ("notmydramalist.com", "evil.org/mydramalist.com") and must be followed by
# "/" (not ".evil.org").
_IN_TEXT_RE = re.compile(
    rf"(?<![\w.@/-])(?:https?://)?(?:(?:www|m)\.)?mydramalist\.com/({_SLUG})(?![A-Za-z0-9_])",
    re.IGNORECASE,
)
_WRAPPERS = " \t\r\n<>\"'()[]"

NOT_A_LINK = N_("That is not a MyDramaList title link.")
LINK_HINT = N_("Example: https://mydramalist.com/18452-goblin")


def _invalid() -> InvalidInput:
    return InvalidInput(gettext(NOT_A_LINK), hint=gettext(LINK_HINT))


def is_slug(text: str) -> bool:
    return _SLUG_RE.fullmatch(text) is not None


def parse_mdl_link(text: str) -> str:
    """The slug (e.g. ``18452-goblin``) of a pasted title link or bare slug.

    Raises ``InvalidInput`` for anything else, including other hosts and
    non-title pages such as ``/people/123`` or ``/search?q=``.
    """
    candidate = text.strip(_WRAPPERS) if isinstance(text, str) else ""
    if not candidate or len(candidate) > 2048:
        raise _invalid()
    if is_slug(candidate):
        return candidate
    if "://" not in candidate:
        candidate = "https://" + candidate.removeprefix("//")
    try:
        parts = urlsplit(candidate)
        host = (parts.hostname or "").rstrip(".")
        port = parts.port
    except ValueError:
        raise _invalid() from None
    if parts.scheme.lower() not in ("http", "https") or "@" in parts.netloc:
        raise _invalid()
    if host not in _HOSTS or port not in (None, 80, 443):
        raise _invalid()
    first = parts.path.lstrip("/").split("/", 1)[0]
    if not is_slug(first):
        raise _invalid()
    return first


def find_mdl_link(text: str) -> str | None:
    """The slug of the first MyDramaList title link inside free text, if any."""
    if not isinstance(text, str):
        return None
    match = _IN_TEXT_RE.search(text)
    return match.group(1) if match else None


def mdl_url(slug: str) -> str:
    """The canonical link of a title."""
    return f"{MDL_BASE}/{slug.strip('/')}"
