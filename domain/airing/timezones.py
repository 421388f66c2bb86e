"""IANA time zone names from users: exact, any case, or a clear refusal with examples."""

from __future__ import annotations

import functools
import zoneinfo

from domain.errors import InvalidInput
from domain.i18n import N_, gettext

DEFAULT_ZONE = "UTC"
EXAMPLES = N_("Examples: /timezone Asia/Seoul, /timezone Europe/Berlin, /timezone America/New_York")


@functools.cache
def _by_folded_name() -> dict[str, str]:
    return {name.casefold(): name for name in zoneinfo.available_timezones()}


def resolve_zone(text: str) -> str:
    """The canonical IANA name for ``text`` ("asia/seoul" → "Asia/Seoul")."""
    name = "_".join(text.strip().split())
    found = _by_folded_name().get(name.casefold())
    if found is None:
        shown = name[:64] or gettext("(nothing)")
        raise InvalidInput(
            gettext("“{zone}” is not a time zone I know.", zone=shown), hint=gettext(EXAMPLES)
        )
    return found
