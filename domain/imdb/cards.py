"""What an IMDb card and result list say."""

from __future__ import annotations

from domain import results
from domain.paging import Page
from domain.render import render
from domain.text import escape, safe_url
from domain.titles import Movie, MovieHit

DEFAULT_IMDB_TEMPLATE = """🎬 <b>{title}</b>
🌐 <i>{localized_title}</i>
📺 <b>{episode_of}</b>
📅 Year: {year}
🎞 Type: {kind}
⭐ Rating: <b>{rating}</b>/10 ({votes} votes)
⏱ Runtime: {runtime}
📺 Seasons: {seasons}
🎭 Genres: {genres}
🎬 Director: {director}
✍️ Created by: {creators}
👥 Stars: {cast}
🌏 Countries: {countries}
🗣 Languages: {languages}
🔞 Certificate: {certificates}
💰 Box office: {box_office}
<blockquote expandable>{plot}</blockquote>"""

RESULTS_PAGE_SIZE = 6

KINDS = {
    "movie": "Movie",
    "tvSeries": "TV series",
    "tvMiniSeries": "Mini-series",
    "tvEpisode": "TV episode",
    "tvMovie": "TV movie",
    "tvSpecial": "TV special",
    "tvShort": "TV short",
    "short": "Short",
    "video": "Video",
    "videoGame": "Video game",
    "podcastSeries": "Podcast",
    "podcastEpisode": "Podcast episode",
    "musicVideo": "Music video",
}


def kind_label(kind: str) -> str:
    return KINDS.get(kind, kind)


def _runtime(minutes: int | None) -> str:
    if not minutes:
        return ""
    hours, rest = divmod(minutes, 60)
    return f"{hours}h {rest:02d}m" if hours else f"{rest}m"


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
    return f"{int(amount):,} {currency}" if amount.isdigit() and currency else value


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
        "rating": f"{movie.rating:.1f}" if movie.rating is not None else "",
        "votes": f"{movie.votes:,}" if movie.votes else "",
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
    return render(template, movie_values(movie), missing)


def hit_summary(hit: MovieHit) -> str:
    parts = [
        str(hit.year) if hit.year else "",
        kind_label(hit.kind),
        f"⭐ {hit.rating:.1f}" if hit.rating else "",
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
    count = f"{len(people)} person" if len(people) == 1 else f"{len(people)} people"
    head = f"👤 Also matched {count}:" if titles_found else f"👤 No titles, but {count} matched:"
    lines = [head]
    for person in people[:MAX_PEOPLE_SHOWN]:
        link = escape(f"https://www.imdb.com/name/{person.imdb_id}/")
        jobs = f" ({escape(person.kind)})" if person.kind else ""
        lines.append(f'• <a href="{link}">{escape(person.title)}</a>{jobs}')
    if len(people) > MAX_PEOPLE_SHOWN:
        lines.append(f"… and {len(people) - MAX_PEOPLE_SHOWN} more on IMDb.")
    lines.append("Their person cards: /person &lt;name&gt;.")
    return "\n".join(lines)


def results_text(query: str, page: Page[MovieHit], total: int) -> str:
    return results.results_text("IMDb", query, page, total, lambda h: h.title, hit_summary)
