"""/today, /season and "Did you mean" in the user's language (id, ar, es, pt_BR).

Days, air times and counts are written by Babel in that language; countries and
titles stay as MyDramaList gives them. The bot is started with PREVIEW_LANGUAGES
(see tests/e2e/i18n/test_languages.py).
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.conftest import BotUnderTest, bot_settings, running_bot
from tests.e2e.discover.support import NOW, calendar_bot, serve_calendar
from tests.e2e.discover.test_season import AUTUMN
from tests.e2e.i18n.test_languages import ARABIC, INDONESIAN, PREVIEW, english_words
from tests.e2e.i18n.test_spanish_and_portuguese import BRAZILIAN, SPANISH
from tests.fakes.clock import SettableClock
from tests.fakes.imdb import FakeImdb
from tests.fakes.kuryana import FakeKuryana, Fault
from tests.fakes.kuryana_calendar import FakeKuryanaCalendar
from tests.harness.telegram import People, Sent

ALL = [*PREVIEW, "es", "pt_BR"]


@pytest.fixture
def clock() -> SettableClock:
    return SettableClock(NOW)


@pytest.fixture
async def bot(
    tmp_path: Path, calendar_kuryana: FakeKuryanaCalendar, imdb: FakeImdb, clock: SettableClock
) -> AsyncIterator[BotUnderTest]:
    serve_calendar(calendar_kuryana)
    calendar_kuryana.seasons[(2026, 4)] = AUTUMN
    async with calendar_bot(
        tmp_path, calendar_kuryana, imdb, clock, preview_languages=ALL
    ) as running:
        yield running


async def send(bot: BotUnderTest, user: object, text: str) -> Sent:
    await bot.tg.send_text(user, text)  # type: ignore[arg-type]
    return bot.tg.last_to(user.id)  # type: ignore[attr-defined]


def no_english(sent: Sent, language: str | None = None) -> None:
    """No English outside the titles (MyDramaList's data, each a link: "Late Show")."""
    words = english_words(re.sub(r"<a [^>]*>.*?</a>", " ", sent.html), language)
    assert words == [], words


async def test_today_in_arabic_with_the_day_in_arabic(bot: BotUnderTest) -> None:
    listing = await send(bot, ARABIC, "/today")
    assert listing.text.splitlines()[:2] == [
        "📅 يُعرض اليوم · الثلاثاء 24 نوفمبر 2026 (UTC)",
        "5 حلقات",
    ]
    assert "🇰🇷 South Korea\n12:00 · Moon River · الحلقة 5" in listing.text
    assert [b.text for b in listing.flat_buttons][:2] == ["1. Moon River · الحلقة 5", "🔔"]
    no_english(listing)


async def test_today_in_indonesian_in_the_users_time_zone(bot: BotUnderTest) -> None:
    await send(bot, INDONESIAN, "/timezone Asia/Seoul")
    listing = await send(bot, INDONESIAN, "/today")
    assert listing.text.startswith("📅 Tayang hari ini · Sel 24 Nov 2026 (Asia/Seoul)\n5 episode")
    assert "21:00 · Moon River · Ep 5" in listing.text
    no_english(listing)


async def test_today_for_a_country_with_nothing_and_for_junk_in_indonesian(
    bot: BotUnderTest,
) -> None:
    nothing = await send(bot, INDONESIAN, "/today narnia")
    assert nothing.text.endswith(
        "Tidak ada episode dari “narnia” hari ini. "
        "Yang tayang hari ini: China, Japan, South Korea, Taiwan."
    )
    no_english(nothing)
    refusal = await send(bot, INDONESIAN, "/today <script>alert(1)</script>")
    assert "bukan nama negara." in refusal.text
    assert "Contoh: /today korea, /today japan, /today china" in refusal.text
    assert "<script>" not in refusal.html


async def test_a_saved_copy_of_today_says_so_in_arabic(
    bot: BotUnderTest, calendar_kuryana: FakeKuryanaCalendar, clock: SettableClock
) -> None:
    await send(bot, ARABIC, "/today")
    clock.advance(20 * 60)
    calendar_kuryana.fail_always(Fault.PARSER_CRASH, route="schedule")
    saved = await send(bot, ARABIC, "/today")
    assert saved.text.endswith("⚠️ لا يستجيب MyDramaList، وهذه نسخة محفوظة.")
    no_english(saved)


async def test_season_in_indonesian_and_its_sort_button(bot: BotUnderTest) -> None:
    listing = await send(bot, INDONESIAN, "/season")
    lines = listing.text.splitlines()
    assert lines[:2] == [
        "🗓 Musim gugur (Okt–Des) 2026 di MyDramaList",
        "5 judul · menurut rating",
    ]
    assert "Japan · Drama · 10 ep · ⭐ 9.1" in listing.text
    assert "South Korea · Drama · belum ada rating" in listing.text
    no_english(listing)
    await bot.tg.press(INDONESIAN, listing, button="🔥 Urutkan menurut popularitas")
    assert "5 judul · menurut popularitas" in listing.text
    assert [b.text for b in listing.flat_buttons][-1] == "⭐ Urutkan menurut rating"


async def test_season_in_arabic_with_its_plurals(
    bot: BotUnderTest, calendar_kuryana: FakeKuryanaCalendar
) -> None:
    listing = await send(bot, ARABIC, "/season")
    assert listing.text.splitlines()[:2] == [
        "🗓 الخريف (أكتوبر–ديسمبر) 2026 على MyDramaList",
        "5 أعمال · حسب التقييم",
    ]
    assert "South Korea · Movie · حلقة واحدة · ⭐ 6.5" in listing.text
    no_english(listing)
    calendar_kuryana.seasons[(2025, 1)] = []
    empty = await send(bot, ARABIC, "/season 2025 1")
    assert empty.text == (
        "🗓 الشتاء (يناير–مارس) 2025 على MyDramaList\n\n"
        "لا يعرض MyDramaList أي أعمال لهذا الموسم بعد."
    )


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("/season 1 2 3 4 5", "⚠️ هذا أكثر من موسم واحد."),
        ("/season 1900", "⚠️ مواسم MyDramaList متاحة من 1950 إلى 2027."),
        ("/season someday", "⚠️ لم أفهم «someday» هنا."),
    ],
)
async def test_seasons_that_cannot_be_asked_are_refused_in_arabic(
    bot: BotUnderTest, text: str, says: str
) -> None:
    reply = await send(bot, ARABIC, text)
    assert reply.text.splitlines() == [
        says,
        "الاستخدام: /season [السنة] [1-4] [popular] — مثلًا: /season أو /season 2026 2",
    ]


