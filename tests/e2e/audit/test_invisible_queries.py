"""A query of invisible characters only (zero-width spaces, direction marks) is no query."""

from __future__ import annotations

import pytest

from tests.conftest import BotUnderTest
from tests.harness.telegram import People


@pytest.mark.parametrize(
    ("command", "usage"),
    [
        ("/person", "Usage: /person <name>"),
        ("/mdl", "Usage: /mdl <title>"),
        ("/search", "Usage: /search <title>"),
    ],
)
async def test_an_invisible_query_gets_its_own_commands_usage(
    bot: BotUnderTest, people: People, command: str, usage: str
) -> None:
    calls = bot.kuryana.total_hits
    await bot.tg.send_text(people.alice, f"{command} \u200b\u200b\u200f\ufeff")
    answer = bot.tg.last_to(people.alice.id).text
    # Before: /person answered with IMDb's "Example: /imdb the matrix 1999", and /mdl
    # searched MyDramaList for nothing.
    assert answer.startswith("⚠️ Tell me what to look for.")
    assert usage in answer
    assert bot.kuryana.total_hits == calls
