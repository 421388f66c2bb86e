"""What every lookup shares, in the user's language: the results list, refused input,
not-found answers, saved copies, button alerts and the owners' database notices."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from app.wiring.lifecycle import on_startup
from tests.conftest import BotUnderTest, bot_settings, running_bot
from tests.e2e.i18n.test_languages import english_words
from tests.fakes.clock import SettableClock
from tests.fakes.imdb import FakeImdb
from tests.fakes.kuryana import FakeKuryana, Fault
from tests.harness.telegram import People, make_user

PREVIEW = ["id", "ar", "es", "pt_BR"]
INDONESIAN = make_user(4104, "Sari", "sari", lang="id")
ARABIC = make_user(5105, "ليلى", "layla", lang="ar")
SPANISH = make_user(7107, "Lucía", "lucia", lang="es")
BRAZILIAN = make_user(8108, "João", "joao", lang="pt-br")
GOBLIN_URL = "https://mydramalist.com/18452-goblin"


@pytest.fixture
async def bot(tmp_path: Path, kuryana: FakeKuryana, imdb: FakeImdb) -> AsyncIterator[BotUnderTest]:
    settings = bot_settings(tmp_path, kuryana, preview_languages=PREVIEW)
    async with running_bot(settings, kuryana, imdb) as running:
        yield running


async def test_the_results_list_counts_in_each_languages_plural(bot: BotUnderTest) -> None:
    heads = {}
    for user in (INDONESIAN, ARABIC, SPANISH, BRAZILIAN):
        await bot.tg.send_text(user, "/mdl goblin")
        heads[user.id] = bot.tg.last_to(user.id).html
    assert "🔎 <b>MyDramaList</b> · 3 hasil untuk “goblin”" in heads[INDONESIAN.id]
    assert "\n\nPilih judul:" in heads[INDONESIAN.id]
    # Right to left from its first mark, the Latin query isolated inside the Arabic words.
    assert heads[ARABIC.id].startswith(
        "\u200f🔎 <b>MyDramaList</b> · 3 نتائج عن «\u2068goblin\u2069»"
    )
    assert "\n\nاختر عنوانًا:" in heads[ARABIC.id]
    assert "🔎 <b>MyDramaList</b> · 3 resultados para “goblin”" in heads[SPANISH.id]
    assert "\n\nElige un título:" in heads[SPANISH.id]
    assert "🔎 <b>MyDramaList</b> · 3 resultados para “goblin”" in heads[BRAZILIAN.id]
    assert "\n\nEscolha um título:" in heads[BRAZILIAN.id]
    # Titles stay as MyDramaList gives them.
    assert all("1. <b>Goblin</b>" in html for html in heads.values())


async def test_one_result_and_pages_in_arabic_and_spanish(bot: BotUnderTest) -> None:
    await bot.tg.send_text(ARABIC, "/imdb The Matrix (1999)")
    assert "🔎 <b>IMDb</b> · نتيجة واحدة عن «\u2068The Matrix (1999)\u2069»" in (
        bot.tg.last_to(ARABIC.id).html
    )
    await bot.tg.send_text(SPANISH, "/imdb The Matrix (1999)")
    assert (
        "🔎 <b>IMDb</b> · 1 resultado para “The Matrix (1999)”" in bot.tg.last_to(SPANISH.id).html
    )


async def test_refused_input_and_not_found_in_the_users_language(bot: BotUnderTest) -> None:
    await bot.tg.send_text(INDONESIAN, "/imdb " + "m" * 201)
    answer = bot.tg.last_to(INDONESIAN.id)
    assert answer.text.startswith("⚠️ Pencarian itu terlalu panjang (201 karakter; batasnya 200).")
    assert bot.imdb.calls == []

    bot.imdb.fail("empty", endpoint="page")
    await bot.tg.send_text(BRAZILIAN, "/imdburl tt0133093")
    answer = bot.tg.last_to(BRAZILIAN.id)
    assert answer.text == "🔍 O IMDb não tem nenhum título tt0133093"
    assert english_words(answer.html, "pt_BR") == []


async def test_a_cached_not_found_is_said_anew_in_each_readers_language(
    bot: BotUnderTest,
) -> None:
    """The first reader's answer is cached; the next reader gets it in their own words."""
    bot.imdb.fail("empty", endpoint="page")
    await bot.tg.send_text(ARABIC, "/imdburl tt0133093")
    assert bot.tg.last_to(ARABIC.id).text == "🔍 لا يوجد على IMDb عنوان بالمعرّف tt0133093"
    calls = len(bot.imdb.calls)
    await bot.tg.send_text(SPANISH, "/imdburl tt0133093")
    assert bot.tg.last_to(SPANISH.id).text == "🔍 IMDb no tiene ningún título tt0133093"
    assert len(bot.imdb.calls) == calls  # served from the cache


