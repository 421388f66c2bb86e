"""MyDramaList cards and their views in the reader's language (issue 19), end to end.

Indonesian and Arabic are previewed (PREVIEW_LANGUAGES) as tests/e2e/i18n does. What
MyDramaList says (titles, genres, "15+ - Teens 15 or older") stays as it comes; every label,
button, heading and error around it is translated. In Arabic, each value from upstream sits
between FSI and PDI (U+2068/U+2069), so a Latin title keeps its order inside an Arabic line.
"""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from pyrogram import raw

from domain.text import CAPTION_LIMIT, FSI, PDI, TEXT_LIMIT, utf16_len
from tests.conftest import BotUnderTest, bot_settings, running_bot
from tests.e2e.i18n.test_languages import english_words
from tests.fakes.imdb import FakeImdb
from tests.fakes.kuryana import FIXTURES, FakeKuryana
from tests.harness.telegram import People, Sent, make_user

PREVIEW = ["id", "ar"]
GOBLIN_URL = "https://mydramalist.com/18452-goblin"
INDONESIAN = make_user(4104, "Sari", "sari_id", lang="id")
ARABIC = make_user(5105, "ليلى", "layla_ar", lang="ar")
_ISOLATED = re.compile(f"{FSI}[^{PDI}]*{PDI}")


def words_of_ours(html: str, *upstream: str) -> list[str]:
    """English words left in ``html`` once MyDramaList's own values are taken out: in Arabic
    those are isolated, in Indonesian they are named."""
    text = _ISOLATED.sub(" ", html)
    for value in upstream:
        text = text.replace(value, " ")
    return english_words(text)


def goblin() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FIXTURES / "drama_goblin.json").read_text())["data"]
    return data


@pytest.fixture
async def bot(tmp_path: Path, kuryana: FakeKuryana, imdb: FakeImdb) -> AsyncIterator[BotUnderTest]:
    settings = bot_settings(tmp_path, kuryana, preview_languages=PREVIEW)
    async with running_bot(settings, kuryana, imdb) as running:
        yield running


async def card_for(bot: BotUnderTest, user: raw.types.User) -> Sent:
    await bot.tg.send_text(user, f"/mdlurl {GOBLIN_URL}")
    return bot.tg.last_to(user.id)


GOBLIN_UPSTREAM = (
    "Goblin",
    "South Korea",
    "15+ - Teens 15 or older",
    "Comedy, Romance, Fantasy, Melodrama",
    "8.8 (scored by 123,456 users)",
    "Gong Yoo, Kim Go Eun, Lee Dong Wook, Yoo In Na",
)


async def test_a_drama_card_in_indonesian_from_a_search(bot: BotUnderTest) -> None:
    await bot.tg.send_text(INDONESIAN, "/mdl goblin")
    results = bot.tg.last_to(INDONESIAN.id)
    # The people the search matched, with Indonesian plurals and the /person hint.
    assert "👤 Juga cocok dengan 1 tokoh:" in results.html
    assert "Kartu tokohnya: /person &lt;nama&gt;." in results.html
    await bot.tg.press(INDONESIAN, results, button="1. ")
    card = bot.tg.last_to(INDONESIAN.id)
    print("\n--- kartu (id) ---\n" + card.html)
    for expected in (
        "🎬 <b>Goblin</b>",
        "📅 Tahun: 2016",
        "🌏 Negara: South Korea",
        "📺 Episode: 16",
        "📡 Saluran: tvN",
        "⭐ Rating: <b>8,8</b>",  # Babel's decimal comma
        "🎭 Genre: Comedy, Romance, Fantasy, Melodrama",
        "<blockquote expandable>A goblin",
    ):
        assert expected in card.html
    assert "Year:" not in card.html and "Network:" not in card.html
    assert [b.text for b in card.flat_buttons] == [
        "👥 Pemeran",
        "📺 Episode",
        "🔗 Buka di MyDramaList",
        "🎬 Cari di IMDb",
        "🧭 Serupa",
        "📝 Ulasan",
        "« Kembali ke hasil",
    ]
    synopsis = card.html.split("<blockquote expandable>")[1]
    assert words_of_ours(card.html.replace(synopsis, ""), *GOBLIN_UPSTREAM) == []
    assert utf16_len(card.text) <= CAPTION_LIMIT

    query = await bot.tg.press(INDONESIAN, card, button="« Kembali ke hasil")
    assert bot.tg.answer_for(query).text == "Kembali ke hasil di atas."


async def test_a_drama_card_in_arabic_isolates_every_latin_value(bot: BotUnderTest) -> None:
    card = await card_for(bot, ARABIC)
    print("\n--- بطاقة (ar) ---\n" + card.html)
    for expected in (
        f"🎬 <b>{FSI}Goblin{PDI}</b>",
        "📅 السنة: 2016\n",  # a bare number reads right as it is
        f"🌏 البلد: {FSI}South Korea{PDI}",
        "📺 عدد الحلقات: 16\n",
        f"📡 القناة: {FSI}tvN{PDI}",
        "⭐ التقييم: <b>8.8</b>",
        f"🔞 التصنيف العمري: {FSI}15+ - Teens 15 or older{PDI}",
    ):
        assert expected in card.html
    # Every line that has a label starts with Arabic after its emoji: read right to left,
    # with a value holding Latin (or Hangul) letters kept whole at its end.
    for line in card.text.split("\n")[2:-1]:
        label, _, value = line.partition(": ")
        if value:
            assert re.search("[\u0600-\u06ff]", label), line
            isolated = value.startswith(FSI) and value.endswith(PDI)
            assert isolated == bool(re.search("[A-Za-z]", value)), line
    assert [b.text for b in card.flat_buttons] == [
        "👥 طاقم التمثيل",
        "📺 الحلقات",
        "🔗 افتح في MyDramaList",
        "🎬 ابحث في IMDb",
        "🧭 أعمال مشابهة",
        "📝 المراجعات",
    ]
    assert card.button("MyDramaList").url == GOBLIN_URL  # links are never isolated
    assert words_of_ours(card.html) == []
    assert utf16_len(card.text) <= CAPTION_LIMIT


