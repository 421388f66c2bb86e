"""What TMDB adds to a drama or movie card: 📺 Where to watch, and ▶️ Trailer when known.

A card never waits long for TMDB: the lookup runs beside the card's own and is
given ``TMDB_CARD_BUDGET``; past it the card goes out with "Where to watch"
(which looks TMDB up when pressed) but without a trailer.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import structlog
from pyrogram import types

from app.telegram.callbacks import Action
from app.telegram.keyboards import cb, url
from app.telegram.sessions import SearchSession
from app.watch.wiring import Streaming
from app.wiring.context import Services
from domain.errors import DomainError, NotFound
from domain.i18n import N_, gettext
from domain.lookup import Fetched
from domain.tmdb.models import TmdbTitle

log = structlog.get_logger("app.tmdb")
WHERE_TO_WATCH = N_("📺 Where to watch")
TRAILER = N_("▶️ Trailer")
Rows = list[list[types.InlineKeyboardButton]]


@dataclass(frozen=True, slots=True)
class CardExtras:
    title: TmdbTitle | None = None
    missing: bool = False  # TMDB answered: it does not have this title


def start(
    services: Services, lookup: Callable[[Streaming], Awaitable[Fetched[TmdbTitle]]]
) -> asyncio.Task[CardExtras] | None:
    """Start looking the title up on TMDB, beside the card's own lookup; None when TMDB is off."""
    streaming = services.tmdb
    if streaming is None or not streaming.active:
        return None

    async def extras() -> CardExtras:
        try:
            fetched = await lookup(streaming)
        except NotFound:
            return CardExtras(missing=True)
        except DomainError:
            return CardExtras()
        except Exception:
            # An extra must never cost the card: the card goes out without it.
            log.exception("tmdb_card_extras_failed")
            return CardExtras()
        return CardExtras(fetched.value)

    return asyncio.ensure_future(extras())


async def settle(services: Services, task: asyncio.Task[CardExtras] | None) -> CardExtras:
    """The extras, if they come within the card budget; otherwise none (the task is dropped)."""
    if task is None or services.tmdb is None:
        return CardExtras()
    try:
        return await asyncio.wait_for(asyncio.shield(task), services.tmdb.card_budget)
    except TimeoutError:
        return CardExtras()


def drop(task: asyncio.Task[CardExtras] | None) -> None:
    """Stop a lookup whose card is not coming (the shared cache flight runs on)."""
    if task is not None and not task.done():
        task.cancel()


def rows(
    services: Services, extras: CardExtras, op: str, session: SearchSession, index: int
) -> Rows:
    """The card's TMDB row: nothing without TMDB, or when TMDB surely lacks the title."""
    streaming = services.tmdb
    if streaming is None or not streaming.active or extras.missing:
        return []
    row = [cb(gettext(WHERE_TO_WATCH), Action(op, session.id, index))]
    trailer = extras.title.trailer if extras.title is not None else ""
    if trailer.startswith("https://www.youtube.com/watch?v="):
        row.append(url(gettext(TRAILER), trailer))
    return [row]
