"""📺 Where to watch and ▶️ Trailer on IMDb cards, and /region, end to end.

Telegram test client → the wired bot → the fake IMDb and the fake TMDB server.
"""

from __future__ import annotations

from pathlib import Path

import structlog

from tests.conftest import BotUnderTest, running_bot
from tests.e2e.watch.conftest import tmdb_settings
from tests.e2e.watch.support import (
    ATTRIBUTION,
    TRAILER,
    WHERE,
    answer_of,
    button_texts,
    imdb_card,
    where_to_watch,
)
from tests.fakes.imdb import FakeImdb
from tests.fakes.imdb_catalogue import BREAKING_BAD_ID, MATRIX_ID, MATRIX_RELOADED_ID
from tests.fakes.kuryana import FakeKuryana
from tests.fakes.tmdb import MATRIX_TRAILER_KEY, FakeTmdb, provider
from tests.harness.telegram import People, make_user

MATRIX_TRAILER = f"https://www.youtube.com/watch?v={MATRIX_TRAILER_KEY}"


async def test_a_movie_card_offers_where_to_watch_and_its_official_trailer(
    tmdb_bot: BotUnderTest, people: People
) -> None:
    card = await imdb_card(tmdb_bot, people.alice, MATRIX_ID)
    assert "<b>The Matrix</b>" in card.html  # the IMDb card itself is unchanged
    assert card.button(WHERE).data is not None
    # Of a teaser, a fan trailer, a Vimeo trailer and the official YouTube one: the last.
    assert card.button(TRAILER).url == MATRIX_TRAILER
    assert button_texts(card).index("🔗 Open on IMDb") < button_texts(card).index(WHERE)


async def test_where_to_watch_lists_the_offers_of_the_users_country(
    tmdb_bot: BotUnderTest, people: People
) -> None:
    card = await imdb_card(tmdb_bot, people.alice, MATRIX_ID)  # language "en": the default, US
    view = await where_to_watch(tmdb_bot, people.alice, card)
    assert view.id != card.id  # a new message: the card stays as it was
    assert view.text.splitlines()[:2] == [
        "📺 Where to watch The Matrix (1999)",
        "in 🇺🇸 United States",
    ]
    assert "▶️ Stream: Max" in view.text
    assert "💵 Rent: Apple TV, Google Play Movies" in view.text  # TMDB's display order
    assert "🛒 Buy: Apple TV" in view.text
    assert ATTRIBUTION in view.text
    assert '<a href="https://www.themoviedb.org/movie/603/watch?locale=US">' in view.html
    assert view.button("All offers on TMDB").url == (
        "https://www.themoviedb.org/movie/603/watch?locale=US"
    )


async def test_a_country_without_offers_says_so_and_names_the_nearest_that_have_some(
    tmdb_bot: BotUnderTest,
) -> None:
    portuguese = make_user(4004, "Paula", "paula", lang="en-PT")
    card = await imdb_card(tmdb_bot, portuguese, MATRIX_ID)
    view = await where_to_watch(tmdb_bot, portuguese, card)
    assert "in 🇵🇹 Portugal" in view.text
    assert "No streaming, rental or purchase offers in Portugal." in view.text
    assert "Offers exist in: 🇬🇧 United Kingdom, 🇩🇪 Germany, 🇺🇸 United States." in view.text
    assert button_texts(view)[:3] == ["🇬🇧 United Kingdom", "🇩🇪 Germany", "🇺🇸 United States"]
    # A neighbour's button shows that country's offers in place.
    await tmdb_bot.tg.press(portuguese, view, button="Germany")
    shown = tmdb_bot.tg.last_to(portuguese.id)
    assert shown.id == view.id and shown.edits == 1
    assert "in 🇩🇪 Germany" in shown.text and "▶️ Stream: Netflix" in shown.text
    assert "🇵🇹 Portugal" in button_texts(shown)  # and back to the user's own country
    assert shown.button("All offers on TMDB").url.endswith("locale=DE")


async def test_region_command_sets_shows_and_resets_the_country(
    tmdb_bot: BotUnderTest, people: People
) -> None:
    await tmdb_bot.tg.send_text(people.alice, "/region")
    assert tmdb_bot.tg.last_to(people.alice.id).text.startswith(
        "📺 Where-to-watch country: 🇺🇸 United States (the bot's default)."
    )
    await tmdb_bot.tg.send_text(people.alice, "/region jp")
    assert tmdb_bot.tg.last_to(people.alice.id).text == (
        "📺 Done: I'll show offers in 🇯🇵 Japan. /region reset goes back to automatic."
    )
    card = await imdb_card(tmdb_bot, people.alice, MATRIX_ID)
    view = await where_to_watch(tmdb_bot, people.alice, card)
    assert "in 🇯🇵 Japan" in view.text and "🛒 Buy: Google Play Movies" in view.text
    await tmdb_bot.tg.send_text(people.alice, "/region")
    assert "🇯🇵 Japan (you chose it)" in tmdb_bot.tg.last_to(people.alice.id).text
    await tmdb_bot.tg.send_text(people.alice, "/region reset")
    await tmdb_bot.tg.send_text(people.alice, "/region")
    assert "(the bot's default)" in tmdb_bot.tg.last_to(people.alice.id).text


