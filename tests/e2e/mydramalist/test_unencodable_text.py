"""An upstream title with a lone UTF-16 surrogate (a JSON "\\ud800" escape) is shown, and cached.

Python keeps such a half as it is, UTF-8 cannot encode it, and so before the
fix every cache write and every message carrying that title failed.
"""

from __future__ import annotations

from types import SimpleNamespace

from adapters.imdb.convert import to_movie_hit
from adapters.upstream_text import encodable, encodable_json
from tests.conftest import BotUnderTest
from tests.harness.telegram import People

LONE = "\ud800"


def drama_hit(slug: str, title: str) -> dict[str, object]:
    number = slug.split("-", 1)[0]
    return {
        "slug": slug,
        "thumb": f"https://i.mydramalist.com/b{number}_4s.jpg",
        "mdl_id": f"mdl-{number}",
        "title": title,
        "ranking": None,
        "type": "Korean Drama",
        "year": 2021,
        "series": "12 episodes",
        "rating": 8.1,
    }


async def test_a_title_with_a_lone_surrogate_is_listed_and_cached(
    bot: BotUnderTest, people: People
) -> None:
    bot.kuryana.add_search("half", [drama_hit("70001-half-moon", f"Half {LONE}Moon")])
    for user in (people.alice, people.bob):
        await bot.tg.send_text(user, "/mdl half")
        assert "Half \ufffdMoon" in bot.tg.last_to(user.id).text
    assert bot.kuryana.hits["/search/q/half"] == 1  # the second answer came from the cache


def test_pairs_stay_and_lone_halves_become_the_replacement_character() -> None:
    assert encodable("Goblin 🎬") == "Goblin 🎬"
    assert encodable("a\udc00b\ud83d") == "a\ufffdb\ufffd"
    assert encodable_json({"t": [LONE, 1, None], LONE: "k"}) == {
        "t": ["\ufffd", 1, None],
        "\ufffd": "k",
    }


def test_an_imdb_title_with_a_lone_surrogate_is_made_encodable() -> None:
    brief = SimpleNamespace(imdbId="tt0133093", title=f"The {LONE}Matrix", year=1999)
    hit = to_movie_hit(brief)
    assert hit is not None and hit.title == "The \ufffdMatrix"
    hit.title.encode("utf-8")
