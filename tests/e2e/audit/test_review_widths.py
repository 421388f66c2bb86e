"""Reviews written in emoji fit under a poster: Telegram counts an emoji as two characters."""

from __future__ import annotations

from typing import Any

from domain.text import CAPTION_LIMIT, utf16_len
from tests.conftest import BotUnderTest
from tests.harness.telegram import People

GOBLIN_URL = "https://mydramalist.com/18452-goblin"


def review(name: str, text: str) -> dict[str, Any]:
    """One review as kuryana's FetchReviews builds it."""
    return {
        "reviewer": {"name": name, "user_link": "", "user_image": "", "info": ""},
        "review": [text],
        "ratings": {"overall": 8.0},
    }


async def test_emoji_reviews_under_a_poster_are_cut_each_to_fit_not_the_view(
    bot: BotUnderTest, people: People
) -> None:
    page = {
        "link": f"{GOBLIN_URL}/reviews?page=1",
        "title": "Goblin (2016)",
        "poster": "",
        "reviews": [review(f"user{n}", "😭💔 " * 800) for n in range(3)],
    }
    bot.kuryana.add_reviews("18452-goblin", 1, page)
    await bot.tg.send_text(people.alice, f"/mdlurl {GOBLIN_URL}")
    shown = bot.tg.last_to(people.alice.id)
    assert shown.photo  # a caption: 1024 characters as Telegram counts them
    await bot.tg.press(people.alice, shown, button="📝 Reviews")
    assert utf16_len(shown.text) <= CAPTION_LIMIT
    # Every review keeps its own hidden excerpt, and the view its link: nothing is cut
    # off the end (before, the third review was chopped and the link was lost).
    assert shown.html.count("<tg-spoiler>") == 3
    assert shown.html.count("</tg-spoiler>") == 3
    assert "All reviews on MyDramaList" in shown.text
