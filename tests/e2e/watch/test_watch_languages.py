"""📺 Where to watch and /region in the user's language: labels from the catalog, country
names from Babel's CLDR data, provider names as TMDB gives them."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.conftest import BotUnderTest, running_bot
from tests.e2e.i18n.test_languages import english_words
from tests.e2e.watch.conftest import tmdb_settings
from tests.e2e.watch.support import answer_of, button_texts, imdb_card
from tests.fakes.imdb import FakeImdb
from tests.fakes.imdb_catalogue import MATRIX_ID
from tests.fakes.kuryana import FakeKuryana
from tests.fakes.tmdb import FakeTmdb
from tests.harness.telegram import make_user

PREVIEW = ["id", "ar", "es", "pt_BR"]
INDONESIAN = make_user(4004, "Sari", "sari", lang="id")
ARABIC = make_user(5005, "ليلى", "layla", lang="ar")
SPANISH = make_user(7007, "Lucía", "lucia", lang="es-MX")
BRAZILIAN = make_user(8008, "João", "joao", lang="pt-br")


@pytest.fixture
async def bot(
    tmp_path: Path, kuryana: FakeKuryana, imdb: FakeImdb, tmdb: FakeTmdb
) -> AsyncIterator[BotUnderTest]:
    settings = tmdb_settings(tmp_path, kuryana, tmdb, preview_languages=PREVIEW)
    async with running_bot(settings, kuryana, imdb) as running:
        yield running


async def test_where_to_watch_in_indonesian(bot: BotUnderTest) -> None:
    card = await imdb_card(bot, INDONESIAN, MATRIX_ID)
    assert "📺 Tempat nonton" in button_texts(card)
    await bot.tg.press(INDONESIAN, card, button="📺 Tempat nonton")
    view = bot.tg.last_to(INDONESIAN.id)
    assert view.text.splitlines()[:2] == [
        "📺 Tempat nonton The Matrix (1999)",
        "di 🇺🇸 Amerika Serikat",  # no country in "id": the bot's default, US
    ]
    assert "▶️ Streaming: Max" in view.text
    assert "💵 Sewa: Apple TV, Google Play Movies" in view.text
    assert "🛒 Beli: Apple TV" in view.text
    assert "Data streaming dari JustWatch, lewat TMDB." in view.text
    assert view.button("Semua penawaran di TMDB").url.endswith("locale=US")
    assert english_words(view.html.replace("The Matrix", "")) == []  # the title: data


async def test_a_country_without_offers_in_arabic_names_its_neighbours_in_arabic(
    bot: BotUnderTest,
) -> None:
    await bot.tg.send_text(ARABIC, "/region PT")
    assert bot.tg.last_to(ARABIC.id).text == (
        "📺 تم: سأعرض لك العروض في 🇵🇹 البرتغال. أرسل /region reset للعودة إلى الوضع التلقائي."
    )
    card = await imdb_card(bot, ARABIC, MATRIX_ID)
    await bot.tg.press(ARABIC, card, button="📺 أين أشاهد")
    view = bot.tg.last_to(ARABIC.id)
    assert "في 🇵🇹 البرتغال" in view.text
    assert "لا توجد عروض بث أو تأجير أو شراء في البرتغال." in view.text
    assert "توجد عروض في: 🇬🇧 المملكة المتحدة، 🇩🇪 ألمانيا، 🇺🇸 الولايات المتحدة." in view.text
    assert button_texts(view)[:3] == ["🇬🇧 المملكة المتحدة", "🇩🇪 ألمانيا", "🇺🇸 الولايات المتحدة"]
    await bot.tg.press(ARABIC, view, button="🇩🇪 ألمانيا")
    shown = bot.tg.last_to(ARABIC.id)
    assert "في 🇩🇪 ألمانيا" in shown.text
    # The title and the services' names are set apart inside the Arabic lines.
    assert shown.text.startswith("📺 أين تشاهد \u2068The Matrix (1999)\u2069\n")
    assert "▶️ بث: \u2068Netflix\u2069" in shown.text
    assert english_words(shown.html.replace("The Matrix", "")) == []


async def test_region_in_indonesian_takes_a_country_named_in_indonesian(
    bot: BotUnderTest,
) -> None:
    await bot.tg.send_text(INDONESIAN, "/region")
    assert bot.tg.last_to(INDONESIAN.id).text == (
        "📺 Negara untuk tempat nonton: 🇺🇸 Amerika Serikat (bawaan bot).\n"
        "Ganti dengan /region XX. /region KR, /region US, /region BR (dua huruf, ISO 3166)."
    )
    await bot.tg.send_text(INDONESIAN, "/region Korea Selatan")
    assert bot.tg.last_to(INDONESIAN.id).text == (
        "📺 Beres: aku akan menampilkan penawaran di 🇰🇷 Korea Selatan. "
        "/region reset untuk kembali ke otomatis."
    )
    await bot.tg.send_text(INDONESIAN, "/region")
    assert "🇰🇷 Korea Selatan (pilihanmu sendiri)" in bot.tg.last_to(INDONESIAN.id).text
    await bot.tg.send_text(INDONESIAN, "/region reset")
    reset = bot.tg.last_to(INDONESIAN.id)
    assert reset.text == (
        "📺 Beres: negaramu kembali mengikuti bahasa Telegram-mu (atau bawaan bot)."
    )
    await bot.tg.send_text(INDONESIAN, "/region Atlantis")
    refused = bot.tg.last_to(INDONESIAN.id)
    assert refused.text == (
        "⚠️ Aku tidak punya data penawaran untuk negara itu.\n"
        "Contoh: /region KR, /region US, /region BR (dua huruf, ISO 3166)."
    )
    assert english_words(refused.html) == []


async def test_a_stale_button_answers_in_arabic(bot: BotUnderTest) -> None:
    card = await imdb_card(bot, ARABIC, MATRIX_ID)
    await bot.tg.press(ARABIC, card, button="📺 أين أشاهد")
    view = bot.tg.last_to(ARABIC.id)
    bot.services.tmdb = None  # type: ignore[assignment]  # TMDB went away since
    query = await bot.tg.press(ARABIC, view, button="🇬🇧")
    assert answer_of(bot, query).text == "📺 ميزة «أين أشاهد» غير مفعّلة في هذا البوت."


async def test_region_from_a_brazilian_telegram_and_where_to_watch_in_portuguese(
    bot: BotUnderTest,
) -> None:
    await bot.tg.send_text(BRAZILIAN, "/region")
    assert bot.tg.last_to(BRAZILIAN.id).text.startswith(
        "📺 País do Onde assistir: 🇧🇷 Brasil (pelo idioma do seu Telegram).\nMude com /region XX."
    )
    card = await imdb_card(bot, BRAZILIAN, MATRIX_ID)
    await bot.tg.press(BRAZILIAN, card, button="📺 Onde assistir")
    view = bot.tg.last_to(BRAZILIAN.id)
    assert view.text.splitlines()[:2] == ["📺 Onde assistir The Matrix (1999)", "em 🇧🇷 Brasil"]
    assert "Dados de streaming da JustWatch, via TMDB." in view.text


async def test_where_to_watch_in_spanish_from_mexico(bot: BotUnderTest) -> None:
    card = await imdb_card(bot, SPANISH, MATRIX_ID)
    await bot.tg.press(SPANISH, card, button="📺 Dónde ver")
    view = bot.tg.last_to(SPANISH.id)
    assert view.text.splitlines()[:2] == ["📺 Dónde ver The Matrix (1999)", "en 🇲🇽 México"]
    assert "Todas las ofertas en TMDB" in [b.text.removeprefix("🌐 ") for b in view.flat_buttons]
    await bot.tg.send_text(SPANISH, "/region corea del sur")
    assert bot.tg.last_to(SPANISH.id).text == (
        "📺 Listo: te mostraré las ofertas de 🇰🇷 Corea del Sur. "
        "/region reset vuelve al modo automático."
    )
