"""What an IMDb card and result list say."""

from __future__ import annotations

from domain import results
from domain.i18n import N_, gettext, ngettext, number
from domain.paging import Page
from domain.render import DefaultTemplate, render
from domain.text import escape, isolate, right_to_left, safe_url
from domain.titles import Movie, MovieHit

# Translators: a line of the default IMDb card. {year} and the like are filled with the
# title's values (a line whose values are all unknown is left out): keep them as they are.
IMDB_TEMPLATE = DefaultTemplate(
    "🎬 <b>{title}</b>",
    "🌐 <i>{localized_title}</i>",
    "📺 <b>{episode_of}</b>",
    ("📅", N_("Year: {year}")),
    # Translators: {kind} is "Movie", "TV series" and the like (translated too).
    ("🎞", N_("Type: {kind}")),
    # Translators: {votes} is a number, "12,345"; a language with plural forms may write
    # "votes: {votes}" so that the word fits any number.
    ("⭐", N_("Rating: <b>{rating}</b>/10 ({votes} votes)")),
    ("⏱", N_("Runtime: {runtime}")),
    ("📺", N_("Seasons: {seasons}")),
    ("🎭", N_("Genres: {genres}")),
    ("🎬", N_("Director: {director}")),
    ("✍️", N_("Created by: {creators}")),
    # Translators: the leading actors.
    ("👥", N_("Stars: {cast}")),
    ("🌏", N_("Countries: {countries}")),
    ("🗣", N_("Languages: {languages}")),
    # Translators: the age rating (PG-13, 15…).
    ("🔞", N_("Certificate: {certificates}")),
    ("💰", N_("Box office: {box_office}")),
    "<blockquote expandable>{plot}</blockquote>",
)
DEFAULT_IMDB_TEMPLATE = IMDB_TEMPLATE.english

RESULTS_PAGE_SIZE = 6

# IMDb's kinds of title, in the reader's language where shown; an unknown one as it comes.
KINDS = {
    "movie": N_("Movie"),
    "tvSeries": N_("TV series"),
    "tvMiniSeries": N_("Mini-series"),
    "tvEpisode": N_("TV episode"),
    "tvMovie": N_("TV movie"),
    "tvSpecial": N_("TV special"),
    "tvShort": N_("TV short"),
    "short": N_("Short"),
    "video": N_("Video"),
    "videoGame": N_("Video game"),
    "podcastSeries": N_("Podcast"),
    "podcastEpisode": N_("Podcast episode"),
    "musicVideo": N_("Music video"),
}


def kind_label(kind: str) -> str:
    label = KINDS.get(kind)
    return gettext(label) if label is not None else kind


def _runtime(minutes: int | None) -> str:
    if not minutes:
        return ""
    hours, rest = divmod(minutes, 60)
    if hours:
        # Translators: a runtime, short: "2h 05m" (hours, then minutes with two digits).
        padded = f"{rest:02d}"
        return gettext("{hours}h {minutes}m", hours=hours, minutes=padded)
    # Translators: a runtime under an hour, short: "45m".
    return gettext("{minutes}m", minutes=rest)


def _year(movie: Movie) -> str:
    if movie.year is None:
        return ""
    if movie.end_year and movie.end_year != movie.year:
        return f"{movie.year}–{movie.end_year}"
    return str(movie.year)


def _credited(movie: Movie, category: str) -> str:
    return ", ".join(movie.credits.get(category, ()))


def _money(value: str) -> str:
    """imdbinfo's "63000000 USD" as "63,000,000 USD"; anything else as it came."""
    amount, _, currency = value.partition(" ")
    return f"{number(int(amount))} {currency}" if amount.isdigit() and currency else value


def episode_code(movie: Movie) -> str:
    """ "S01E03" for an episode whose season and number IMDb gives, else ""."""
    season, episode = movie.extra.get("season", ""), movie.extra.get("episode", "")
    if not (season.isdigit() and episode.isdigit()):
        return ""
    return f"S{int(season):02d}E{int(episode):02d}"


def episode_of(movie: Movie) -> str:
    """ "The Walking Dead · S01E03": which series an episode belongs to."""
    parts = [movie.extra.get("series_title", ""), episode_code(movie)]
    return " · ".join(p for p in parts if p)


