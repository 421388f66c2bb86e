"""What "📺 Where to watch" and /region say (Telegram HTML, values escaped once)."""

from __future__ import annotations

from domain.text import escape
from domain.tmdb.models import Offers, TmdbTitle
from domain.tmdb.regions import REGION_HINT, country_name

ATTRIBUTION = "Streaming data by JustWatch, via TMDB."
MAX_PROVIDERS = 10
MAX_NAME = 40  # 5 rows x 10 names x 40 characters keep a view well under 4096
_ROWS = (
    ("flatrate", "▶️ Stream"),
    ("free", "🆓 Free"),
    ("ads", "📢 Free with ads"),
    ("rent", "💵 Rent"),
    ("buy", "🛒 Buy"),
)
NOT_ON_TMDB = "TMDB does not know this title, so I cannot say where to watch it."
UNAVAILABLE = "TMDB is not answering right now, so I cannot say where to watch it. Try again soon."


def flag(code: str) -> str:
    """The regional-indicator flag of a two-letter code ("KR" → 🇰🇷)."""
    if len(code) != 2 or not code.isascii() or not code.isalpha():
        return ""
    return "".join(chr(0x1F1E6 + ord(ch) - ord("A")) for ch in code.upper())


def place(code: str) -> str:
    return f"{flag(code)} {escape(country_name(code))}".strip()


def _names(names: tuple[str, ...]) -> str:
    shown = ", ".join(escape(n[:MAX_NAME]) for n in names[:MAX_PROVIDERS])
    more = len(names) - MAX_PROVIDERS
    return shown + (f" and {more} more" if more > 0 else "")


def offers_lines(offers: Offers) -> list[str]:
    lines = []
    for attribute, label in _ROWS:
        names: tuple[str, ...] = getattr(offers, attribute)
        if names:
            lines.append(f"{label}: {_names(names)}")
    return lines


def where_to_watch(title: TmdbTitle, region: str, nearby: list[str], stale: bool = False) -> str:
    """The view for ``region``; without offers there, it says so and names ``nearby``."""
    year = f" ({title.year})" if title.year else ""
    head = f"📺 <b>Where to watch {escape(title.title)}{year}</b>\nin {place(region)}"
    offers = title.offers.get(region, Offers())
    if offers.any():
        body = "\n".join(offers_lines(offers))
    else:
        body = f"No streaming, rental or purchase offers in {escape(country_name(region))}."
        if nearby:
            body += "\nOffers exist in: " + ", ".join(place(c) for c in nearby) + "."
        else:
            body += "\nTMDB lists no offers for it in any country."
    link = escape(title.watch_url(region))
    tail = f'<a href="{link}">All offers on TMDB</a>\n<i>{ATTRIBUTION}</i>'
    if stale:
        tail += "\n<i>TMDB is not answering; these are saved offers.</i>"
    return f"{head}\n\n{body}\n\n{tail}"


def region_is(region: str, source: str) -> str:
    """``source``: "set" (by /region), "language" (the Telegram language) or "default"."""
    why = {
        "set": "you chose it",
        "language": "from your Telegram language",
        "default": "the bot's default",
    }[source]
    return (
        f"📺 Where-to-watch country: {place(region)} ({why}).\n"
        f"Change it with /region XX. {REGION_HINT.removeprefix('For example: ')}"
    )


def region_set(region: str) -> str:
    return f"📺 Done: I'll show offers in {place(region)}. /region reset goes back to automatic."


REGION_RESET = "📺 Done: your country comes from your Telegram language again (or the default)."
