"""/search, its buttons and inline mode in the user's language (id, ar, es, pt_BR).

The catalogs cover only the converted paths so far, so the bot is started with
PREVIEW_LANGUAGES, as in tests/e2e/i18n/test_languages.py.
"""

from __future__ import annotations

import copy
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.conftest import BotUnderTest, bot_settings, running_bot
from tests.e2e.i18n.test_languages import ARABIC, INDONESIAN, PREVIEW, english_words
from tests.e2e.i18n.test_spanish_and_portuguese import BRAZILIAN, SPANISH
from tests.e2e.search.test_search import PARASITE, PARASITE_LOST, parasite_hit
from tests.fakes.imdb import FakeImdb
from tests.fakes.kuryana import FakeKuryana, Fault
from tests.harness.telegram import InlineAnswer, People, Sent


@pytest.fixture
async def bot(tmp_path: Path, kuryana: FakeKuryana, imdb: FakeImdb) -> AsyncIterator[BotUnderTest]:
    imdb.add(PARASITE)
    imdb.add(PARASITE_LOST)
    settings = bot_settings(tmp_path, kuryana, preview_languages=[*PREVIEW, "es", "pt_BR"])
    async with running_bot(settings, kuryana, imdb) as running:
        yield running


async def search(bot: BotUnderTest, user: object, text: str) -> Sent:
    await bot.tg.send_text(user, text)  # type: ignore[arg-type]
    return bot.tg.last_to(user.id)  # type: ignore[attr-defined]


async def ask(bot: BotUnderTest, user: object, text: str) -> InlineAnswer:
    query_id = await bot.tg.inline(user, text)  # type: ignore[arg-type]
    return bot.tg.inline_answer_for(query_id)


def no_english(sent: Sent, language: str | None = None) -> None:
    words = english_words(sent.html, language)
    assert words == [], words


async def test_search_results_in_indonesian(bot: BotUnderTest) -> None:
    results = await search(bot, INDONESIAN, "/search parasite")
    assert results.html.startswith(
        "🔎 <b>MyDramaList + IMDb</b> · 2 hasil untuk “parasite”\n🎎 MyDramaList: 1 · 🎬 IMDb: 2\n"
    )
    # MyDramaList's "Korean Movie" as it comes; IMDb's kind is the bot's own label.
    assert "1. <b>Parasite</b> — 2019 · 🎎 Korean Movie ⭐ 8.9 · 🎬 Film ⭐ 8.5" in results.html
    assert "2. <b>Parasite Lost</b> — 2021 · 🎬 Serial TV" in results.html
    assert results.text.endswith("Pilih judul:")
    no_english(results)


async def test_search_results_in_arabic_with_the_plural_of_two(bot: BotUnderTest) -> None:
    results = await search(bot, ARABIC, "/search parasite")
    assert results.html.startswith("🔎 <b>MyDramaList + IMDb</b> · نتيجتان عن «parasite»\n")
    assert results.text.endswith("اختر عنوانًا:")
    assert [b.text for b in results.buttons[0]] == ["1. 🎎 MDL", "1. 🎬 IMDb"]
    no_english(results)


async def test_a_source_down_and_the_pages_in_arabic(bot: BotUnderTest) -> None:
    dramas = []
    for n in range(1, 10):
        hit = copy.deepcopy(parasite_hit())
        hit.update(slug=f"{n}0000-love-{n}", title=f"Love {n}", year=2000 + n)
        dramas.append(hit)
    bot.kuryana.add_search("love", dramas)
    bot.imdb.fail("waf")

    results = await search(bot, ARABIC, "/search love")
    assert results.text.startswith("🔎 MyDramaList + IMDb · 9 نتائج عن «love» · الصفحة 1/2\n")
    assert "⚠️ لا يستجيب IMDb حاليًا." in results.text
    no_english(results)
    await bot.tg.press(ARABIC, results, button="التالي »")
    assert "الصفحة 2/2" in results.text
    no_english(results)


async def test_nothing_found_in_indonesian_gives_the_tip(bot: BotUnderTest) -> None:
    answer = await search(bot, INDONESIAN, "/search zzqx")
    assert answer.text.startswith(
        "🔍 Tidak ada yang ditemukan di MyDramaList maupun IMDb untuk “zzqx”. "
        "Tips: periksa ejaannya"
    )
    no_english(answer)


