"""TMDB keeps the bot answering while a scraper is down and no saved copy exists."""

from __future__ import annotations

from pathlib import Path

from pyrogram import errors, raw

from tests.conftest import BotUnderTest, running_bot
from tests.e2e.watch.conftest import tmdb_settings
from tests.e2e.watch.support import TRAILER, WHERE, button_texts, imdb_card, mdl_card
from tests.fakes.imdb import FakeImdb
from tests.fakes.imdb_catalogue import MATRIX_ID, MATRIX_RELOADED_ID
from tests.fakes.kuryana import FakeKuryana, Fault
from tests.fakes.tmdb import FakeTmdb
from tests.harness.telegram import People

VIA_IMDB = "ℹ️ IMDb is not answering: a basic card via TMDB."
VIA_MDL = "ℹ️ MyDramaList is not answering: a basic card via TMDB."
TMDB_POSTER = "https://image.tmdb.org/t/p/w500/p603.jpg"


async def test_imdb_down_without_a_saved_copy_the_movie_card_comes_from_tmdb(
    tmdb_bot: BotUnderTest, people: People
) -> None:
    tmdb_bot.imdb.fail("waf")
    card = await imdb_card(tmdb_bot, people.alice, MATRIX_ID)
    assert "<b>The Matrix</b>" in card.html
    for shown in (
        "Year: 1999",
        "Genres: Action, Science Fiction",
        "Runtime: 2h 16m",
        "Set in the 22nd century",
        VIA_IMDB,
    ):
        assert shown in card.text, f"{shown!r} missing:\n{card.text}"
    assert "Rating" not in card.text  # TMDB's votes are not IMDb's rating: left out
    assert card.photo == TMDB_POSTER
    assert card.button("Open on IMDb").url == "https://www.imdb.com/title/tt0133093/"
    assert WHERE in button_texts(card) and TRAILER in button_texts(card)
    await tmdb_bot.tg.press(people.alice, card, button=WHERE)
    assert "▶️ Stream: Max" in tmdb_bot.tg.last_to(people.alice.id).text


async def test_imdb_down_and_tmdb_lacking_the_title_is_the_usual_outage_answer(
    tmdb_bot: BotUnderTest, people: People
) -> None:
    tmdb_bot.imdb.fail("waf")
    answer = await imdb_card(tmdb_bot, people.alice, MATRIX_RELOADED_ID)
    assert "IMDb is not answering right now" in answer.text
    assert VIA_IMDB not in answer.text


async def test_kuryana_down_a_drama_matched_before_gets_a_basic_card_from_tmdb(
    tmdb_bot: BotUnderTest, kuryana: FakeKuryana, people: People
) -> None:
    await mdl_card(tmdb_bot, people.alice, "18452-goblin")  # matched and kept
    await tmdb_bot.services.cache.clear("mdl:title")  # the saved copy is gone (expired)
    kuryana.fail_always(Fault.FORBIDDEN)  # Cloudflare blocks every scrape
    card = await mdl_card(tmdb_bot, people.alice, "18452-goblin")
    for shown in (
        "Guardian: The Lonely and Great God",
        "쓸쓸하고 찬란하神-도깨비",
        "Year: 2016",
        "Country: South Korea",
        "Episodes: 16",
        "Genres: Sci-Fi &amp; Fantasy, Drama",
        "A goblin seeks a human bride",
        VIA_MDL,
    ):
        assert shown in card.html, f"{shown!r} missing:\n{card.html}"
    assert card.photo == "https://image.tmdb.org/t/p/w500/t67915.jpg"
    assert card.button("Open on MyDramaList").url == "https://mydramalist.com/18452-goblin"
    assert WHERE in button_texts(card) and TRAILER in button_texts(card)