async def test_the_telegram_language_names_the_country_when_none_was_set(
    tmdb_bot: BotUnderTest,
) -> None:
    # An English app set up in Portugal (en-PT), and a Brazilian one that reads Portuguese.
    english = make_user(4007, "Paula", "paula", lang="en-PT")
    await tmdb_bot.tg.send_text(english, "/region")
    assert "🇵🇹 Portugal (from your Telegram language)" in tmdb_bot.tg.last_to(english.id).text
    brazilian = make_user(4005, "Bruno", "bruno", lang="pt-br")
    await tmdb_bot.tg.send_text(brazilian, "/region")
    assert "🇧🇷 Brasil (pelo idioma do seu Telegram)" in tmdb_bot.tg.last_to(brazilian.id).text


async def test_region_refuses_what_is_not_a_country(tmdb_bot: BotUnderTest, people: People) -> None:
    for argument in ("XX", "Narnia", "<b>KR</b>", "K" * 5000):
        await tmdb_bot.tg.send_text(people.alice, f"/region {argument}")
        reply = tmdb_bot.tg.last_to(people.alice.id)
        assert "That is not a country I know offers for." in reply.text
        assert "/region KR" in reply.text
    await tmdb_bot.tg.send_text(people.alice, "/region South Korea")
    assert "🇰🇷 South Korea" in tmdb_bot.tg.last_to(people.alice.id).text


async def test_a_series_without_an_official_trailer_gets_no_trailer_button(
    tmdb_bot: BotUnderTest, people: People
) -> None:
    card = await imdb_card(tmdb_bot, people.alice, BREAKING_BAD_ID)
    assert WHERE in button_texts(card)
    assert TRAILER not in button_texts(card)  # only a fan cut, not official
    view = await where_to_watch(tmdb_bot, people.alice, card)
    assert "Where to watch Breaking Bad (2008)" in view.text and "▶️ Stream: Netflix" in view.text


async def test_a_title_tmdb_lacks_gets_no_where_to_watch_button(
    tmdb_bot: BotUnderTest, tmdb: FakeTmdb, people: People
) -> None:
    card = await imdb_card(tmdb_bot, people.alice, MATRIX_RELOADED_ID)
    assert "The Matrix Reloaded" in card.text
    assert WHERE not in button_texts(card) and TRAILER not in button_texts(card)
    assert tmdb.hits["find"] == 1 and tmdb.hits["details"] == 0


async def test_rate_limited_by_tmdb_the_bot_waits_as_retry_after_says_and_retries(
    tmdb_bot: BotUnderTest, tmdb: FakeTmdb, people: People
) -> None:
    tmdb.fail_next(429, retry_after="0", route="details")
    card = await imdb_card(tmdb_bot, people.alice, MATRIX_ID)
    assert card.button(TRAILER).url == MATRIX_TRAILER
    assert tmdb.hits["details"] == 2


async def test_tmdb_down_the_card_goes_out_and_the_button_says_why(
    tmdb_bot: BotUnderTest, tmdb: FakeTmdb, people: People
) -> None:
    tmdb.fail_always(503)
    card = await imdb_card(tmdb_bot, people.alice, MATRIX_ID)
    assert "<b>The Matrix</b>" in card.html
    assert TRAILER not in button_texts(card)
    query = await tmdb_bot.tg.press(people.alice, card, button=WHERE)
    answer = answer_of(tmdb_bot, query)
    assert answer.alert and "TMDB is not answering right now" in answer.text


async def test_offers_are_served_from_the_saved_copy_while_tmdb_is_down(
    tmdb_bot: BotUnderTest, tmdb: FakeTmdb, people: People
) -> None:
    card = await imdb_card(tmdb_bot, people.alice, MATRIX_ID)
    tmdb.fail_always(500)
    view = await where_to_watch(tmdb_bot, people.alice, card)
    assert "▶️ Stream: Max" in view.text  # fresh in the cache: no call needed


async def test_hostile_provider_names_are_shown_as_text(
    tmdb_bot: BotUnderTest, tmdb: FakeTmdb, people: People
) -> None:
    matrix = tmdb.titles[("movie", 603)]
    matrix.providers["US"]["flatrate"] = [
        provider('<script>alert("x")</script> & Co', 9, 0)
    ] * 3 + [{"provider_name": 42}, "not an object", {"display_priority": "high"}]
    card = await imdb_card(tmdb_bot, people.alice, MATRIX_ID)
    view = await where_to_watch(tmdb_bot, people.alice, card)
    assert '▶️ Stream: <script>alert("x")</script> & Co' in view.text  # once, deduplicated
    assert "&lt;script&gt;" in view.html


