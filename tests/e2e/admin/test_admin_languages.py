"""Owner commands, access refusals and force-subscribe in the reader's language.

The owner reads their views in their own language (Telegram's, or /language),
and a refused user reads the refusal in theirs. Indonesian and Arabic are
previewed (PREVIEW_LANGUAGES) until the whole bot is wrapped, like Spanish and
Brazilian Portuguese.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from app.wiring.lifecycle import on_startup
from domain.errors import StorageUnavailable
from domain.text import FSI, PDI
from tests.conftest import BotUnderTest
from tests.e2e.admin_support import admin_bot
from tests.e2e.i18n.test_languages import english_words
from tests.fakes.imdb import FakeImdb
from tests.fakes.kuryana import FakeKuryana
from tests.harness.telegram import People, make_user

PREVIEW = ["id", "ar", "es", "pt_BR"]
ALERT_LIMIT = 200
SWITCH_PM_LIMIT = 64


def owner_in(people: People, lang: str) -> object:
    return make_user(people.owner.id, "Olive", "olive", lang=lang)


@pytest.fixture
async def bot(tmp_path: Path, kuryana: FakeKuryana, imdb: FakeImdb) -> AsyncIterator[BotUnderTest]:
    async with admin_bot(tmp_path, kuryana, imdb, preview_languages=PREVIEW) as running:
        yield running


def assert_translated(html: str, language: str | None = None) -> None:
    assert english_words(html, language) == [], english_words(html, language)
    assert len(html) <= 4096


async def test_userstats_and_health_in_indonesian_with_its_numbers(
    bot: BotUnderTest, people: People
) -> None:
    owner = owner_in(people, "id")
    alice = make_user(people.alice.id, "Alice", "alice", lang="id")
    await bot.tg.send_text(alice, "/mdl goblin")
    await bot.tg.send_text(alice, "/mdl goblin")
    await bot.tg.send_text(owner, "/mdl goblin")

    await bot.tg.send_text(owner, "/userstats")
    stats = bot.tg.last_to(owner.id)
    assert stats.text.startswith("👥 Pengguna\nTotal: 2\nAktif — 24 jam: 2 · 7 hari: 2")
    assert "Memblokir bot: 0" in stats.text and "🏆 Pencarian teratas" in stats.text
    # One decimal with Indonesian's comma, and the hit/miss counts with their labels.
    assert "Rasio hit cache: 66,7% (2 hit, 1 miss)" in stats.text
    assert "Error MyDramaList: 0,0% (0 dari 1)" in stats.text
    assert_translated(stats.html)

    await bot.tg.send_text(owner, "/health")
    health = bot.tg.last_to(owner.id)
    assert health.text.startswith("🩺 Kesehatan bot\n✅ Cache — ")
    assert "\n✅ Database — " in health.text and " ms\n" in health.text
    assert "Waktu aktif: 0 j 0 mnt · Versi: " in health.text
    assert_translated(health.html)


async def test_cache_views_in_arabic_with_arabic_plurals(bot: BotUnderTest, people: People) -> None:
    owner = owner_in(people, "ar")
    await bot.tg.send_text(owner, "/mdl goblin")
    await bot.tg.send_text(owner, "/mdl goblin")

    await bot.tg.send_text(owner, "/cache_stats")
    stats = bot.tg.last_to(owner.id)
    assert stats.text.startswith("🗄 الذاكرة المؤقتة (ذاكرة البوت نفسه)\n")
    # One key, one hit, one miss: Arabic says "one" in words, without the digit.
    # Latin names in an Arabic line are isolated (FSI … PDI): the line stays right to left.
    assert f"\n{FSI}mdl:search{PDI}: مفتاح واحد، " in stats.text
    assert "إصابة واحدة / إخفاق واحد (50٪)" in stats.text
    assert "نسبة الإصابة الإجمالية منذ بدء التشغيل: 50.0٪ (1 / 2)" in stats.text
    assert_translated(stats.html)

    await bot.tg.send_text(owner, "/cache_analyze")
    analysis = bot.tg.last_to(owner.id).text
    assert analysis.startswith("🔬 تحليل الذاكرة المؤقتة\n")
    assert f"{FSI}mdl:search{PDI}: مفتاح واحد\nالمتبقي من مدة الصلاحية — ≥ 7 أيام: 1" in analysis
    assert f"الأكبر: {FSI}goblin{PDI} " in analysis

    await bot.tg.send_text(owner, "/cachereload")
    cleared = bot.tg.last_to(owner.id)
    assert cleared.text.startswith("🧹 مسحتُ نتيجة بحث واحدة محفوظة مؤقتًا.")
    assert "MyDramaList و IMDb من جديد." in cleared.text
    assert_translated(cleared.html)


async def test_access_commands_and_their_mistakes_in_arabic(
    bot: BotUnderTest, people: People
) -> None:
    owner = owner_in(people, "ar")
    tg = bot.tg
    await tg.send_text(people.alice, "/start")

    await tg.send_text(owner, "/authorize @alice")
    alice = f"{FSI}Alice @alice{PDI} — 2002"  # a Latin name isolated in Arabic
    assert tg.last_to(owner.id).text == f"✅ أصبح بإمكان {alice} استخدام البوت."
    await tg.send_text(owner, "/authorize 2002")
    assert tg.last_to(owner.id).text == f"✅ {alice} مصرَّح له من قبل."
    await tg.send_text(owner, "/ban @alice")
    assert tg.last_to(owner.id).text == f"🚫 حُظر {alice}."

    await tg.send_text(owner, "/ban ١٢٣")
    refused = tg.last_to(owner.id)
    assert refused.text == (
        "⚠️ «١٢٣» ليس معرّف مستخدم: المعرّفات أعداد صحيحة من 19 رقمًا على الأكثر، "
        "مثل 123456789.\n"
        "الاستخدام: /ban <المعرّف أو ‎@المستخدم>، أو ردّ بالأمر /ban على رسالته"
    )
    assert_translated(refused.html)
    await tg.send_text(owner, "/unban @nobody_here")
    assert tg.last_to(owner.id).text == (
        "⚠️ لم أتعرّف على ‎@nobody_here بعد.\nعليه أن يراسلني أولًا، أو استخدم معرّفه الرقمي."
    )
    await tg.send_text(owner, f"/ban {owner.id}")
    assert tg.last_to(owner.id).text.startswith("⚠️ لا يمكن حظر المالكين.\n")

    await tg.send_text(owner, "/setpublicmode")
    assert tg.last_to(owner.id).text == ("⚠️ الوضع العام مُفعَّل.\nالاستخدام: /setpublicmode on|off")
    await tg.send_text(owner, "/setpublicmode maybe")
    assert tg.last_to(owner.id).text.startswith("⚠️ اكتب on أو off.\n")
    await tg.send_text(owner, "/setpublicmode off")
    assert tg.last_to(owner.id).html == (
        "🔒 الوضع العام <b>مُعطَّل</b>: البحث متاح للمالكين والمستخدمين المصرَّح لهم فقط."
    )


async def test_users_pages_and_their_buttons_in_indonesian(
    bot: BotUnderTest, people: People
) -> None:
    owner = owner_in(people, "id")
    for user_id in range(9001, 9013):
        await bot.tg.send_text(owner, f"/authorize {user_id}")
    await bot.tg.send_text(owner, "/users")
    view = bot.tg.last_to(owner.id)
    assert view.text.startswith("Pengguna yang diizinkan (12) — halaman 1 dari 2\n")
    assert "1. 9001 (belum pernah chat denganku)" in view.text
    assert [b.text for b in view.flat_buttons] == ["Berikutnya »"]
    await bot.tg.press(owner, view, button="Berikutnya »")
    page = bot.tg.last_to(owner.id)
    assert page.text.startswith("Pengguna yang diizinkan (12) — halaman 2 dari 2\n")
    assert [b.text for b in page.flat_buttons] == ["« Sebelumnya"]
    assert_translated(page.html)

    await bot.tg.send_text(owner, "/users 0")
    assert bot.tg.last_to(owner.id).text == (
        "⚠️ “0” bukan nomor halaman.\nCara pakai: /users [nomor halaman] — contoh: /users 2"
    )


async def test_the_log_in_arabic(bot: BotUnderTest, people: People) -> None:
    owner = owner_in(people, "ar")
    await bot.tg.send_text(owner, "/log many")
    assert bot.tg.last_to(owner.id).text == (
        "⚠️ اذكر عدد الأسطر.\nالاستخدام: /log للملف كاملًا، أو /log 100 لآخر 100 سطر منه"
    )


async def test_a_language_chosen_with_language_speaks_the_owner_views(
    bot: BotUnderTest, people: People
) -> None:
    """/language overrides Telegram's English for the owner's own views too."""
    await bot.tg.send_text(people.owner, "/language")
    await bot.tg.press(people.owner, bot.tg.last_to(people.owner.id), button="Indonesia")
    await bot.tg.send_text(people.owner, "/setpublicmode on")
    assert bot.tg.last_to(people.owner.id).html == (
        "🌍 Mode publik <b>menyala</b>: semua orang boleh memakai bot."
    )
    await bot.tg.send_text(people.owner, "/userstats")
    assert bot.tg.last_to(people.owner.id).text.startswith("👥 Pengguna\nTotal: 1\n")


async def test_refusals_of_a_private_bot_in_each_users_language(
    tmp_path: Path, kuryana: FakeKuryana, imdb: FakeImdb, people: People
) -> None:
    async with admin_bot(
        tmp_path, kuryana, imdb, public_mode=False, preview_languages=PREVIEW
    ) as bot:
        sari = make_user(4004, "Sari", "sari", lang="id")
        query_id = await bot.tg.inline(sari, "goblin")
        answer = bot.tg.inline_answer_for(query_id)
        assert answer.results == [] and answer.is_personal and answer.cache_time == 0
        assert answer.switch_pm.text == "Bot ini privat: cara mendapat akses"

        layla = make_user(5005, "ليلى", "layla", lang="ar")
        query_id = await bot.tg.inline(layla, "goblin")
        switch = bot.tg.inline_answer_for(query_id).switch_pm.text
        assert switch == "هذا البوت خاص: كيف تحصل على الوصول"
        assert len(switch) <= SWITCH_PM_LIMIT

        await bot.tg.send_text(people.owner, "/setpublicmode on")
        await bot.tg.send_text(people.owner, "/ban 5005")
        await bot.tg.send_text(layla, "/mdl goblin")
        assert bot.tg.last_to(layla.id).text == "🔒 غير مسموح لك باستخدام هذا البوت."


@pytest.fixture
async def subscribed_bot(
    tmp_path: Path, kuryana: FakeKuryana, imdb: FakeImdb
) -> AsyncIterator[BotUnderTest]:
    async with admin_bot(
        tmp_path, kuryana, imdb, force_sub_channel="@dramanews", preview_languages=PREVIEW
    ) as bot:
        bot.tg.add_channel("dramanews")
        await on_startup(bot.tg.client, bot.services)
        yield bot


async def test_force_subscribe_asks_in_arabic_and_in_indonesian(
    subscribed_bot: BotUnderTest,
) -> None:
    tg = subscribed_bot.tg
    layla = make_user(5005, "ليلى", "layla", lang="ar")
    await tg.send_text(layla, "/mdl goblin")
    prompt = tg.last_to(layla.id)
    assert prompt.html == (
        f"📢 انضم إلى {FSI}@dramanews{PDI} لتستخدم هذا البوت، "
        "ثم اضغط <b>انضممتُ</b> وأرسل طلبك مرة أخرى."
    )
    assert [b.text for b in prompt.flat_buttons] == ["📢 انضم إلى القناة", "✅ انضممتُ"]
    press = await tg.press(layla, prompt, button="انضممتُ")
    alert = tg.answer_for(press)
    assert alert.alert and alert.text == (
        f"لا أراك في {FSI}@dramanews{PDI} بعد. انضم إليها أولًا ثم اضغط مرة أخرى."
    )
    assert len(alert.text) <= ALERT_LIMIT
    tg.channel_members.add(layla.id)
    press = await tg.press(layla, prompt, button="انضممتُ")
    assert tg.last_to(layla.id).text == "✅ شكرًا لانضمامك! أرسل طلبك مرة أخرى."
    assert tg.answer_for(press).text == "أهلًا بك!"

    sari = make_user(4004, "Sari", "sari", lang="id")
    query_id = await tg.inline(sari, "goblin")
    assert tg.inline_answer_for(query_id).switch_pm.text == "Gabung ke @dramanews untuk memakaiku"
    await tg.send_text(sari, "/mdl goblin")
    prompt = tg.last_to(sari.id)
    assert "lalu tekan Aku sudah gabung" in prompt.text
    assert_translated(prompt.html)


async def test_the_start_up_note_reaches_each_owner_in_their_language(
    tmp_path: Path, kuryana: FakeKuryana, imdb: FakeImdb, people: People
) -> None:
    """Outside any update: the owner's stored Telegram language says which."""
    async with admin_bot(
        tmp_path, kuryana, imdb, force_sub_channel="@dramanews", preview_languages=PREVIEW
    ) as bot:
        bot.tg.add_channel("dramanews")
        bot.tg.bot_is_channel_admin = False
        await bot.tg.send_text(owner_in(people, "ar"), "/start")

        await on_startup(bot.tg.client, bot.services)

        notice = bot.tg.last_to(people.owner.id)
        # Telegram's own error name stays as Telegram gives it.
        assert notice.text == (
            "⚠️ شرط الاشتراك الإجباري غير مطبَّق: لا أستطيع التحقق ممن انضم إلى "
            f"{FSI}@dramanews{PDI} ({FSI}ChatAdminRequired{PDI}). "
            "اجعلني مشرفًا في تلك القناة ثم أعد تشغيلي، أو ألغِ الإعداد "
            "FORCE_SUB_CHANNEL."
        )
        assert_translated(notice.html)


