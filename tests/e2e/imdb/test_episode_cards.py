"""Episode and series cards, and the certificate, end to end on rich fake IMDb pages (issue 22)."""

from __future__ import annotations

from pyrogram import raw

from tests.conftest import BotUnderTest
from tests.fakes.imdb_catalogue import (
    BREAKING_BAD_ID,
    GRAY_MATTER_ID,
    MATRIX_ID,
    PILOT_ID,
    QUIET_HARBOUR_ID,
)
from tests.harness.telegram import People, Sent


async def card_for(bot: BotUnderTest, user: raw.types.User, imdb_id: str) -> Sent:
    await bot.tg.send_text(user, f"/imdburl {imdb_id}")
    return bot.tg.last_to(user.id)


async def test_an_episode_card_says_which_series_with_a_button_to_its_card(
    bot: BotUnderTest, people: People
) -> None:
    card = await card_for(bot, people.alice, PILOT_ID)
    assert "📺 <b>Breaking Bad · S01E01</b>" in card.html
    assert "Type: TV episode" in card.text

    await bot.tg.press(people.alice, card, button="Series card")
    series = bot.tg.last_to(people.alice.id)
    assert series is not card
    assert "🎬 <b>Breaking Bad</b>" in series.html
    assert "Seasons: 5" in series.text
    assert bot.imdb.page_ids[-1] == BREAKING_BAD_ID


async def test_a_series_card_shows_its_creators(bot: BotUnderTest, people: People) -> None:
    card = await card_for(bot, people.alice, BREAKING_BAD_ID)
    assert "Created by: Vince Gilligan" in card.text
    assert not any("Series card" in b.text for b in card.flat_buttons)


async def test_an_older_layout_episode_still_shows_its_director_and_stars(
    bot: BotUnderTest, people: People
) -> None:
    card = await card_for(bot, people.alice, GRAY_MATTER_ID)
    assert "Breaking Bad · S01E05" in card.text
    assert "Director: Tricia Lantern" in card.text
    assert "Stars: Bryan Cranston, Aaron Paul" in card.text


async def test_a_movie_card_has_no_series_line_or_button(bot: BotUnderTest, people: People) -> None:
    card = await card_for(bot, people.alice, MATRIX_ID)
    assert " · S0" not in card.text
    assert not any("Series card" in b.text for b in card.flat_buttons)


async def test_the_certificate_is_the_rating_boards_without_imdbinfos_suffixes(
    bot: BotUnderTest, people: People
) -> None:
    # The page lists a TV-14 before the MPA's "R" with its certificate number.
    card = await card_for(bot, people.alice, MATRIX_ID)
    assert "🔞 Certificate: R\n" in card.text
    assert "TV-14" not in card.text and "certificate #" not in card.text


async def test_without_a_us_certificate_the_countrys_own_is_shown(
    bot: BotUnderTest, people: People
) -> None:
    card = await card_for(bot, people.alice, QUIET_HARBOUR_ID)
    assert card.text.endswith("🔞 Certificate: 12")  # Germany's, not Austria's "10"


async def test_episode_placeholders_in_a_users_template(bot: BotUnderTest, people: People) -> None:
    await bot.tg.send_text(
        people.alice, "/setimdbtemplate <b>{series}</b> {episode_code}: {title} ({creators})"
    )
    assert "saved" in bot.tg.last_to(people.alice.id).text.lower()
    card = await card_for(bot, people.alice, PILOT_ID)
    assert card.html.startswith("<b>Breaking Bad</b> S01E01: Pilot")


async def test_budget_and_metacritic_placeholders(bot: BotUnderTest, people: People) -> None:
    await bot.tg.send_text(
        people.alice, "/setimdbtemplate {title}: {budget} · Metacritic {metacritic}"
    )
    card = await card_for(bot, people.alice, MATRIX_ID)
    assert card.text.startswith("The Matrix: 63,000,000 USD · Metacritic 73")
