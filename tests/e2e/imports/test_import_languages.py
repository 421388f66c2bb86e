"""/import in the user's language: the plan, its buttons, choosing, the result, the refusals."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.conftest import BotUnderTest
from tests.e2e.admin_support import admin_bot
from tests.e2e.airing.support import serve_drama
from tests.e2e.i18n.test_languages import english_words
from tests.e2e.imports.test_import import AIRS_AT, item
from tests.fakes.clock import SettableClock
from tests.fakes.imdb import FakeImdb
from tests.fakes.kuryana import FakeKuryana
from tests.harness.telegram import make_user

PREVIEW = ["id", "ar", "es", "pt_BR"]
INDONESIAN = make_user(4004, "Sari", "sari", lang="id")
ARABIC = make_user(5005, "ليلى", "layla", lang="ar")
SPANISH = make_user(7007, "Lucía", "lucia", lang="es-419")
FSI, PDI = "\u2068", "\u2069"


@pytest.fixture
async def bot(tmp_path: Path, kuryana: FakeKuryana, imdb: FakeImdb) -> AsyncIterator[BotUnderTest]:
    serve_drama(kuryana, "700-moon-river", "Moon River", airs_at=AIRS_AT)
    serve_drama(kuryana, "701-sun-valley", "Sun Valley", airs_at=AIRS_AT)
    serve_drama(kuryana, "702-old-story", "Old Story", episode=None)  # finished airing
    kuryana.add_dramalist(
        "dramafan",
        {
            "Currently Watching": [
                item("700-moon-river", "Moon River", "4"),
                item("702-old-story", "Old Story", "16"),
            ],
            "Plan to Watch": [item("701-sun-valley", "Sun Valley")],
        },
    )
    async with admin_bot(
        tmp_path, kuryana, imdb, clock=SettableClock(), preview_languages=PREVIEW
    ) as running:
        yield running


async def test_import_in_indonesian_from_plan_to_result(bot: BotUnderTest) -> None:
    tg = bot.tg
    await tg.send_text(INDONESIAN, "/import dramafan")
    plan = tg.last_to(INDONESIAN.id)
    assert plan.html.startswith(
        "📥 <b>Impor dari dramafan</b> (Sedang Ditonton dan Rencana Ditonton)\n\n"
        "2 dari 3 judul sedang atau akan tayang:\n"
        "1. <b>Moon River</b> · Sedang Ditonton\n"
        "2. <b>Sun Valley</b> · Rencana Ditonton\n\n"
        "Selain itu: 1 tidak sedang tayang.\n\n"
        "Ikuti semuanya, pilih sebagian, atau batalkan."
    )
    assert [b.text for b in plan.flat_buttons] == ["✅ Ikuti semua (2)", "☑️ Pilih", "✖️ Batal"]
    assert english_words(plan.html) == [], english_words(plan.html)

    await tg.press(INDONESIAN, plan, button="Pilih")
    assert "Ketuk drama untuk mengikutinya (2 sedang atau akan tayang)." in plan.text
    assert [b.text for b in plan.flat_buttons][-1] == "✔️ Selesai"
    press = await tg.press(INDONESIAN, plan, button="Moon River")
    assert tg.answer_for(press).text == "🔔 Mengikuti Moon River"
    assert english_words(plan.html) == [], english_words(plan.html)
    await tg.press(INDONESIAN, plan, button="Selesai")
    assert plan.text == (
        "📥 Impor dari dramafan ditutup. Tidak ada lagi yang ditambahkan; lihat /watchlist."
    )

    await tg.send_text(INDONESIAN, "/import dramafan")
    again = tg.last_to(INDONESIAN.id)
    press = await tg.press(INDONESIAN, again, button="Ikuti semua")
    assert tg.answer_for(press).text == "🔔 Mengikuti 1 lagi"
    assert again.text == (
        "📥 Impor dari dramafan\n\n🔔 Sekarang mengikuti 1: Sun Valley.\n\nLihat /watchlist."
    )


async def test_import_in_arabic_isolates_the_latin_names(bot: BotUnderTest) -> None:
    await bot.tg.send_text(ARABIC, "/import dramafan")
    plan = bot.tg.last_to(ARABIC.id)
    assert plan.html.startswith(
        f"📥 <b>استيراد من {FSI}dramafan{PDI}</b> (أشاهده حاليًا وأنوي مشاهدته)\n\n"
        "من أصل 3 عناوين، يُعرض 2 حاليًا أو قريبًا:\n"
        f"1. <b>{FSI}Moon River{PDI}</b> · أشاهده حاليًا\n"
    )
    assert "وأيضًا: واحد منها لا يُعرض." in plan.text
    assert [b.text for b in plan.flat_buttons] == ["✅ تابِع الكل (2)", "☑️ اختيار", "✖️ إلغاء"]
    assert english_words(plan.html) == [], english_words(plan.html)


async def test_import_refusals_in_arabic(bot: BotUnderTest) -> None:
    tg = bot.tg
    await tg.send_text(ARABIC, "/import")
    usage = tg.last_to(ARABIC.id).text
    assert usage == (
        "⚠️ قائمة مَن؟\nالاستخدام: /import <اسم المستخدم على MyDramaList> — مثلًا: /import dramafan"
    )
    await tg.send_text(ARABIC, "/import nobody_here")
    missing = tg.last_to(ARABIC.id)
    assert (
        missing.text == "🔍 لا يوجد على MyDramaList مستخدم باسم “nobody_here”. تحقّق من كتابة الاسم."
    )
    bot.kuryana.private_dramalist("shy")
    await tg.send_text(ARABIC, "/import shy")
    hidden = tg.last_to(ARABIC.id)
    assert hidden.text.startswith("🔍 لا أستطيع رؤية أي قائمة مسلسلات لـ “shy” على MyDramaList")
    for sent in (missing, hidden):
        assert english_words(sent.html) == [], english_words(sent.html)


async def test_a_name_that_is_no_user_name_is_refused_in_indonesian(bot: BotUnderTest) -> None:
    await bot.tg.send_text(INDONESIAN, "/import <b>x</b>")
    refusal = bot.tg.last_to(INDONESIAN.id)
    assert refusal.text == (
        "⚠️ Itu bukan nama pengguna MyDramaList.\n"
        "Contohnya: /import dramafan — atau tempel tautan profil atau daftar dramanya."
    )
    assert bot.kuryana.route_hits["dramalist"] == 0


async def test_import_in_spanish(bot: BotUnderTest) -> None:
    await bot.tg.send_text(SPANISH, "/import dramafan")
    plan = bot.tg.last_to(SPANISH.id)
    assert plan.text.startswith(
        "📥 Importar de dramafan (Viendo ahora y Por ver)\n\n"
        "2 de 3 títulos se emiten o se estrenan pronto:\n"
        "1. Moon River · Viendo ahora\n"
        "2. Sun Valley · Por ver\n\n"
        "Además: 1 no se emite.\n\n"
        "Síguelos todos, elige algunos o cancela."
    )
    assert [b.text for b in plan.flat_buttons] == ["✅ Seguir todos (2)", "☑️ Elegir", "✖️ Cancelar"]
    await bot.tg.press(SPANISH, plan, button="Seguir todos")
    assert plan.text == (
        "📥 Importar de dramafan\n\n🔔 Ahora sigues 2: Moon River, Sun Valley.\n\nMira /watchlist."
    )
    assert english_words(plan.html, "es") == [], english_words(plan.html, "es")
