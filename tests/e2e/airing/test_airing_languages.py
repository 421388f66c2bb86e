"""Watchlists and airing notifications in the user's language, through the Telegram test client.

In an update the bot speaks the sender's language; a notification is sent outside any
update, so the scheduler speaks each recipient's: their /language choice, else the
``language_code`` on their stored user record, else DEFAULT_LANGUAGE.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from tests.conftest import BotUnderTest
from tests.e2e.admin_support import admin_bot
from tests.e2e.airing.support import LINK, SLUG, scheduler, serve_drama
from tests.e2e.i18n.test_languages import english_words
from tests.fakes.clock import SettableClock
from tests.fakes.imdb import FakeImdb
from tests.fakes.kuryana import FakeKuryana
from tests.harness.telegram import People, make_user

PREVIEW = ["id", "ar", "es", "pt_BR"]
CLOCK_START = SettableClock().now()
AIRS_AT = CLOCK_START + timedelta(days=2, hours=3)  # Thu 26 Nov 2026, 15:00 UTC
INDONESIAN = make_user(4004, "Sari", "sari", lang="id")
ARABIC = make_user(5005, "ليلى", "layla", lang="ar")
SPANISH = make_user(7007, "Lucía", "lucia", lang="es-419")
BRAZILIAN = make_user(8008, "João", "joao", lang="pt-br")
FSI, PDI = "\u2068", "\u2069"


@pytest.fixture
async def clock() -> SettableClock:
    return SettableClock()


@pytest.fixture
async def bot(
    tmp_path: Path, kuryana: FakeKuryana, imdb: FakeImdb, clock: SettableClock
) -> AsyncIterator[BotUnderTest]:
    serve_drama(kuryana, airs_at=AIRS_AT)
    async with admin_bot(
        tmp_path, kuryana, imdb, clock=clock, preview_languages=PREVIEW, breaker_failures=100
    ) as running:
        yield running


def last_text(bot: BotUnderTest, user_id: int) -> str:
    return bot.tg.last_to(user_id).text


async def test_watch_in_indonesian_with_the_air_time_and_countdown_in_indonesian(
    bot: BotUnderTest,
) -> None:
    await bot.tg.send_text(INDONESIAN, f"/watch {LINK}")
    reply = bot.tg.last_to(INDONESIAN.id)
    assert "🔔 Kamu akan dapat kabar: Moon River" in reply.text
    # Babel's Indonesian day and month names, the time with a dot, a two-unit countdown.
    assert "Berikutnya: episode 5 · Kam, 26 Nov 2026, 15.00 UTC (dalam 2 hari 3 jam)" in reply.text
    assert "Waktu dalam UTC; ubah lewat /timezone. Daftarmu: /watchlist" in reply.text
    assert english_words(reply.html) == [], english_words(reply.html)

    await bot.tg.send_text(INDONESIAN, f"/watch {SLUG}")
    assert "🔔 Kamu sudah mengikuti ini: Moon River" in last_text(bot, INDONESIAN.id)


async def test_watchlist_timezone_and_unwatch_in_arabic(bot: BotUnderTest) -> None:
    tg = bot.tg
    await tg.send_text(ARABIC, "/timezone asia/riyadh")
    zone = tg.last_to(ARABIC.id)
    assert zone.text.startswith(f"🕒 ضُبطت منطقتك الزمنية على {FSI}Asia/Riyadh{PDI}")
    assert "الوقت هناك الآن" in zone.text and "+03" in zone.text
    await tg.send_text(ARABIC, f"/watch {LINK}")
    confirmation = tg.last_to(ARABIC.id)
    assert f"🔔 سأنبّهك عند عرض حلقاته: {FSI}Moon River{PDI}" in confirmation.text
    # Arabic day and month names, the local time (18:00 in Riyadh), "in 2 days and 3 h".
    assert "الحلقة 5 · \u2068الخميس، 26 نوفمبر 2026، 18:00 +03\u2069 (بعد يومين و3 س)" in (
        confirmation.text
    )

    await tg.send_text(ARABIC, "/watchlist")
    listing = tg.last_to(ARABIC.id)
    assert listing.html.startswith(
        f"<b>قائمة متابعتك</b> (1) · المواعيد بتوقيت {FSI}Asia/Riyadh{PDI}"
    )
    assert "التالية: الحلقة 5" in listing.text
    assert [b.text for b in listing.flat_buttons] == ["✖️ إلغاء متابعة 1. Moon River"]
    for sent in (zone, confirmation, listing):
        assert english_words(sent.html) == [], english_words(sent.html)

    press = await tg.press(ARABIC, listing, button="إلغاء متابعة")
    assert tg.answer_for(press).text == "🔕 ألغيت متابعة Moon River"
    assert listing.text.startswith("قائمة متابعتك فارغة. تابِع مسلسلًا بالأمر /watch <العنوان")
    await tg.send_text(ARABIC, f"/unwatch {LINK}")
    refusal = tg.last_to(ARABIC.id).text
    assert refusal == "⚠️ أنت لا تتابع هذا المسلسل.\nراجع /watchlist."


async def test_refusals_of_watch_and_timezone_in_indonesian(
    bot: BotUnderTest, kuryana: FakeKuryana
) -> None:
    tg = bot.tg
    serve_drama(kuryana, "800-done", "Done Deal", episode=None, current=16)
    await tg.send_text(INDONESIAN, "/watch 800-done")
    assert last_text(bot, INDONESIAN.id).startswith(
        "⚠️ Done Deal tidak punya jadwal tayang, jadi tidak ada yang bisa aku kabarkan."
    )
    await tg.send_text(INDONESIAN, "/timezone Mars/Olympus")
    refusal = tg.last_to(INDONESIAN.id)
    assert refusal.text == (
        "⚠️ “Mars/Olympus” bukan zona waktu yang aku kenal.\n"
        "Contoh: /timezone Asia/Jakarta, /timezone Asia/Makassar, /timezone Asia/Seoul"
    )
    await tg.send_text(INDONESIAN, "/unwatch")
    usage = tg.last_to(INDONESIAN.id)
    assert usage.text.startswith("⚠️ Drama yang mana?\nCara pakai: /unwatch <tautan atau judul")
    for sent in (refusal, usage):
        assert english_words(sent.html) == [], english_words(sent.html)


async def test_each_watcher_is_notified_in_their_own_language(
    bot: BotUnderTest, clock: SettableClock, people: People
) -> None:
    tg = bot.tg
    # Alice's Telegram is in English, but she chose Indonesian with /language.
    await tg.send_text(people.alice, "/language")
    await tg.press(people.alice, tg.last_to(people.alice.id), button="Indonesia")
    for user in (people.alice, people.bob, INDONESIAN, ARABIC, SPANISH, BRAZILIAN):
        await tg.send_text(user, f"/watch {LINK}")
    runner = scheduler(bot, clock)
    clock.advance(2 * 24 * 3600 + 3 * 3600)
    serve_drama(bot.kuryana, episode=6, airs_at=clock.now() + timedelta(days=7))

    await runner.tick()

    indonesian = "🔔 <b>Moon River</b>: episode 5 sudah tayang!"
    assert tg.last_to(people.alice.id).html.startswith(indonesian)
    assert tg.last_to(INDONESIAN.id).html.startswith(indonesian)
    assert "Buka di MyDramaList" in tg.last_to(INDONESIAN.id).text
    arabic = tg.last_to(ARABIC.id)
    # The Latin title is isolated, so the Arabic sentence keeps its direction.
    assert arabic.html.startswith(f"🔔 <b>{FSI}Moon River{PDI}</b>: عُرضت الحلقة 5!")
    assert "افتحه على MyDramaList" in arabic.text
    assert tg.last_to(SPANISH.id).html.startswith(
        "🔔 <b>Moon River</b>: ¡ya salió el episodio 5!\n<a "
    )
    assert tg.last_to(BRAZILIAN.id).html.startswith(
        "🔔 <b>Moon River</b>: o episódio 5 já saiu!\n<a "
    )
    assert "Abrir no MyDramaList" in tg.last_to(BRAZILIAN.id).text
    bob = tg.last_to(people.bob.id)  # English Telegram, no choice: the source language
    assert bob.html.startswith("🔔 <b>Moon River</b>: episode 5 has aired!")
    for user_id, code in (
        (people.alice.id, "id"),
        (INDONESIAN.id, "id"),
        (ARABIC.id, "ar"),
        (SPANISH.id, "es"),
        (BRAZILIAN.id, "pt_BR"),
    ):
        html = tg.last_to(user_id).html
        assert english_words(html, code) == [], (user_id, english_words(html, code))
        assert f'href="{LINK}"' in html


async def test_the_last_message_of_a_finished_drama_in_arabic(
    bot: BotUnderTest, clock: SettableClock
) -> None:
    await bot.tg.send_text(ARABIC, f"/watch {LINK}")
    clock.advance(2 * 24 * 3600 + 3 * 3600)
    serve_drama(bot.kuryana, episode=None, episodes=5, current=5)

    await scheduler(bot, clock).tick()

    texts = [m.text for m in bot.tg.messages_to(ARABIC.id)]
    assert texts[-2].startswith(f"🔔 {FSI}Moon River{PDI}: عُرضت الحلقة 5!")
    assert texts[-1].startswith(f"🏁 انتهى عرض {FSI}Moon River{PDI}، وأزلته من قائمة متابعتك.")


async def test_watch_and_watchlist_in_spanish_and_portuguese(bot: BotUnderTest) -> None:
    tg = bot.tg
    await tg.send_text(SPANISH, "/timezone America/Mexico_City")
    await tg.send_text(SPANISH, f"/watch {LINK}")
    spanish = tg.last_to(SPANISH.id)
    assert "🔔 Te avisaré: Moon River" in spanish.text
    # 15:00 UTC is 09:00 in Mexico City (CST); "in 2 days 3 h" in Spanish.
    assert "Próximo: episodio 5 · jue 26 de nov 2026, 09:00 CST (en 2 días 3 h)" in spanish.text
    assert english_words(spanish.html, "es") == [], english_words(spanish.html, "es")

    await tg.send_text(BRAZILIAN, f"/watch {LINK}")
    await tg.send_text(BRAZILIAN, "/watchlist")
    listing = tg.last_to(BRAZILIAN.id)
    assert listing.html.startswith("<b>Sua lista de acompanhamento</b> (1) · horários em UTC\n")
    assert "Próximo: episódio 5 · qui., 26 de nov. de 2026, 15:00 UTC (em 2 dias 3 h)" in (
        listing.text
    )
    assert [b.text for b in listing.flat_buttons] == ["✖️ Parar de acompanhar 1. Moon River"]
    assert english_words(listing.html, "pt_BR") == [], english_words(listing.html, "pt_BR")
    await tg.send_text(BRAZILIAN, "/unwatch Moon River")
    assert tg.last_to(BRAZILIAN.id).html == "🔕 Sem mais avisos de <b>Moon River</b>."
