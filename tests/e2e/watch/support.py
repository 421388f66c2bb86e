"""Steps the where-to-watch tests share."""

from __future__ import annotations

from typing import Any

from tests.conftest import BotUnderTest
from tests.harness.telegram import CallbackAnswer, Sent

WHERE = "📺 Where to watch"
TRAILER = "▶️ Trailer"
ATTRIBUTION = "Streaming data by JustWatch, via TMDB."


async def imdb_card(bot: BotUnderTest, user: Any, imdb_id: str) -> Sent:
    await bot.tg.send_text(user, f"/imdburl {imdb_id}")
    return bot.tg.last_to(user.id)


async def mdl_card(bot: BotUnderTest, user: Any, slug: str) -> Sent:
    await bot.tg.send_text(user, f"/mdlurl https://mydramalist.com/{slug}")
    return bot.tg.last_to(user.id)


async def where_to_watch(bot: BotUnderTest, user: Any, card: Sent) -> Sent:
    await bot.tg.press(user, card, button=WHERE)
    return bot.tg.last_to(user.id)


def answer_of(bot: BotUnderTest, query_id: int) -> CallbackAnswer:
    answers = [a for a in bot.tg.callback_answers if a.query_id == query_id]
    assert len(answers) == 1, answers
    return answers[0]


def button_texts(sent: Sent) -> list[str]:
    return [b.text for b in sent.flat_buttons]