@pytest.fixture
async def search_bot(
    tmp_path: Path, kuryana: FakeKuryana, imdb: FakeImdb
) -> AsyncIterator[BotUnderTest]:
    settings = bot_settings(tmp_path, kuryana, preview_languages=ALL)
    async with running_bot(settings, kuryana, imdb) as running:
        yield running


async def test_did_you_mean_in_arabic(search_bot: BotUnderTest, people: People) -> None:
    bot = search_bot
    await bot.tg.send_text(people.bob, "/mdl goblin")  # anyone's search teaches the bot
    reply = await send(bot, ARABIC, "/search gobblin")
    assert reply.text.startswith("🔍 لم أجد شيئًا عن «gobblin» على MyDramaList ولا على IMDb.")
    assert reply.text.endswith("\n\nهل تقصد…؟")
    assert reply.flat_buttons[0].text == "📺 Goblin (2016)"
    no_english(reply)


async def test_today_in_portuguese_and_season_in_spanish(bot: BotUnderTest) -> None:
    today = await send(bot, BRAZILIAN, "/today")
    assert today.text.splitlines()[:2] == [
        "📅 No ar hoje · ter. 24 nov. 2026 (UTC)",
        "5 episódios",
    ]
    assert "12:00 · Moon River · Ep. 5" in today.text
    no_english(today, "pt_BR")

    season = await send(bot, SPANISH, "/season popular")
    assert season.text.splitlines()[:2] == [
        "🗓 Otoño (oct–dic) 2026 en MyDramaList",
        "5 títulos · por popularidad",
    ]
    assert "South Korea · Drama · sin calificación aún" in season.text
    assert [b.text for b in season.flat_buttons][-1] == "⭐ Ordenar por calificación"
    no_english(season, "es")
