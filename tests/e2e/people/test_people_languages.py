"""/person, person cards, works, /together and inline people in the user's language.

The catalogs cover only the converted paths so far, so these bots turn the
languages on with PREVIEW_LANGUAGES (tests/e2e/i18n/test_languages.py).
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.conftest import BotUnderTest, bot_settings, running_bot
from tests.e2e.i18n.test_languages import english_words
from tests.fakes.imdb import FakeImdb
from tests.fakes.kuryana import FakeKuryana
from tests.harness.telegram import Sent, make_user

PREVIEW = ["id", "ar", "es", "pt_BR"]
INDONESIAN = make_user(4004, "Sari", "sari", lang="id")
ARABIC = make_user(5005, "ليلى", "layla", lang="ar")
SPANISH = make_user(7007, "Lucía", "lucia", lang="es-419")
BRAZILIAN = make_user(8008, "João", "joao", lang="pt-br")


def iso(text: str) -> str:
    """``text`` isolated (FSI … PDI): how Arabic lines hold Latin names and titles."""
    return f"\u2068{text}\u2069"


@pytest.fixture
async def bot(tmp_path: Path, kuryana: FakeKuryana, imdb: FakeImdb) -> AsyncIterator[BotUnderTest]:
    settings = bot_settings(tmp_path, kuryana, preview_languages=PREVIEW)
    async with running_bot(settings, kuryana, imdb) as running:
        yield running


def age_now(year: int, month: int, day: int) -> int:
    today = datetime.now(UTC).date()
    return today.year - year - ((today.month, today.day) < (month, day))


def ours(html: str) -> str:
    """The words the bot wrote: the upstream's biography and the works' titles and roles
    (English data, "Train to Busan") taken out."""
    html = re.sub(r"<blockquote[^>]*>.*?</blockquote>", "", html, flags=re.S)
    return re.sub(r"^• .*$", "", html, flags=re.M)


async def ask(bot: BotUnderTest, user: object, text: str) -> Sent:
    await bot.tg.send_text(user, text)
    return bot.tg.last_to(user.id)  # type: ignore[attr-defined]


async def press(bot: BotUnderTest, user: object, message: Sent, button: str) -> Sent:
    """The message the press edited, or the new one it sent."""
    chat = user.id  # type: ignore[attr-defined]
    before = {m.id: m.edits for m in bot.tg.messages_to(chat)}
    await bot.tg.press(user, message, button=button)
    sent = bot.tg.messages_to(chat)
    new = [m for m in sent if m.id not in before]
    edited = [m for m in sent if m.id in before and m.edits != before[m.id]]
    return (new or edited or sent)[-1]


async def test_a_people_list_and_a_card_in_indonesian(bot: BotUnderTest) -> None:
    results = await ask(bot, INDONESIAN, "/person gong yoo")
    assert "👤 Tokoh · 1 orang untuk “gong yoo”" in results.text
    assert "1. Gong Yoo — South Korean · Actor · MDL + IMDb" in results.text  # data as it comes
    assert results.text.endswith("Pilih salah satu:")
    assert english_words(results.html) == []

    card = await press(bot, INDONESIAN, results, "MDL")
    assert "👤 <b>Gong Yoo</b>" in card.html
    # Babel writes the page's date in Indonesian; the age follows it.
    assert f"🎂 Lahir: 10 Juli 1979 ({age_now(1979, 7, 10)} tahun)" in card.text
    assert "🌏 Kewarganegaraan: South Korean" in card.text
    assert "🎬 Dikenal lewat:" in card.text
    assert "TBA · The Trunk — Main Role" in card.text
    assert "• 2016 · Goblin — Main Role · Kim Shin · ⭐ 8,8" in card.text  # Babel's decimal comma
    assert [b.text for b in card.flat_buttons] == [
        "🎬 Karya (4)",
        "🔗 Buka di MyDramaList",
        "🔎 Cari di IMDb",
        "« Kembali ke hasil",
    ]
    assert english_words(ours(card.html)) == [], english_words(ours(card.html))

    works = await press(bot, INDONESIAN, card, "Karya")
    assert works.text.startswith("🎬 Karya Gong Yoo · 4\n1. 2016 · Goblin")
    assert "« Kembali ke kartu" in [b.text for b in works.flat_buttons]
    assert english_words(works.html.splitlines()[0]) == []  # the rest: titles, as they come


async def test_a_card_and_its_works_in_arabic(bot: BotUnderTest) -> None:
    results = await ask(bot, ARABIC, "/person gong yoo")
    assert f"👤 الأشخاص · «{iso('gong yoo')}»: شخص واحد" in results.text
    assert f"1. {iso('Gong Yoo')} — {iso('South Korean · Actor · MDL + IMDb')}" in results.text
    assert "اختر شخصًا:" in results.text
    card = await press(bot, ARABIC, results, "MDL")
    assert f"🎂 تاريخ الميلاد: 10 يوليو 1979 (العمر: {age_now(1979, 7, 10)} عامًا)" in card.text
    assert f"🌏 الجنسية: {iso('South Korean')}" in card.text
    assert "🎬 أبرز الأعمال:" in card.text
    # The year not announced yet, in Arabic; the title and the role set apart.
    assert f"لم يُحدَّد · {iso('The Trunk')} — {iso('Main Role')}" in card.text
    assert [b.text for b in card.flat_buttons] == [
        "🎬 الأعمال (4)",
        "🔗 افتح على MyDramaList",
        "🔎 ابحث في IMDb",
        "« العودة إلى النتائج",
    ]
    assert english_words(ours(card.html)) == []
    works = await press(bot, ARABIC, card, "الأعمال")
    assert works.text.startswith(f"🎬 أعمال {iso('Gong Yoo')} · 4\n")
    back = await press(bot, ARABIC, works, "« العودة إلى البطاقة")
    assert f"🌏 الجنسية: {iso('South Korean')}" in back.text


async def test_a_long_works_list_counts_and_pages_in_the_users_language(
    bot: BotUnderTest,
) -> None:
    results = await ask(bot, INDONESIAN, "/person busy extra")
    card = await press(bot, INDONESIAN, results, "Busy Extra")
    assert "🎬 Karya (3.000)" in [b.text for b in card.flat_buttons]  # Indonesian groups by "."
    assert "… dan 2.995 lainnya" in card.text
    works = await press(bot, INDONESIAN, card, "Karya")
    assert "🎬 Karya Busy Extra · 3.000 · halaman 1/375" in works.text


async def test_nobody_found_and_a_bad_usage_in_arabic(bot: BotUnderTest) -> None:
    reply = await ask(bot, ARABIC, "/person zzzz nobody")
    assert reply.text.startswith(
        f"🔍 لم أعثر على أحد باسم «{iso('zzzz nobody')}». نصيحة: تحقّق من الإملاء"
    )
    assert english_words(reply.html) == []
    await bot.tg.send_text(ARABIC, "/together gong yoo")
    usage = bot.tg.last_to(ARABIC.id)
    assert "اذكر اسمَي شخصين بينهما علامة «+»." in usage.text
    assert "الاستخدام: /together <الاسم> + <الاسم>" in usage.text


async def test_together_in_indonesian_and_arabic(bot: BotUnderTest) -> None:
    reply = await ask(bot, INDONESIAN, "/together gong yoo + lee eung bok")
    assert "🤝 Gong Yoo + Lee Eung Bok · 1 judul bersama" in reply.text
    assert english_words(reply.html) == []
    reply = await ask(bot, ARABIC, "/together keanu + lana wachowski")
    assert reply.text.splitlines()[0] == (
        f"🤝 {iso('Keanu Reeves')} + {iso('Lana Wachowski')} · عملان مشتركان"
    )
    picker = await ask(bot, ARABIC, "/together kimura + gong yoo")
    assert f"🤝 معًا: أيّ «{iso('kimura')}» تقصد؟" in picker.text
    answer = await press(bot, ARABIC, picker, "1. Kimura")
    assert answer.text == (
        f"🤝 لا توجد أعمال مشتركة بين {iso('Kimura Takuya')} و{iso('Gong Yoo')} "
        "على MyDramaList أو IMDb "
        "(بحسب ما تذكره صفحاتهما)."
    )


async def test_inline_people_in_indonesian_are_personal(bot: BotUnderTest) -> None:
    query_id = await bot.tg.inline(INDONESIAN, "person")
    how_to = bot.tg.inline_answer_for(query_id)
    assert how_to.results[0].title == "Ketik nama untuk mencari seseorang"
    # Two languages on offer: Telegram must not hand this answer to users of another one.
    assert how_to.is_personal
    query_id = await bot.tg.inline(INDONESIAN, "person gong yoo")
    (result,) = bot.tg.inline_answer_for(query_id).results
    assert "🎂 Lahir: 10 Juli 1979" in result.text
    assert [b.text for row in result.buttons for b in row] == [
        "🔗 Buka di MyDramaList",
        "🔎 Cari lagi",
    ]
    query_id = await bot.tg.inline(ARABIC, "p nobody at all")
    nobody = bot.tg.inline_answer_for(query_id)
    assert nobody.results[0].title == "لم يُعثر على أحد"
    assert nobody.is_personal


async def test_people_and_a_card_in_spanish(bot: BotUnderTest) -> None:
    results = await ask(bot, SPANISH, "/person kimura")
    assert "👤 Personas · 2 personas para “kimura”" in results.text
    assert results.text.endswith("Elige a una persona:")
    card = await press(bot, SPANISH, results, "1. Kimura Takuya")
    assert "Nacimiento:" in card.text and "Obras destacadas:" in card.text
    assert "🔎 Buscar en IMDb" in [b.text for b in card.flat_buttons]
    assert english_words(ours(card.html), "es") == []
    gong = await ask(bot, SPANISH, "/person gong yoo")
    assert "👤 Personas · 1 persona para “gong yoo”" in gong.text
    card = await press(bot, SPANISH, gong, "MDL")
    assert f"🎂 Nacimiento: 10 de julio de 1979 ({age_now(1979, 7, 10)} años)" in card.text
    assert "Por anunciar · The Trunk — Main Role" in card.text


async def test_together_and_imdb_people_in_brazilian_portuguese(bot: BotUnderTest) -> None:
    reply = await ask(bot, BRAZILIAN, "/together keanu + lana wachowski")
    assert reply.text.splitlines()[0] == "🤝 Keanu Reeves + Lana Wachowski · 2 títulos juntos"
    reply = await ask(bot, BRAZILIAN, "/together gong yoo + lee eung bok")
    assert reply.text.splitlines()[0] == "🤝 Gong Yoo + Lee Eung Bok · 1 título juntos"
    reply = await ask(bot, BRAZILIAN, "/together gong yoo + keanu")
    assert reply.text == (
        "🤝 Gong Yoo e Keanu Reeves não têm títulos em comum no MyDramaList nem no IMDb "
        "(pelo que as páginas deles mostram)."
    )
    assert english_words(reply.html, "pt_BR") == []
    expired = await ask(bot, BRAZILIAN, "/person zzzz nobody")
    assert expired.text.startswith("🔍 Não encontrei ninguém para “zzzz nobody”. Dica:")
