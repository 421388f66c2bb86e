"""What "📺 Where to watch" and /region say (Telegram HTML, values escaped once).

Country names come from ``names`` (the app passes them in the user's language;
the default is the English names of ``regions``).
"""

from __future__ import annotations

from collections.abc import Callable

from domain.i18n import N_, gettext, ngettext
from domain.text import escape, isolate
from domain.tmdb.models import Offers, TmdbTitle
from domain.tmdb.regions import REGION_EXAMPLES, country_name

# A country's name for its ISO code ("KR" → "South Korea"), in the user's language.
Names = Callable[[str], str]

ATTRIBUTION = N_("Streaming data by JustWatch, via TMDB.")
MAX_PROVIDERS = 10
MAX_NAME = 40  # 5 rows x 10 names x 40 characters keep a view well under 4096
_ROWS = (
    # Translators: the kinds of offers of a where-to-watch view, each followed by services.
    ("flatrate", N_("▶️ Stream")),
    ("free", N_("🆓 Free")),
    ("ads", N_("📢 Free with ads")),
    ("rent", N_("💵 Rent")),
    ("buy", N_("🛒 Buy")),
)
NOT_ON_TMDB = N_("TMDB does not know this title, so I cannot say where to watch it.")
UNAVAILABLE = N_(
    "TMDB is not answering right now, so I cannot say where to watch it. Try again soon."
)


def flag(code: str) -> str:
    """The regional-indicator flag of a two-letter code ("KR" → 🇰🇷)."""
    if len(code) != 2 or not code.isascii() or not code.isalpha():
        return ""
    return "".join(chr(0x1F1E6 + ord(ch) - ord("A")) for ch in code.upper())


def _comma() -> str:
    # Translators: what separates the items of a list (countries, streaming services).
    return gettext(", ")


def place(code: str, names: Names = country_name) -> str:
    return f"{flag(code)} {escape(names(code))}".strip()


def _names(names: tuple[str, ...]) -> str:
    # Services' names as TMDB gives them: set apart in a right-to-left line.
    shown = _comma().join(isolate(escape(n[:MAX_NAME])) for n in names[:MAX_PROVIDERS])
    more = len(names) - MAX_PROVIDERS
    if more <= 0:
        return shown
    # Translators: after a list of streaming services: how many more there are.
    return shown + ngettext(" and {n} more", " and {n} more", more)


def offers_lines(offers: Offers) -> list[str]:
    lines = []
    for attribute, label in _ROWS:
        names: tuple[str, ...] = getattr(offers, attribute)
        if names:
            lines.append(f"{gettext(label)}: {_names(names)}")
    return lines


def where_to_watch(
    title: TmdbTitle,
    region: str,
    nearby: list[str],
    stale: bool = False,
    names: Names = country_name,
) -> str:
    """The view for ``region``; without offers there, it says so and names ``nearby``."""
    year = f" ({title.year})" if title.year else ""
    # Translators: {title} is the title's name (and year); {country} a flag and a country.
    head = gettext(
        "📺 <b>Where to watch {title}</b>\nin {country}",
        title=isolate(escape(title.title) + year),
        country=place(region, names),
    )
    offers = title.offers.get(region, Offers())
    if offers.any():
        body = "\n".join(offers_lines(offers))
    else:
        body = gettext(
            "No streaming, rental or purchase offers in {country}.",
            country=escape(names(region)),
        )
        if nearby:
            countries = _comma().join(place(c, names) for c in nearby)
            body += "\n" + gettext("Offers exist in: {countries}.", countries=countries)
        else:
            body += "\n" + gettext("TMDB lists no offers for it in any country.")
    link = escape(title.watch_url(region))
    all_offers = gettext("All offers on TMDB")
    tail = f'<a href="{link}">{all_offers}</a>\n<i>{gettext(ATTRIBUTION)}</i>'
    if stale:
        tail += "\n<i>" + gettext("TMDB is not answering; these are saved offers.") + "</i>"
    return f"{head}\n\n{body}\n\n{tail}"


_WHY = {
    # Translators: why /region shows this country: the user chose it with /region.
    "set": N_("you chose it"),
    # Translators: why /region shows this country: it comes from the user's Telegram language.
    "language": N_("from your Telegram language"),
    # Translators: why /region shows this country: it is the bot's default country.
    "default": N_("the bot's default"),
}


def region_is(region: str, source: str, names: Names = country_name) -> str:
    """``source``: "set" (by /region), "language" (the Telegram language) or "default"."""
    return gettext(
        "📺 Where-to-watch country: {country} ({why}).\nChange it with /region XX. {examples}",
        country=place(region, names),
        why=gettext(_WHY[source]),
        examples=gettext(REGION_EXAMPLES),
    )


def region_set(region: str, names: Names = country_name) -> str:
    return gettext(
        "📺 Done: I'll show offers in {country}. /region reset goes back to automatic.",
        country=place(region, names),
    )


REGION_RESET = N_("📺 Done: your country comes from your Telegram language again (or the default).")
