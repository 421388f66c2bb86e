"""A drama card's 🧭 Similar and 📝 Reviews views in the user's language.

The titles MyDramaList relates and its users' reviews stay as they come; the
framing around them (headings, buttons, "no score", the link to every review)
is translated. The bot previews the catalogs (tests/e2e/i18n/test_languages.py).
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.conftest import BotUnderTest, bot_settings, running_bot
from tests.e2e.i18n.test_languages import ARABIC, INDONESIAN, PREVIEW, english_words
from tests.e2e.i18n.test_spanish_and_portuguese import BRAZILIAN
from tests.e2e.mydramalist.test_similar_and_reviews import GOBLIN_URL, goblin
from tests.fakes.imdb import FakeImdb
from tests.fakes.kuryana import FakeKuryana
from tests.harness.telegram import Sent


@pytest.fixture
async def bot(tmp_path: Path, kuryana: FakeKuryana, imdb: FakeImdb) -> AsyncIterator[BotUnderTest]:
    settings = bot_settings(tmp_path, kuryana, preview_languages=[*PREVIEW, "es", "pt_BR"])
    async with running_bot(settings, kuryana, imdb) as running:
        yield running


async def card(bot: BotUnderTest, user: object) -> Sent:
    await bot.tg.send_text(user, f"/mdlurl {GOBLIN_URL}")  # type: ignore[arg-type]
    return bot.tg.last_to(user.id)  # type: ignore[attr-defined]


def framing(html: str) -> str:
    """The view without MyDramaList's data: its numbered rows and the reviewers' words."""
    html = re.sub(r"<tg-spoiler>.*?</tg-spoiler>", " ", html, flags=re.S)
    return "\n".join(line for line in html.splitlines() if not re.match(r"(<b>)?\d+\. ", line))


async def test_similar_in_indonesian(bot: BotUnderTest) -> None:
    bot.kuryana.add_drama(
        "40001-goblin-special", {**goblin(), "title": "Goblin: Special Edition (2017)"}
    )
    shown = await card(bot, INDONESIAN)
    await bot.tg.press(INDONESIAN, shown, button="🧭 Serupa")
    assert "🧭 <b>Mirip Goblin</b>" in shown.html
    assert "Terkait di MyDramaList:" in shown.text
    assert "1. <b>Goblin: Special Edition</b> (Special)" in shown.html  # as MyDramaList says
    assert shown.text.endswith("Ketuk judul untuk membuka kartunya.")
    assert [b.text for b in shown.flat_buttons] == [
        "1. Goblin: Special Edition",
        "« Kembali ke kartu",
    ]
    assert english_words(framing(shown.html)) == []


async def test_similar_without_related_titles_in_portuguese(bot: BotUnderTest) -> None:
    data = goblin()
    del data["others"]["related_content"]
    bot.kuryana.add_drama("18452-goblin", data)
    shown = await card(bot, BRAZILIAN)
    await bot.tg.press(BRAZILIAN, shown, button="🧭 Parecidos")
    assert shown.text.endswith(
        "O MyDramaList não lista títulos relacionados a este (nem recomendações que eu "
        "consiga ler)."
    )
    assert english_words(framing(shown.html), "pt_BR") == []


async def test_reviews_in_arabic_keep_the_reviewers_words(bot: BotUnderTest) -> None:
    shown = await card(bot, ARABIC)
    await bot.tg.press(ARABIC, shown, button="📝 المراجعات")
    # In Arabic, MyDramaList's Latin title and names are isolated (FSI … PDI: domain/text.py).
    assert "📝 <b>مراجعات \u2068Goblin\u2069</b> · الصفحة 1" in shown.html
    assert "<b>1. ⭐ 9.5/10</b> · \u2068seoulsearcher\u2069" in shown.html
    assert "<tg-spoiler><i>A fairy tale that earns its tears</i>\nKim Shin is cursed" in shown.html
    assert "<b>2. بلا تقييم</b> · \u2068quietviewer\u2069" in shown.html
    assert (
        '<a href="https://mydramalist.com/18452-goblin/reviews">كل المراجعات على MyDramaList</a>'
        in (shown.html)
    )
    assert english_words(framing(shown.html)) == []
    assert [b.text for b in shown.flat_buttons] == ["التالي »", "« العودة إلى البطاقة"]

    await bot.tg.press(ARABIC, shown, button="التالي »")
    assert "· الصفحة 2" in shown.text and "لا مزيد من المراجعات." in shown.text
    assert [b.text for b in shown.flat_buttons] == ["« السابق", "« العودة إلى البطاقة"]


async def test_a_title_without_reviews_in_indonesian(bot: BotUnderTest) -> None:
    bot.kuryana.review_pages.clear()
    shown = await card(bot, INDONESIAN)
    await bot.tg.press(INDONESIAN, shown, button="📝 Ulasan")
    assert shown.text.endswith("Belum ada ulasan di MyDramaList.")