async def test_kuryana_down_a_search_result_is_matched_from_its_title_year_and_type(
    tmdb_bot: BotUnderTest, kuryana: FakeKuryana, people: People
) -> None:
    kuryana.add_search(
        "parasite",
        [
            {
                "slug": "28311-parasite",
                "thumb": "https://i.mydramalist.com/prst_4s.jpg",
                "mdl_id": "mdl-28311",
                "title": "Parasite",
                "ranking": "#1",
                "type": "Korean Movie",
                "year": 2019,
                "series": False,
                "rating": 8.9,
            }
        ],
    )
    await tmdb_bot.tg.send_text(people.alice, "/mdl parasite")
    results = tmdb_bot.tg.last_to(people.alice.id)
    kuryana.fail_always(Fault.SERVER_ERROR)
    await tmdb_bot.tg.press(people.alice, results, data=results.flat_buttons[0].data)
    card = tmdb_bot.tg.last_to(people.alice.id)
    assert "<b>Parasite</b>" in card.html and "Year: 2019" in card.text and VIA_MDL in card.text


async def test_kuryana_down_an_unknown_link_is_not_guessed(
    tmdb_bot: BotUnderTest, kuryana: FakeKuryana, tmdb: FakeTmdb, people: People
) -> None:
    kuryana.fail_always(Fault.FORBIDDEN)
    answer = await mdl_card(tmdb_bot, people.alice, "18452-goblin")
    assert "MyDramaList is not answering" in answer.text and VIA_MDL not in answer.text
    assert tmdb.hits["search"] == 0


async def test_a_refused_poster_that_cannot_be_uploaded_is_replaced_by_tmdbs(
    tmdb_bot: BotUnderTest, people: People
) -> None:
    # Telegram refuses IMDb's URL and the image cannot be downloaded from here: TMDB's next.
    tmdb_bot.tg.fail_next(raw.functions.messages.SendMedia, errors.WebpageMediaEmpty())
    card = await imdb_card(tmdb_bot, people.alice, MATRIX_ID)
    assert card.photo == TMDB_POSTER
    assert "<b>The Matrix</b>" in card.html and "Rating: 8.7/10" in card.text
    tried = [c.media.url for c in tmdb_bot.tg.calls_of(raw.functions.messages.SendMedia)]
    assert tried[-1] == TMDB_POSTER and len(tried) == 2


async def test_both_posters_refused_the_card_is_text(
    tmdb_bot: BotUnderTest, people: People
) -> None:
    tmdb_bot.tg.fail_next(raw.functions.messages.SendMedia, errors.WebpageCurlFailed(), times=2)
    card = await imdb_card(tmdb_bot, people.alice, MATRIX_ID)
    assert card.photo is None and "<b>The Matrix</b>" in card.html


async def test_a_search_result_known_on_tmdb_by_another_name_is_matched_by_its_alternatives(
    tmdb_bot: BotUnderTest, kuryana: FakeKuryana, tmdb: FakeTmdb, people: People
) -> None:
    await tmdb_bot.tg.send_text(people.alice, "/mdl goblin")
    results = tmdb_bot.tg.last_to(people.alice.id)
    kuryana.fail_always(Fault.FORBIDDEN)
    await tmdb_bot.tg.press(people.alice, results, button="Goblin (2016)")
    card = tmdb_bot.tg.last_to(people.alice.id)
    # "Goblin" is not TMDB's name for it, but one of its alternative titles.
    assert "Guardian: The Lonely and Great God" in card.text and VIA_MDL in card.text
    _, params, _ = next(r for r in tmdb.requests if r[0] == "/3/tv/67915")
    assert "alternative_titles" in params["append_to_response"].split(",")


async def test_a_match_outlives_a_restart(
    tmp_path: Path, kuryana: FakeKuryana, imdb: FakeImdb, tmdb: FakeTmdb, people: People
) -> None:
    settings = tmdb_settings(tmp_path, kuryana, tmdb)
    async with running_bot(settings, kuryana, imdb) as bot:
        await mdl_card(bot, people.alice, "18452-goblin")
    kuryana.fail_always(Fault.FORBIDDEN)
    # A new process: an empty in-memory cache, the same database.
    async with running_bot(settings, kuryana, imdb) as bot:
        card = await mdl_card(bot, people.alice, "18452-goblin")
        assert VIA_MDL in card.text and "Guardian: The Lonely and Great God" in card.text
