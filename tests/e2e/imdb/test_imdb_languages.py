"""IMDb cards in the reader's language (issue 19), end to end through the test client.

Labels, kinds ("Movie"), runtimes, vote counts (Babel's grouping), buttons and refusals are
translated; IMDb's own words (title, genres, names, the plot) stay as they come, isolated
(FSI … PDI) inside Arabic lines.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from domain.text import CAPTION_LIMIT, FSI, PDI, utf16_len
from tests.conftest import BotUnderTest, bot_settings, running_bot
from tests.e2e.i18n.test_languages import english_words
from tests.fakes.imdb import FakeImdb
from tests.fakes.kuryana import FakeKuryana
from tests.harness.telegram import make_user

PREVIEW = ["id", "ar"]
MATRIX_URL = "https://www.imdb.com/title/tt0133093/"
INDONESIAN = make_user(4204, "Sari", "sari_imdb", lang="id")
ARABIC = make_user(5205, "ليلى", "layla_imdb", lang="ar")
_ISOLATED = re.compile(f"{FSI}[^{PDI}]*{PDI}")


@pytest.fixture
async def bot(tmp_path: Path, kuryana: FakeKuryana, imdb: FakeImdb) -> AsyncIterator[BotUnderTest]:
    settings = bot_settings(tmp_path, kuryana, preview_languages=PREVIEW)
    async with running_bot(settings, kuryana, imdb) as running:
        yield running


async def test_a_movie_card_in_indonesian(bot: BotUnderTest) -> None:
    await bot.tg.send_text(INDONESIAN, "/imdb the matrix 1999")
    results = bot.tg.last_to(INDONESIAN.id)
    await bot.tg.press(INDONESIAN, results, button="The Matrix")
    card = bot.tg.last_to(INDONESIAN.id)
    print("\n--- kartu IMDb (id) ---\n" + card.html)
    for shown in (
        "📅 Tahun: 1999",
        "🎞 Jenis: Film",
        "⭐ Rating: 8,7/10 (2.100.000 suara)",  # Babel: decimal comma, grouping dots
        "⏱ Durasi: 2 j 16 mnt",
        "🎭 Genre: Action, Sci-Fi",
        "🎬 Sutradara: Lana Wachowski, Lilly Wachowski",
        "🗣 Bahasa: English",
        "🔞 Klasifikasi usia: R",
    ):
        assert shown in card.text, f"{shown!r} missing from the card:\n{card.text}"
    assert "Seasons" not in card.text and "Musim" not in card.text
    assert card.button("Buka di IMDb").url == MATRIX_URL
    labels = [b.text for b in card.flat_buttons]
    assert "🎎 Cari di MyDramaList" in labels and labels[-1] == "« Kembali ke hasil"
    plot = card.html.split("<blockquote expandable>")[1]
    assert english_words(card.html.replace(plot, "").replace("The Matrix", "")) == []
    assert utf16_len(card.text) <= CAPTION_LIMIT


async def test_a_movie_card_in_arabic_reads_right_to_left(bot: BotUnderTest) -> None:
    await bot.tg.send_text(ARABIC, f"/imdburl {MATRIX_URL}")
    card = bot.tg.last_to(ARABIC.id)
    print("\n--- بطاقة IMDb (ar) ---\n" + card.html)
    assert f"<b>{FSI}The Matrix{PDI}</b>" in card.html
    for shown in (
        "🎞 النوع: فيلم",  # Arabic values need no isolating
        "⭐ التقييم: 8.7/10 (عدد الأصوات: 2,100,000)",
        "⏱ المدة: 2 س 16 د",
        f"🎬 الإخراج: {FSI}Lana Wachowski, Lilly Wachowski{PDI}",
    ):
        assert shown in card.text, f"{shown!r} missing from the card:\n{card.text}"
    assert card.button("افتح في IMDb").url == MATRIX_URL
    assert "🎎 ابحث في MyDramaList" in [b.text for b in card.flat_buttons]
    assert english_words(_ISOLATED.sub(" ", card.html)) == []
    assert utf16_len(card.text) <= CAPTION_LIMIT


async def test_imdb_refusals_in_arabic_and_indonesian(bot: BotUnderTest) -> None:
    await bot.tg.send_text(ARABIC, "/imdburl https://www.imdb.com/name/nm0000206/")
    assert bot.tg.last_to(ARABIC.id).text == (
        "⚠️ هذا ليس رابط عنوان ولا معرّفًا على IMDb.\n"
        "مثال: https://www.imdb.com/title/tt0133093/ أو tt0133093"
    )
    await bot.tg.send_text(INDONESIAN, "/imdburl")
    assert bot.tg.last_to(INDONESIAN.id).text == (
        "⚠️ Kirimkan tautan atau id IMDb.\n"
        "Cara pakai: /imdburl <tautan atau id IMDb> — contoh: /imdburl tt0133093"
    )
    await bot.tg.send_text(INDONESIAN, "/imdb")
    assert bot.tg.last_to(INDONESIAN.id).text.endswith(
        "\nCara pakai: /imdb <judul> [tahun] — contoh: /imdb the matrix 1999"
    )


async def test_a_forged_card_button_is_refused_in_indonesian(bot: BotUnderTest) -> None:
    await bot.tg.send_text(INDONESIAN, "/imdb the matrix")
    results = bot.tg.last_to(INDONESIAN.id)
    session = (results.flat_buttons[0].data or "").split(":")[1]
    query = await bot.tg.press(INDONESIAN, results, data=f"io:{session}:9:0")
    answer = bot.tg.answer_for(query)
    assert (answer.text, answer.alert) == ("Tombol ini sudah tidak berlaku.", True)
