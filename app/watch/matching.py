"""The TMDB title of a card: by IMDb id, or by a MyDramaList title's facts.

A MyDramaList title is matched once from its card (native and English
titles, year, country, kind) and the match is kept; while kuryana is down
the kept match still answers.
"""

from __future__ import annotations

from app.wiring.context import Services
from domain.errors import NotFound, UpstreamUnavailable
from domain.lookup import Fetched
from domain.titles import Drama, DramaHit
from domain.tmdb.matching import TitleFacts, facts
from domain.tmdb.models import TmdbTitle

OFF = "TMDB is not configured"


def drama_facts(drama: Drama) -> TitleFacts:
    titles = [drama.native_title, drama.title, drama.complete_title, *drama.also_known_as[:2]]
    return facts(titles, drama.year or drama.complete_title, drama.country, drama.type)


def hit_facts(hit: DramaHit) -> TitleFacts:
    return facts([hit.title], hit.year, "", hit.type)


async def for_drama(services: Services, drama: Drama) -> Fetched[TmdbTitle]:
    if services.tmdb is None:
        raise UpstreamUnavailable("TMDB", OFF)
    return await services.tmdb.lookup.for_drama(drama.slug, drama_facts(drama))


async def title_of(services: Services, source: str, title_id: str) -> Fetched[TmdbTitle]:
    """``NotFound`` when TMDB surely lacks it (or no sure match); ``UpstreamUnavailable``."""
    if services.tmdb is None:
        raise UpstreamUnavailable("TMDB", OFF)
    lookup = services.tmdb.lookup
    if source == "imdb":
        return await lookup.for_imdb(title_id)
    if source != "mdl":
        raise NotFound("no TMDB title for this card")
    try:
        drama = await services.dramas.details(title_id)
    except UpstreamUnavailable:
        return await lookup.matched_drama(title_id)
    return await for_drama(services, drama.value)