async def test_owner_views_in_spanish_and_in_portuguese(bot: BotUnderTest, people: People) -> None:
    spanish = owner_in(people, "es-419")
    await bot.tg.send_text(spanish, "/mdl goblin")
    await bot.tg.send_text(spanish, "/mdl goblin")
    await bot.tg.send_text(spanish, "/userstats")
    stats = bot.tg.last_to(spanish.id)
    assert stats.text.startswith("👥 Usuarios\nTotal: 1\nActivos — 24 h: 1 · 7 d: 1 · 30 d: 1\n")
    assert "Tasa de aciertos de la caché: 50,0 % (1 acierto, 1 fallo)" in stats.text
    assert "Errores de MyDramaList: 0,0 % (0 de 1)" in stats.text
    assert_translated(stats.html, "es")
    await bot.tg.send_text(spanish, "/cache_stats")
    cache = bot.tg.last_to(spanish.id)
    assert cache.text.startswith("🗄 Caché (memoria del propio bot)\n")
    assert "mdl:search: 1 clave, " in cache.text and "1 acierto / 1 fallo (50 %)" in cache.text
    assert_translated(cache.html, "es")

    brazilian = make_user(8008, "João", "joao", lang="pt-br")
    await bot.tg.send_text(brazilian, "/start")
    portuguese = owner_in(people, "pt-br")
    await bot.tg.send_text(portuguese, "/ban @joao")
    assert bot.tg.last_to(portuguese.id).text == "🚫 João @joao — 8008 está bloqueado."
    await bot.tg.send_text(portuguese, "/ban 8008")
    assert bot.tg.last_to(portuguese.id).text == "🚫 João @joao — 8008 já estava bloqueado."
    await bot.tg.send_text(brazilian, "/mdl goblin")
    refusal = bot.tg.last_to(brazilian.id)
    assert refusal.text == "🔒 Você não tem permissão para usar este bot."
    await bot.tg.send_text(portuguese, "/users")
    view = bot.tg.last_to(portuguese.id)
    assert view.html == (
        "<b>Usuários autorizados</b>\nNinguém ainda. Adicione alguém com "
        "<code>/authorize &lt;id de usuário ou @usuário&gt;</code>."
    )
    assert_translated(view.html, "pt_BR")


async def test_a_user_database_outage_is_named_in_indonesian(
    bot: BotUnderTest, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def gone(user_id: int, *, members_only: bool) -> object:
        raise StorageUnavailable("database is locked")

    monkeypatch.setattr(bot.services.admin.access, "check", gone)
    sari = make_user(4004, "Sari", "sari", lang="id")
    await bot.tg.send_text(sari, "/mdl goblin")
    assert bot.tg.last_to(sari.id).text == (
        "⏳ Database pengguna sedang tidak merespons. Coba lagi beberapa menit lagi, ya."
    )
