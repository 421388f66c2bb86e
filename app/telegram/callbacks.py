"""Compact, validated callback data: ``<op>:<session>[:<n>[:<m>]]``, well under 64 bytes."""

from __future__ import annotations

import re
from dataclasses import dataclass

_DATA_RE = re.compile(r"^([a-z]{2}):([0-9a-f]{8})(?::(\d{1,4}))?(?::(\d{1,4}))?$")

# op → meaning; the first letter names the source (m: MyDramaList, i: IMDb).
OPS = {
    "mp": "results page",
    "mo": "open card",
    "mc": "cast page",
    "me": "episodes page",
    "mk": "back to card",
    "mb": "back to results",
    "mx": "search this title on IMDb",
    "mw": "notify me: watch this drama's airings",
    "ms": "similar titles page",
    "my": "open a similar title's card",
    "mr": "reviews page",
    "ip": "results page",
    "io": "open card",
    "ib": "back to results",
    "ix": "search this title on MyDramaList",
    "is": "open the series card of an episode",
    # s: /search, both sources in one list; "so" a = row, b = 0 MyDramaList / 1 IMDb.
    "sp": "combined results page",
    "so": "open a combined result's card",
    # w: /watchlist (session source "watch").
    "wp": "watchlist page",
    "wu": "unwatch the drama at this index",
    # u: /import (session source "import").
    "ua": "import: watch every airing title found",
    "uc": "import: choose titles (a = page)",
    "uw": "import: watch the title at this index",
    "ux": "import: close",
    # p: people lists and person cards (session source "people").
    "pp": "people results page",
    "po": "open a person's card: a = row, b = 0 MyDramaList / 1 IMDb",
    "pw": "works page of the person card",
    "pt": "open the title card of the person's work number b",
    "pk": "back to the person card",
    "px": "search the person on the other source",
    "pb": "back to the people results",
    # People on title views (app/people/links.py): b = the person's position in the list.
    "mq": "open the person card of cast member b",
    "ih": "the IMDb card's People view (b = 0 from the card, else page b - 1)",
    "iq": "open the person card of director or star b",
    # t: /together (session source "together").
    "ta": "together: the first name means row a",
    "tb": "together: row a for the first name, row b for the second",
    "to": "together: open the card of shared title a",
    "tp": "together: page a of the shared titles",
    # TMDB (app/watch/): where to watch from a card; v: its view (session source "tmdb").
    "mv": "where to watch this drama",
    "iv": "where to watch this title",
    "vc": "where to watch: the offers of country a",
    # d: /today and /season (session source "discover").
    "dp": "today's or the season's page",
    "ds": "sort the season (a = 0 rating, 1 popularity)",
    "do": "open the card of the title at this index",
    "dw": "watch the drama at this index (🔔)",
    "dm": 'open the card of a "did you mean" title',
}


@dataclass(frozen=True, slots=True)
class Action:
    op: str
    session: str
    a: int = 0
    b: int = 0

    def encode(self) -> str:
        return f"{self.op}:{self.session}:{self.a}:{self.b}"


def parse_action(data: str | bytes | None) -> Action | None:
    """The action a button stands for, or None when the data is not one of ours."""
    if isinstance(data, bytes):
        try:
            data = data.decode("ascii")
        except UnicodeDecodeError:
            return None
    if not data or len(data) > 64:
        return None
    match = _DATA_RE.match(data)
    if match is None or match.group(1) not in OPS:
        return None
    op, session, a, b = match.groups()
    return Action(op, session, int(a or 0), int(b or 0))
