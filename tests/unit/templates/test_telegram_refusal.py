"""The check a template's cards pass before it is stored: Kurigram's parser, Telegram's rules."""

from __future__ import annotations

import pytest

from app.telegram.html import telegram_refusal


@pytest.mark.parametrize(
    ("markup", "limit", "caption", "problem"),
    [
        ('<tg-emoji emoji-id="star">⭐</tg-emoji>', 4096, False, "Kurigram cannot read it"),
        ('<tg-emoji emoji-id="99999999999999999999">⭐</tg-emoji>', 4096, False, "cannot read"),
        ("<b> </b>", 4096, False, "it would be empty"),
        ("😀" * 513, 1024, True, "it would be 1026 characters long, over Telegram's 1024"),
    ],
)
async def test_what_telegram_would_refuse_is_named(
    markup: str, limit: int, caption: bool, problem: str
) -> None:
    found = await telegram_refusal(markup, limit, caption=caption)
    assert found is not None and problem in found


@pytest.mark.parametrize(
    ("markup", "caption"),
    [("<b>Goblin</b> &amp;amp; co", False), ("", True), ("😀" * 512, True)],
)
async def test_what_telegram_takes_passes(markup: str, caption: bool) -> None:
    assert await telegram_refusal(markup, 1024, caption=caption) is None
