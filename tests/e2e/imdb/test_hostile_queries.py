"""Hostile IMDb searches end to end: one user's query must not switch IMDb off for everyone.

imdbinfo builds its GraphQL search by replacing ``__MARKERS__`` in a template
after pasting the term in; the real imdbinfo runs here, faked only at its HTTP
calls (``tests/fakes/imdb.py``), so a marker in a term reaches its real
request builder.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from imdbinfo import services as imdb_services

from tests.conftest import BotUnderTest, bot_settings, running_bot
from tests.fakes.clock import SettableClock
from tests.fakes.imdb import FakeImdb, FakeResponse
from tests.fakes.imdb_catalogue import MATRIX_ID
from tests.fakes.kuryana import FakeKuryana
from tests.harness.telegram import People

UNAVAILABLE = "IMDb is not answering right now"
HOSTILE = [
    "__YEAR_FILTER__ 1999",
    "__TYPES__ __EXACT_MATCH__ 2000",
    '" } } __YEAR_FILTER__ 2001',
    "x___YEAR_FILTER___ 1984",
    "__YEAR_FILTER____YEAR_FILTER__ 1999",
]


class RefusingNiquests:
    """IMDb's GraphQL endpoint refusing every search whose term starts with ``refuse``
    (HTTP 400 with GraphQL errors, as GraphQL servers answer a query they reject)."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.exceptions = inner.exceptions

    def get(self, url: str, **kwargs: Any) -> Any:
        return self.inner.get(url, **kwargs)

    def post(self, url: str, json: Any = None, **kwargs: Any) -> Any:
        if 'searchTerm: "refuse' in (json or {}).get("query", ""):
            return FakeResponse(400, b'{"errors": [{"message": "Syntax Error: refused"}]}')
        return self.inner.post(url, json=json, **kwargs)


@pytest.fixture
def refusing(imdb: FakeImdb) -> Iterator[RefusingNiquests]:
    wrapper = RefusingNiquests(imdb_services.niquests)
    imdb_services.niquests = wrapper
    yield wrapper
    imdb_services.niquests = wrapper.inner


async def test_five_searches_with_template_markers_leave_imdb_on_for_everyone(
    bot: BotUnderTest, people: People
) -> None:
    for query in HOSTILE:
        await bot.tg.send_text(people.alice, f"/imdb {query}")
        answer = bot.tg.last_to(people.alice.id)
        assert UNAVAILABLE not in answer.text
        assert "something went wrong" not in answer.text
    # The markers reached imdbinfo as plain text, never as part of its template.
    assert all("__" not in term for term in bot.imdb.search_terms)

    await bot.tg.send_text(people.bob, "/imdb the matrix 1999")
    results = bot.tg.last_to(people.bob.id)
    assert UNAVAILABLE not in results.text
    assert "1. The Matrix — 1999" in results.text
    assert next(b for b in bot.services.breakers if b.name == "IMDb").state == "closed"


async def test_five_searches_imdb_refuses_are_the_senders_error_not_an_outage(
    bot: BotUnderTest, people: People, refusing: RefusingNiquests
) -> None:
    for n in range(5):
        await bot.tg.send_text(people.alice, f"/imdb refuse {n}")
        answer = bot.tg.last_to(people.alice.id)
        assert "IMDb could not search for that." in answer.text
        assert "Try the title in plain words" in answer.text
        assert UNAVAILABLE not in answer.text

    await bot.tg.send_text(people.bob, "/imdb the matrix 1999")
    assert "1. The Matrix — 1999" in bot.tg.last_to(people.bob.id).text


async def test_a_refresh_after_the_bots_cache_expires_asks_imdb_again(
    tmp_path: Path, kuryana: FakeKuryana, imdb: FakeImdb, people: People
) -> None:
    # imdbinfo memoises get_movie and search_title; the bot's cache must be the only one.
    clock = SettableClock()
    settings = bot_settings(tmp_path, kuryana, cache_details_ttl=60, cache_search_ttl=60)
    async with running_bot(settings, kuryana, imdb, clock) as bot:
        for _ in range(2):
            await bot.tg.send_text(people.alice, f"/imdburl {MATRIX_ID}")
            assert "<b>The Matrix</b>" in bot.tg.last_to(people.alice.id).html
            await bot.tg.send_text(people.alice, "/imdb the matrix")
            assert "1. The Matrix — 1999" in bot.tg.last_to(people.alice.id).text
            clock.advance(61)
    assert imdb.page_ids == [MATRIX_ID, MATRIX_ID]
    assert imdb.search_terms == ["the matrix", "the matrix"]