async def test_cast_and_episodes_in_arabic(bot: BotUnderTest) -> None:
    card = await card_for(bot, ARABIC)
    await bot.tg.press(ARABIC, card, button="👥 طاقم التمثيل")
    print("\n--- طاقم التمثيل ---\n" + card.html)
    assert f"👥 <b>طاقم تمثيل {FSI}Goblin{PDI}</b>" in card.html
    assert "<b>الأدوار الرئيسية</b>" in card.html and "<b>إخراج</b>" in card.html
    assert f"• {FSI}Gong Yoo{PDI} — <i>{FSI}Kim Shin{PDI}</i>" in card.html
    assert "« العودة إلى البطاقة" in [b.text for b in card.flat_buttons]
    assert words_of_ours(card.html) == []

    await bot.tg.press(ARABIC, card, button="« العودة إلى البطاقة")
    await bot.tg.press(ARABIC, card, button="📺 الحلقات")
    print("\n--- الحلقات ---\n" + card.html)
    assert f"📺 <b>حلقات {FSI}Goblin{PDI}</b>" in card.html
    assert "1. الحلقة 1" in card.text
    assert re.search(r"· 1–10 من 16|· 1–\d+ من \d+", card.text)
    assert words_of_ours(card.html) == []
    assert utf16_len(card.text) <= CAPTION_LIMIT


async def test_similar_and_reviews_in_indonesian(bot: BotUnderTest) -> None:
    bot.kuryana.add_drama(
        "40001-goblin-special", {**goblin(), "title": "Goblin: Special Edition (2017)"}
    )
    card = await card_for(bot, INDONESIAN)
    await bot.tg.press(INDONESIAN, card, button="🧭 Serupa")
    print("\n--- Serupa ---\n" + card.html)
    assert "🧭 <b>Mirip Goblin</b>" in card.html
    assert "Terkait di MyDramaList:" in card.html
    assert "Ketuk judul untuk membuka kartunya." in card.html
    assert [b.text for b in card.flat_buttons][-1] == "« Kembali ke kartu"
    assert words_of_ours(card.html, "Goblin: Special Edition", "(Special)") == []

    await bot.tg.press(INDONESIAN, card, button="« Kembali ke kartu")
    await bot.tg.press(INDONESIAN, card, button="📝 Ulasan")
    print("\n--- Ulasan ---\n" + card.html)
    assert "📝 <b>Ulasan Goblin</b> · halaman 1" in card.html
    assert "Semua ulasan di MyDramaList" in card.html
    assert utf16_len(card.text) <= CAPTION_LIMIT
    spoilers = re.sub(r"<tg-spoiler>.*?</tg-spoiler>", " ", card.html, flags=re.S)
    assert words_of_ours(re.sub(r"</b> · [^\n]*", "</b>", spoilers)) == []


async def test_refusals_and_not_found_in_arabic_and_indonesian(bot: BotUnderTest) -> None:
    await bot.tg.send_text(ARABIC, "/mdlurl https://example.com/18452-goblin")
    refused = bot.tg.last_to(ARABIC.id)
    assert refused.text == (
        "⚠️ هذا ليس رابط عنوان على MyDramaList.\nمثال: https://mydramalist.com/18452-goblin"
    )

    await bot.tg.send_text(INDONESIAN, "/mdlurl")
    assert bot.tg.last_to(INDONESIAN.id).text == (
        "⚠️ Kirimkan tautan MyDramaList.\n"
        "Cara pakai: /mdlurl <tautan MyDramaList> — contoh: "
        "/mdlurl https://mydramalist.com/18452-goblin"
    )

    await bot.tg.send_text(ARABIC, "/mdlurl https://mydramalist.com/999999-nothing-here")
    missing = bot.tg.last_to(ARABIC.id)
    assert missing.text == (
        "🔍 لا يوجد على MyDramaList عنوان في “999999-nothing-here”. تحقّق من الرابط، "
        "أو ابحث باستخدام /mdl <العنوان>."
    )

    await bot.tg.send_text(INDONESIAN, "/mdl")
    usage = bot.tg.last_to(INDONESIAN.id).text
    assert usage.endswith("\nCara pakai: /mdl <judul> — contoh: /mdl goblin")
    assert len(usage) <= TEXT_LIMIT


async def test_a_stale_button_is_refused_in_arabic(bot: BotUnderTest, people: People) -> None:
    await bot.tg.send_text(ARABIC, "/mdl goblin")
    results = bot.tg.last_to(ARABIC.id)
    session = (results.flat_buttons[0].data or "").split(":")[1]
    query = await bot.tg.press(ARABIC, results, data=f"mc:{session}:9:0")
    answer = bot.tg.answer_for(query)
    assert (answer.text, answer.alert) == ("هذا الزر لم يعد صالحًا.", True)
