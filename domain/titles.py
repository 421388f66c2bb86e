"""Domain models of what the bot looks up: dramas (MyDramaList) and movies (IMDb).

Every field an upstream may omit has a neutral default, so adapters can build
these from partial data and renderers never meet ``None`` where text is due.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

_TITLE_ID = re.compile(r"^0*(\d+)(?:-|$)")


def drama_key(slug: str) -> str:
    """The one key of a MyDramaList title: its numeric id ("18452" for "18452-goblin").

    MyDramaList answers "18452", "18452-goblin" and any "18452-<words>" with
    the same title (kuryana follows the redirect without saying where), so
    whatever is stored or cached per title is keyed by this, never by the
    slug as typed. A slug without a leading id keys as itself.
    """
    match = _TITLE_ID.match(slug.strip().strip("/"))
    return match.group(1) if match else slug.strip().strip("/")


def richer_slug(first: str, second: str) -> str:
    """Of two slugs of one title, the one that carries its name ("18452-goblin")."""
    return second if "-" in second and "-" not in first else first


@dataclass(frozen=True, slots=True)
class DramaHit:
    """One MyDramaList search result."""

    slug: str
    title: str
    year: int | None = None
    type: str = ""
    rating: float | None = None
    episodes: str = ""
    thumb: str = ""
    ranking: str = ""
    # A person the search matched (slug "people/<id>-<name>", title = name,
    # type = nationality). Kept beside the titles until person cards exist.
    person: bool = False


@dataclass(frozen=True, slots=True)
class CastMember:
    name: str
    slug: str = ""
    link: str = ""
    image: str = ""
    character: str = ""
    role: str = ""


@dataclass(frozen=True, slots=True)
class NextEpisode:
    number: int
    airs_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class RelatedTitle:
    """A title MyDramaList relates to another ("Related content": sequels, specials, ...)."""

    title: str
    slug: str = ""  # empty when MDL names it without a link
    description: str = ""  # what MDL says of the relation, e.g. "(Special)"
    link: str = ""


@dataclass(frozen=True, slots=True)
class Drama:
    """A MyDramaList title page."""

    slug: str
    title: str
    link: str = ""
    complete_title: str = ""
    native_title: str = ""
    year: str = ""
    poster: str = ""
    synopsis: str = ""
    rating: float | None = None
    country: str = ""
    type: str = ""
    episodes: str = ""
    aired: str = ""
    aired_on: str = ""
    original_network: str = ""
    duration: str = ""
    content_rating: str = ""
    score: str = ""
    ranked: str = ""
    popularity: str = ""
    watchers: str = ""
    favorites: str = ""
    genres: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    also_known_as: tuple[str, ...] = ()
    cast: tuple[CastMember, ...] = ()
    current_episode: str = ""
    next_episode: NextEpisode | None = None
    # None: not known (a copy cached before titles carried it), () when MDL lists none.
    related: tuple[RelatedTitle, ...] | None = None


@dataclass(frozen=True, slots=True)
class CastSection:
    heading: str
    members: tuple[CastMember, ...] = ()


@dataclass(frozen=True, slots=True)
class DramaCast:
    slug: str
    title: str
    sections: tuple[CastSection, ...] = ()


@dataclass(frozen=True, slots=True)
class Episode:
    title: str
    number: int | None = None
    air_date: str = ""
    rating: float | None = None
    link: str = ""


@dataclass(frozen=True, slots=True)
class DramaEpisodes:
    slug: str
    title: str
    episodes: tuple[Episode, ...] = ()


@dataclass(frozen=True, slots=True)
class MovieHit:
    """One IMDb search result."""

    imdb_id: str
    title: str
    year: int | None = None
    kind: str = ""
    rating: float | None = None
    cover_url: str = ""
    # A person the search matched (imdb_id "nm...", title = name, kind =
    # professions). Kept beside the titles until person cards exist.
    person: bool = False


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    imdb_id: str = ""


@dataclass(frozen=True, slots=True)
class Movie:
    """An IMDb title page (movie, series, episode, ...)."""

    imdb_id: str
    title: str
    url: str = ""
    title_localized: str = ""
    kind: str = ""
    year: int | None = None
    end_year: int | None = None
    rating: float | None = None
    votes: int | None = None
    runtime_minutes: int | None = None
    genres: tuple[str, ...] = ()
    directors: tuple[Person, ...] = ()
    stars: tuple[Person, ...] = ()
    countries: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    certificate: str = ""
    plot: str = ""
    cover_url: str = ""
    release_date: str = ""
    box_office: str = ""
    seasons: int | None = None
    # Crew by IMDb credit category ("writer", "producer", "composer", "cinematographer",
    # "music_department") and companies by kind ("distribution"), names in credit order.
    credits: dict[str, tuple[str, ...]] = field(default_factory=dict)
    extra: dict[str, str] = field(default_factory=dict)