async def test_nothing_found_on_one_while_the_other_is_down_in_arabic(bot: BotUnderTest) -> None:
    bot.kuryana.fail_always(Fault.SERVER_ERROR)
    answer = await search(bot, ARABIC, "/search zzqx")
    assert answer.text == (
        "🔍 لم أجد شيئًا عن «zzqx» على IMDb، أما MyDramaList فلا يستجيب حاليًا. "
        "حاول مرة أخرى بعد دقيقة."
    )


async def test_a_bare_search_gets_the_usage_in_indonesian(bot: BotUnderTest) -> None:
    answer = await search(bot, INDONESIAN, "/search")
    assert "Cara pakai: /search <judul> — misalnya: /search parasite" in answer.text


async def test_stale_and_forged_buttons_are_refused_in_the_users_language(
    bot: BotUnderTest,
) -> None:
    results = await search(bot, INDONESIAN, "/search parasite")
    session = (results.flat_buttons[0].data or "").split(":")[1]
    query_id = await bot.tg.press(INDONESIAN, results, data=f"so:{session}:99:0")
    answer = next(a for a in bot.tg.callback_answers if a.query_id == query_id)
    assert (answer.text, answer.alert) == ("Tombol ini sudah tidak berlaku.", True)


async def test_inline_in_indonesian_is_personal_and_translated(
    bot: BotUnderTest, people: People
) -> None:
    answer = await ask(bot, INDONESIAN, "goblin")
    first = answer.results[0]
    assert first.title == "Goblin (2016)"  # the upstream's title, as it comes
    assert [b.text for row in first.buttons for b in row] == [
        "🔗 Buka di MyDramaList",
        "🔎 Cari lagi",
    ]
    # Telegram would serve a shared answer to whoever types "goblin" next, in any language.
    assert answer.is_personal
    english = await ask(bot, people.alice, "goblin")
    assert [b.text for row in english.results[0].buttons for b in row][1] == "🔎 Search again"
    assert english.is_personal


async def test_inline_notices_in_arabic(bot: BotUnderTest) -> None:
    how_to = await ask(bot, ARABIC, "")
    assert how_to.results[0].title == "اكتب عنوانًا للبحث في MyDramaList"
    assert how_to.switch_pm is not None and how_to.switch_pm.text == "طريقة استخدامي"
    assert how_to.is_personal

    missing = await ask(bot, ARABIC, "imdb nothing at all")
    assert missing.results[0].title == "لا نتائج على IMDb"
    assert missing.results[0].description == "لا نتائج عن «nothing at all»."

    bot.kuryana.fail_always(Fault.SERVER_ERROR)
    down = await ask(bot, ARABIC, "goblin")
    assert (down.results[0].title, down.results[0].description) == (
        "لا يستجيب MyDramaList حاليًا",
        "حاول مرة أخرى بعد قليل.",
    )


async def test_search_and_nothing_found_in_spanish(bot: BotUnderTest) -> None:
    results = await search(bot, SPANISH, "Parasite")  # plain text in a private chat
    assert results.html.startswith("🔎 <b>MyDramaList + IMDb</b> · 2 resultados para “Parasite”\n")
    assert results.text.endswith("Elige un título:")
    no_english(results, "es")
    nothing = await search(bot, SPANISH, "/search zzqx")
    assert nothing.text == (
        "🔍 No encontré nada en MyDramaList ni en IMDb para “zzqx”. Consejo: revisa la "
        "ortografía, prueba con el título en inglés o el original, o agrega el año "
        "(p. ej., parasite 2019)."
    )


async def test_search_with_imdb_late_and_inline_in_portuguese(bot: BotUnderTest) -> None:
    bot.imdb.fail("waf")
    results = await search(bot, BRAZILIAN, "/search parasite")
    assert "1 resultado para “parasite”" in results.text
    assert "⚠️ IMDb não está respondendo agora." in results.text
    no_english(results, "pt_BR")

    answer = await ask(bot, BRAZILIAN, "goblin")
    assert [b.text for row in answer.results[0].buttons for b in row] == [
        "🔗 Abrir no MyDramaList",
        "🔎 Buscar de novo",
    ]
    assert answer.is_personal


async def test_both_sources_down_names_them_in_the_users_language(bot: BotUnderTest) -> None:
    bot.kuryana.fail_always(Fault.SERVER_ERROR)
    bot.imdb.fail("network")
    arabic = await search(bot, ARABIC, "/search parasite")
    assert arabic.text == "⏳ لا يستجيب MyDramaList و IMDb حاليًا. حاول مرة أخرى بعد بضع دقائق."
    spanish = await search(bot, SPANISH, "/search parasite")
    assert spanish.text.startswith("⏳ MyDramaList e IMDb no responden en este momento.")
    no_english(arabic)
