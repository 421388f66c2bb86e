"""Counts, days and air times of /today and /season, written by Babel in the user's language."""

from __future__ import annotations

from datetime import date, datetime, tzinfo

from domain.discover.text import Formats
from infra.i18n.formatting import format_date, format_number, format_time

# CLDR patterns, filled with the language's own names: "Tue 24 Nov 2026", "Sel 24 Nov 2026",
# "الثلاثاء 24 نوفمبر 2026"; air times on the 24-hour clock the listings have always used.
DAY_PATTERN = "EEE dd MMM y"
TIME_PATTERN = "HH:mm"


def _day(day: date) -> str:
    return format_date(day, DAY_PATTERN)


def _time(moment: datetime, zone: tzinfo) -> str:
    return format_time(moment, zone, TIME_PATTERN)


BABEL = Formats(number=format_number, day=_day, time=_time)
