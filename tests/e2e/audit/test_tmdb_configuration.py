"""An odd ``/configuration`` answer from TMDB never stops the bot from starting."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import running_bot
from tests.e2e.watch.conftest import tmdb_settings
from tests.e2e.watch.support import imdb_card
from tests.fakes.imdb import FakeImdb
from tests.fakes.imdb_catalogue import MATRIX_ID
from tests.fakes.kuryana import FakeKuryana
from tests.fakes.tmdb import FakeTmdb
from tests.harness.telegram import People

TMDB_POSTER = "https://image.tmdb.org/t/p/w500/p603.jpg"


@pytest.mark.parametrize("sizes", [500, "w500", {"w500": True}, None])
async def test_wrongly_typed_poster_sizes_keep_the_usual_posters(
    tmp_path: Path,
    kuryana: FakeKuryana,
    imdb: FakeImdb,
    tmdb: FakeTmdb,
    people: People,
    sizes: Any,
) -> None:
    tmdb.images = {"secure_base_url": "https://image.tmdb.org/t/p/", "poster_sizes": sizes}
    async with running_bot(tmdb_settings(tmp_path, kuryana, tmdb), kuryana, imdb) as bot:
        bot.imdb.fail("waf")  # the card is TMDB's, with TMDB's poster
        card = await imdb_card(bot, people.alice, MATRIX_ID)
        assert "<b>The Matrix</b>" in card.html
        assert card.photo == TMDB_POSTER