async def test_a_forged_country_button_is_refused(tmdb_bot: BotUnderTest) -> None:
    portuguese = make_user(4006, "Pia", "pia", lang="en-PT")
    card = await imdb_card(tmdb_bot, portuguese, MATRIX_ID)
    view = await where_to_watch(tmdb_bot, portuguese, card)
    session = view.flat_buttons[0].data.split(":")[1]  # type: ignore[union-attr]
    query = await tmdb_bot.tg.press(portuguese, view, data=f"vc:{session}:99")
    assert answer_of(tmdb_bot, query).text == "This button is no longer valid."
    query = await tmdb_bot.tg.press(portuguese, view, data=f"vc:{session}:0")
    assert answer_of(tmdb_bot, query).text == "This button is no longer valid."


async def test_without_a_key_the_bot_is_as_before(
    tmp_path: Path, kuryana: FakeKuryana, imdb: FakeImdb, tmdb: FakeTmdb, people: People
) -> None:
    settings = tmdb_settings(tmp_path, kuryana, tmdb, tmdb_api_key=None)
    async with running_bot(settings, kuryana, imdb) as bot:
        assert bot.services.tmdb is None
        card = await imdb_card(bot, people.alice, MATRIX_ID)
        assert WHERE not in button_texts(card) and TRAILER not in button_texts(card)
        await bot.tg.send_text(people.alice, "/region KR")
        assert bot.tg.last_to(people.alice.id).text.startswith("I don't know /region.")
        await bot.tg.send_text(people.alice, "/help")
        assert "/region" not in bot.tg.last_to(people.alice.id).text
        assert "TMDB" not in [b.name for b in bot.services.breakers]
    assert tmdb.total_hits() == 0


async def test_a_refused_key_is_one_clear_warning_and_the_bot_runs_as_without_one(
    tmp_path: Path, kuryana: FakeKuryana, imdb: FakeImdb, tmdb: FakeTmdb, people: People
) -> None:
    settings = tmdb_settings(tmp_path, kuryana, tmdb, tmdb_api_key="f" * 32)
    with structlog.testing.capture_logs() as logs:
        async with running_bot(settings, kuryana, imdb) as bot:
            card = await imdb_card(bot, people.alice, MATRIX_ID)
            assert "<b>The Matrix</b>" in card.html
            assert WHERE not in button_texts(card) and TRAILER not in button_texts(card)
    warnings = [e for e in logs if e["event"] == "tmdb_key_refused_at_startup"]
    assert len(warnings) == 1 and "TMDB_API_KEY was refused" in warnings[0]["advice"]
    assert tmdb.total_hits() == 1  # proved once at start-up, never asked again


async def test_a_v4_read_access_token_is_sent_as_a_bearer_token(
    tmp_path: Path, kuryana: FakeKuryana, imdb: FakeImdb, tmdb: FakeTmdb, people: People
) -> None:
    from tests.fakes.tmdb import READ_TOKEN

    settings = tmdb_settings(tmp_path, kuryana, tmdb, tmdb_api_key=READ_TOKEN)
    async with running_bot(settings, kuryana, imdb) as bot:
        card = await imdb_card(bot, people.alice, MATRIX_ID)
        assert card.button(TRAILER).url == MATRIX_TRAILER
    _, params, headers = tmdb.requests[-1]
    assert "api_key" not in params and headers["Authorization"] == f"Bearer {READ_TOKEN}"


async def test_health_and_metrics_include_tmdb(
    tmdb_bot: BotUnderTest, tmdb: FakeTmdb, people: People
) -> None:
    await tmdb_bot.tg.send_text(people.owner, "/health")
    health = tmdb_bot.tg.last_to(people.owner.id).text
    assert "✅ TMDB" in health and "TMDB: closed" in health
    metrics = tmdb_bot.services.metrics.render().decode()
    assert 'bot_breaker_state{breaker="TMDB"} 0.0' in metrics
    tmdb.fail_always(503)
    for _ in range(5):  # BREAKER_FAILURES failed lookups in a row open it
        card = await imdb_card(tmdb_bot, people.alice, MATRIX_RELOADED_ID)
        assert "The Matrix Reloaded" in card.text  # the card goes out all the same
    metrics = tmdb_bot.services.metrics.render().decode()
    assert 'bot_breaker_state{breaker="TMDB"} 2.0' in metrics
    await tmdb_bot.tg.send_text(people.owner, "/health")
    health = tmdb_bot.tg.last_to(people.owner.id).text
    assert "❌ TMDB" in health and "TMDB: open" in health


async def test_forged_where_to_watch_buttons_are_refused(
    tmdb_bot: BotUnderTest, tmdb: FakeTmdb, people: People
) -> None:
    card = await imdb_card(tmdb_bot, people.alice, MATRIX_ID)
    session = card.button(WHERE).data.split(":")[1]  # type: ignore[union-attr]
    hits = tmdb.total_hits()
    for data in (f"iv:{session}:7", f"mv:{session}:0", f"vc:{session}:1"):
        query = await tmdb_bot.tg.press(people.alice, card, data=data)
        assert answer_of(tmdb_bot, query).text == "This button is no longer valid."
    query = await tmdb_bot.tg.press(people.bob, card, button=WHERE)  # not the one who asked
    assert "Only the person who searched" in answer_of(tmdb_bot, query).text
    assert tmdb.total_hits() == hits