async def test_a_saved_copy_says_so_in_the_users_language(
    tmp_path: Path, kuryana: FakeKuryana, imdb: FakeImdb
) -> None:
    clock = SettableClock()
    settings = bot_settings(tmp_path, kuryana, preview_languages=PREVIEW)
    async with running_bot(settings, kuryana, imdb, clock) as bot:
        await bot.tg.send_text(SPANISH, f"/mdlurl {GOBLIN_URL}")
        clock.advance(2 * 86400)  # past the fresh period, within the stale one
        kuryana.fail_always(Fault.FORBIDDEN)
        await bot.tg.send_text(SPANISH, f"/mdlurl {GOBLIN_URL}")
        card = bot.tg.last_to(SPANISH.id)
        assert "<i>⚠️ MyDramaList no responde; esta es una copia guardada.</i>" in card.html
        await bot.tg.send_text(INDONESIAN, f"/mdlurl {GOBLIN_URL}")
        card = bot.tg.last_to(INDONESIAN.id)
        assert "⚠️ MyDramaList sedang tidak merespons; ini salinan yang tersimpan." in card.text


@pytest.mark.parametrize(
    ("data", "user", "alert"),
    [
        ("io:zzzzzzzz:0:0", INDONESIAN, "Tombol ini sudah tidak berlaku."),
        (b"\xff\xfe\x00", ARABIC, "هذا الزر لم يعد صالحًا."),
        ("io:deadbeef:0:0", SPANISH, "Estos resultados ya caducaron. Vuelve a buscar."),
        ("ip:deadbeef:1:0", BRAZILIAN, "Estes resultados expiraram. Faça a busca de novo."),
    ],
)
async def test_button_alerts_in_the_users_language(
    bot: BotUnderTest, data: str | bytes, user: object, alert: str
) -> None:
    await bot.tg.send_text(user, "/imdb the matrix")
    results = bot.tg.last_to(user.id)  # type: ignore[attr-defined]
    query_id = await bot.tg.press(user, results, data=data)
    answer = bot.tg.answer_for(query_id)
    assert (answer.text, answer.alert) == (alert, True)
    assert len(answer.text) <= 200


async def test_someone_elses_buttons_say_whose_they_are(bot: BotUnderTest) -> None:
    await bot.tg.send_text(SPANISH, "/imdb the matrix")
    results = bot.tg.last_to(SPANISH.id)
    query_id = await bot.tg.press(ARABIC, results, data=results.flat_buttons[0].data)
    answer = bot.tg.answer_for(query_id)
    assert answer.alert and answer.text == (
        "لا يستطيع استخدام هذه الأزرار إلا من أجرى البحث. أرسل بحثك الخاص!"
    )


async def test_the_owners_database_notices_speak_the_default_language(
    tmp_path: Path, kuryana: FakeKuryana, imdb: FakeImdb, people: People
) -> None:
    settings = bot_settings(tmp_path, kuryana, preview_languages=PREVIEW, default_language="pt_BR")
    async with running_bot(settings, kuryana, imdb) as bot:
        tg = bot.tg
        await tg.send_text(people.owner, "/start")  # an owner who has opened the bot
        await on_startup(tg.client, bot.services)
        watch = bot.services.database_watch
        assert watch is not None

        async def gone() -> None:
            raise OSError("disk gone")

        watch._check = gone
        assert not await watch.check_now(tg.client)
        notice = tg.last_to(people.owner.id)
        assert notice.text.startswith("⚠️ O banco de dados não está disponível (OSError).")
        assert "/health mostra o estado." in notice.text
        assert english_words(notice.html, "pt_BR") == []

        async def back() -> None:
            return None

        watch._check = back
        assert await watch.check_now(tg.client)
        assert tg.last_to(people.owner.id).text == "✅ O banco de dados está disponível de novo."
