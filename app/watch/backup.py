"""TMDB standing in for a scraper that is down and has no saved copy of the card.

A drama is found by the match kept from an earlier card, else by the search
result the user pressed (its title, year and type are in the cached results):
never by guessing from a bare link.
"""

from __future__ import annotations

from app.telegram.sessions import SearchSession
from app.watch.matching import hit_facts
from app.wiring.context import Services
from domain.errors import NotFound, UpstreamUnavailable
from domain.lookup import Fetched
from domain.titles import DramaHit, drama_key
from domain.tmdb.models import TmdbTitle


async def _hit(services: Services, slug: str, session: SearchSession | None) -> DramaHit | None:
    if session is None or not session.query:
        return None
    try:
        hits = await services.dramas.search(session.query)
    except (NotFound, UpstreamUnavailable):
        return None
    key = drama_key(slug)
    return next((h for h in hits.value if drama_key(h.slug) == key), None)


async def drama_title(
    services: Services, slug: str, session: SearchSession | None
) -> Fetched[TmdbTitle] | None:
    streaming = services.tmdb
    if streaming is None or not streaming.active:
        return None
    try:
        return await streaming.lookup.matched_drama(slug)
    except NotFound:
        pass
    except UpstreamUnavailable:
        return None
    hit = await _hit(services, slug, session)
    if hit is None:
        return None
    try:
        return await streaming.lookup.for_drama(slug, hit_facts(hit))
    except (NotFound, UpstreamUnavailable):
        return None
