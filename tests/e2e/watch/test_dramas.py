"""📺 Where to watch and ▶️ Trailer on MyDramaList cards, matched by title, year and country."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from tests.conftest import BotUnderTest, running_bot
from tests.e2e.watch.conftest import tmdb_settings
from tests.e2e.watch.support import (
    ATTRIBUTION,
    TRAILER,
    WHERE,
    button_texts,
    mdl_card,
    where_to_watch,
)
from tests.fakes.imdb import FakeImdb
from tests.fakes.kuryana import FIXTURES, FakeKuryana
from tests.fakes.tmdb import GOBLIN_TRAILER_KEY, FakeTmdb
from tests.harness.telegram import People, make_user


def drama_like(slug: str, title: str, year: int, country: str, native: str) -> dict[str, Any]:
    """A kuryana ``/id`` data object shaped as Goblin's fixture, for another title."""
    data = copy.deepcopy(json.loads((FIXTURES / "drama_goblin.json").read_text())["data"])
    data.update(
        link=f"https://mydramalist.com/{slug}",
        title=f"{title} ({year})",
        complete_title=f"{title} ({year})",
        year=str(year),
        sub_title=f"Drama ‧ {year}",
    )
    data["details"].update(drama=title, country=country)
    data["others"].update(native_title=[native], also_known_as=[])
    return data


async def test_a_drama_card_offers_where_to_watch_and_its_trailer(
    tmdb_bot: BotUnderTest, tmdb: FakeTmdb, people: People
) -> None:
    card = await mdl_card(tmdb_bot, people.alice, "18452-goblin")
    assert "<b>Goblin</b>" in card.html
    assert card.button(TRAILER).url == f"https://www.youtube.com/watch?v={GOBLIN_TRAILER_KEY}"
    view = await where_to_watch(tmdb_bot, people.alice, card)
    # MyDramaList's native title found TMDB's, whose English name differs.
    assert view.text.splitlines()[:2] == [
        "📺 Where to watch Guardian: The Lonely and Great God (2016)",
        "in 🇺🇸 United States",
    ]
    assert "▶️ Stream: Netflix, Rakuten Viki" in view.text
    assert "🆓 Free: Pluto TV" in view.text and "📢 Free with ads: Tubi TV" in view.text
    assert ATTRIBUTION in view.text
    assert view.button("All offers on TMDB").url == (
        "https://www.themoviedb.org/tv/67915/watch?locale=US"
    )
    _, params, _ = next(r for r in tmdb.requests if r[0] == "/3/search/tv")
    assert params["first_air_date_year"] == "2016"


async def test_a_drama_without_offers_in_the_users_country_names_the_nearest(
    tmdb_bot: BotUnderTest,
) -> None:
    brazilian = make_user(4010, "Bia", "bia", lang="en-BR")
    card = await mdl_card(tmdb_bot, brazilian, "18452-goblin")
    view = await where_to_watch(tmdb_bot, brazilian, card)
    assert "in 🇧🇷 Brazil" in view.text
    assert "No streaming, rental or purchase offers in Brazil." in view.text
    assert "Offers exist in: 🇺🇸 United States, 🇰🇷 South Korea." in view.text
    await tmdb_bot.tg.press(brazilian, view, button="South Korea")
    assert "▶️ Stream: Netflix" in tmdb_bot.tg.last_to(brazilian.id).text


async def test_a_korean_movie_is_matched_among_movies_by_its_language(
    tmdb_bot: BotUnderTest, people: People
) -> None:
    await tmdb_bot.tg.send_text(people.alice, "/region KR")
    card = await mdl_card(tmdb_bot, people.alice, "28311-parasite")
    view = await where_to_watch(tmdb_bot, people.alice, card)
    assert "Where to watch Parasite (2019)" in view.text and "💵 Rent: Apple TV" in view.text
    assert view.button("All offers on TMDB").url.startswith(
        "https://www.themoviedb.org/movie/496243"
    )


async def test_same_title_remakes_match_their_own_country_and_year_or_nothing(
    tmdb_bot: BotUnderTest, kuryana: FakeKuryana, people: People
) -> None:
    kuryana.add_drama(
        "25172-mother", drama_like("25172-mother", "Mother", 2018, "South Korea", "마더")
    )
    kuryana.add_drama("100-mother", drama_like("100-mother", "Mother", 2010, "Japan", "Mother"))
    kuryana.add_drama("200-mother", drama_like("200-mother", "Mother", 2012, "South Korea", "엄마"))
    korean = await mdl_card(tmdb_bot, people.alice, "25172-mother")
    assert TRAILER in button_texts(korean)  # the Korean remake's own trailer
    view = await where_to_watch(tmdb_bot, people.alice, korean)
    assert "Mother (2018)" in view.text and "locale=US" in view.button("All offers").url
    assert "/tv/76543/" in view.button("All offers").url
    japanese = await mdl_card(tmdb_bot, people.alice, "100-mother")
    assert TRAILER not in button_texts(japanese)
    view = await where_to_watch(tmdb_bot, people.alice, japanese)
    assert "Mother (2010)" in view.text and "/tv/45678/" in view.button("All offers").url
    # No Korean "Mother" of 2012 on TMDB: no button rather than another country's or year's.
    unmatched = await mdl_card(tmdb_bot, people.alice, "200-mother")
    assert WHERE not in button_texts(unmatched) and TRAILER not in button_texts(unmatched)


async def test_back_to_card_keeps_the_tmdb_buttons(tmdb_bot: BotUnderTest, people: People) -> None:
    card = await mdl_card(tmdb_bot, people.alice, "18452-goblin")
    await tmdb_bot.tg.press(people.alice, card, button="Cast")
    await tmdb_bot.tg.press(
        people.alice, tmdb_bot.tg.last_to(people.alice.id), button="Back to card"
    )
    back = tmdb_bot.tg.last_to(people.alice.id)
    assert back.id == card.id
    assert WHERE in button_texts(back) and TRAILER in button_texts(back)


async def test_without_a_key_a_drama_card_is_as_before(
    tmp_path: Path, kuryana: FakeKuryana, imdb: FakeImdb, tmdb: FakeTmdb, people: People
) -> None:
    settings = tmdb_settings(tmp_path, kuryana, tmdb, tmdb_api_key=None)
    async with running_bot(settings, kuryana, imdb) as bot:
        card = await mdl_card(bot, people.alice, "18452-goblin")
        assert WHERE not in button_texts(card) and TRAILER not in button_texts(card)
    assert tmdb.total_hits() == 0


async def test_two_candidates_known_by_the_same_alternative_title_are_no_match(
    tmdb_bot: BotUnderTest, kuryana: FakeKuryana, tmdb: FakeTmdb, people: People
) -> None:
    from tests.fakes.tmdb import Title, _tv

    for tmdb_id, name in ((91001, "Star Tale"), (91002, "Tale of the Star")):
        tmdb.add(
            Title(
                "tv",
                _tv(tmdb_id, name, name, "2021-03-01", "ko", ["KR"]),
                also_known_as=["Starlight"],
            )
        )
    kuryana.add_drama(
        "300-starlight", drama_like("300-starlight", "Starlight", 2021, "South Korea", "별빛")
    )
    card = await mdl_card(tmdb_bot, people.alice, "300-starlight")
    assert WHERE not in button_texts(card)
