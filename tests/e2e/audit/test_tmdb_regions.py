"""Every country TMDB has watch offers for can be chosen, and is named in the view.

TMDB's ``/watch/providers/regions`` lists far more countries than the bot's
table did (Luxembourg, Morocco, Kenya, Qatar, Slovenia, ...): users there were
told their country is "not a country I know offers for".
"""

from __future__ import annotations

from pathlib import Path

from tests.conftest import BotUnderTest, running_bot
from tests.e2e.watch.conftest import tmdb_settings
from tests.e2e.watch.support import imdb_card, where_to_watch
from tests.fakes.clock import SettableClock
from tests.fakes.imdb import FakeImdb
from tests.fakes.imdb_catalogue import MATRIX_ID
from tests.fakes.kuryana import FakeKuryana
from tests.fakes.tmdb import FakeTmdb, offers, provider
from tests.harness.telegram import People, make_user

SAVED = "TMDB is not answering; these are saved offers."


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


async def test_a_country_button_on_saved_offers_still_says_they_are_saved(
    tmp_path: Path, kuryana: FakeKuryana, imdb: FakeImdb, tmdb: FakeTmdb
) -> None:
    clock = SettableClock()
    portuguese = make_user(4006, "Pia", "pia", lang="en-PT")
    async with running_bot(tmdb_settings(tmp_path, kuryana, tmdb), kuryana, imdb, clock) as bot:
        card = await imdb_card(bot, portuguese, MATRIX_ID)
        await where_to_watch(bot, portuguese, card)
        clock.advance(3 * 86400)  # past the fresh period, within the saved one
        tmdb.fail_always(503)
        view = await where_to_watch(bot, portuguese, card)
        assert SAVED in view.text
        country = next(b for b in view.flat_buttons if b.data and b.data.startswith("vc:"))
        await bot.tg.press(portuguese, view, button=country.text)
        assert f"in {country.text}" in view.text  # the other country's offers, in place
        assert SAVED in view.text  # and still marked as TMDB's saved copy, not as current
