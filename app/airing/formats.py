"""Numbers and air times in the language being spoken (Babel), for ``domain/airing``'s texts."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from domain.i18n import gettext
from infra.i18n.formatting import format_datetime, format_number


class BabelFormats:
    """``domain.airing.text.Formats``: each call reads the current language (the update's,
    or the recipient's inside ``speaking``), so one instance serves every user."""

    def number(self, value: int) -> str:
        return format_number(value)

    def moment(self, at: datetime, zone: str) -> str:
        place = ZoneInfo(zone)
        # Translators: a Unicode CLDR date pattern for an air time, not words: EEE is the
        # short weekday, dd the day, MMM the short month, y the year, HH:mm the time.
        # Reorder and punctuate the letters as your language writes dates; do not translate
        # them. Text in single quotes is kept as written.
        pattern = gettext("EEE dd MMM y, HH:mm")
        zone_name = at.astimezone(place).tzname() or zone
        return f"{format_datetime(at, place, style=pattern)} {zone_name}"


BABEL_FORMATS = BabelFormats()