def movie_values(movie: Movie) -> dict[str, str]:
    """Placeholder name → raw (unescaped) value."""
    localized = movie.title_localized if movie.title_localized != movie.title else ""
    return {
        "title": movie.title,
        "localized_title": localized,
        "kind": kind_label(movie.kind),
        "year": _year(movie),
        "rating": number(movie.rating, 1) if movie.rating is not None else "",
        "votes": number(movie.votes) if movie.votes else "",
        "runtime": _runtime(movie.runtime_minutes),
        "genres": ", ".join(movie.genres),
        "cast": ", ".join(p.name for p in movie.stars[:5]),
        "director": ", ".join(p.name for p in movie.directors),
        "countries": ", ".join(movie.countries),
        "languages": ", ".join(movie.languages),
        "certificates": movie.certificate,
        "box_office": movie.box_office,
        "seasons": str(movie.seasons) if movie.seasons else "",
        "plot": movie.plot,
        "writer": _credited(movie, "writer"),
        "producer": _credited(movie, "producer"),
        "composer": _credited(movie, "composer"),
        "cinematographer": _credited(movie, "cinematographer"),
        "music_team": _credited(movie, "music_department"),
        "distributors": _credited(movie, "distribution"),
        "imdb_url": safe_url(movie.url),
        "poster": safe_url(movie.cover_url),
        "release_date": movie.release_date,
        "series": movie.extra.get("series_title", ""),
        "episode_code": episode_code(movie),
        "episode_of": episode_of(movie),
        "creators": movie.extra.get("creators", ""),
        "metacritic": movie.extra.get("metacritic", ""),
        "budget": _money(movie.extra.get("budget", "")),
    }


def movie_card(movie: Movie, template: str = DEFAULT_IMDB_TEMPLATE, missing: str = "") -> str:
    """The card in ``template``; the default one speaks the reader's language."""
    return render(
        IMDB_TEMPLATE.localise(template), movie_values(movie), missing, isolated=right_to_left()
    )


def hit_summary(hit: MovieHit) -> str:
    parts = [
        str(hit.year) if hit.year else "",
        kind_label(hit.kind),
        f"⭐ {number(hit.rating, 1)}" if hit.rating else "",
    ]
    return " · ".join(p for p in parts if p)


def hit_card(hit: MovieHit) -> str:
    """A short card from a search hit alone, for when the details are not ready in time."""
    summary = hit_summary(hit)
    head = f"🎬 <b>{escape(hit_label(hit))}</b>"
    return f"{head}\n{escape(summary)}" if summary else head


def hit_label(hit: MovieHit) -> str:
    return f"{hit.title} ({hit.year})" if hit.year else hit.title


MAX_PEOPLE_SHOWN = 3


def people_note(people: list[MovieHit], *, titles_found: bool) -> str:
    """What a search says of the people it matched (their cards: /person)."""
    if not people:
        return ""
    n, count = number(len(people)), len(people)
    if titles_found:
        head = ngettext("👤 Also matched {n} person:", "👤 Also matched {n} people:", count, n=n)
    else:
        head = ngettext(
            "👤 No titles, but {n} person matched:",
            "👤 No titles, but {n} people matched:",
            count,
            n=n,
        )
    lines = [head]
    for person in people[:MAX_PEOPLE_SHOWN]:
        link = escape(f"https://www.imdb.com/name/{person.imdb_id}/")
        jobs = f" ({escape(person.kind)})" if person.kind else ""
        lines.append(f'• <a href="{link}">{isolate(escape(person.title))}</a>{jobs}')
    if len(people) > MAX_PEOPLE_SHOWN:
        more = len(people) - MAX_PEOPLE_SHOWN
        lines.append(
            ngettext("… and {n} more on IMDb.", "… and {n} more on IMDb.", more, n=number(more))
        )
    # Translators: {command} is "/person <name>", its argument in your language.
    lines.append(
        gettext("Their person cards: {command}.", command=escape(f"/person {gettext('<name>')}"))
    )
    return "\n".join(lines)


def results_text(query: str, page: Page[MovieHit], total: int) -> str:
    return results.results_text("IMDb", query, page, total, lambda h: h.title, hit_summary)
