"""Every country TMDB has watch offers for can be chosen, and is named in the view.

TMDB's ``/watch/providers/regions`` lists far more countries than the bot's
table did (Luxembourg, Morocco, Kenya, Qatar, Slovenia, ...): users there were
told their country is "not a country I know offers for".
"""

from __future__ import annotations

from tests.conftest import BotUnderTest
from tests.e2e.watch.support import imdb_card, where_to_watch
from tests.fakes.imdb_catalogue import MATRIX_ID
from tests.fakes.tmdb import FakeTmdb, offers, provider
from tests.harness.telegram import People


async def test_a_user_in_a_country_tmdb_covers_can_choose_it_and_sees_its_offers(
    tmdb_bot: BotUnderTest, tmdb: FakeTmdb, people: People
) -> None:
    matrix = tmdb.titles[("movie", 603)]
    shahid = provider("Shahid VIP", 1715, 0)
    matrix.providers["MA"] = offers("MA", "movie/603", flatrate=[shahid])
    matrix.providers["LU"] = offers("LU", "movie/603", rent=[provider("Apple TV", 2, 3)])
    for argument, named in (("LU", "🇱🇺 Luxembourg"), ("Kenya", "🇰🇪 Kenya"), ("ma", "🇲🇦 Morocco")):
        await tmdb_bot.tg.send_text(people.alice, f"/region {argument}")
        assert tmdb_bot.tg.last_to(people.alice.id).text == (
            f"📺 Done: I'll show offers in {named}. /region reset goes back to automatic."
        )
    card = await imdb_card(tmdb_bot, people.alice, MATRIX_ID)
    view = await where_to_watch(tmdb_bot, people.alice, card)
    assert view.text.splitlines()[:2] == ["📺 Where to watch The Matrix (1999)", "in 🇲🇦 Morocco"]
    assert "▶️ Stream: Shahid VIP" in view.text
    # Its neighbours with offers are named too, not left as bare codes.
    assert "🇱🇺 Luxembourg" in [b.text for b in view.flat_buttons]
