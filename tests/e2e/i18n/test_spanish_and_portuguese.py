"""The bot in Spanish and Brazilian Portuguese, through the Telegram test client.

Like Indonesian and Arabic (test_languages.py, which also holds their rate
limit), both catalogs are complete and on with the default settings; the
PREVIEW_LANGUAGES these bots still name changes nothing. Telegram sends
regional codes ("es-419", "pt-br"): each finds its catalog.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from app.wiring.bot import publish_menus
from tests.conftest import BotUnderTest, bot_settings, running_bot
from tests.e2e.i18n.test_languages import BRAZILIAN, SPANISH, english_words, shown
from tests.fakes.imdb import FakeImdb
from tests.fakes.kuryana import FakeKuryana, Fault

PREVIEW = ["es", "pt_BR"]


@pytest.fixture
async def bot(tmp_path: Path, kuryana: FakeKuryana, imdb: FakeImdb) -> AsyncIterator[BotUnderTest]:
    settings = bot_settings(tmp_path, kuryana, preview_languages=PREVIEW)
    async with running_bot(settings, kuryana, imdb) as running:
        yield running


async def test_start_in_spanish_and_portuguese_from_telegrams_regional_code(
    bot: BotUnderTest,
) -> None:
    await bot.tg.send_text(SPANISH, "/start")
    spanish = bot.tg.last_to(SPANISH.id)
    assert spanish.html.startswith("👋 ¡Hola, <b>Lucía</b>!")
    assert "Busco doramas asiáticos en MyDramaList" in spanish.text
    assert "Prueba: /mdl goblin o /imdb the matrix 1999" in spanish.text
    assert english_words(spanish.html, "es") == []

    await bot.tg.send_text(BRAZILIAN, "/start")
    portuguese = bot.tg.last_to(BRAZILIAN.id)
    assert portuguese.html.startswith("👋 Olá, <b>João</b>!")
    assert "Eu busco doramas asiáticos no MyDramaList" in portuguese.text
    assert "Experimente: /mdl goblin ou /imdb the matrix 1999" in portuguese.text
    assert english_words(portuguese.html, "pt_BR") == []


async def test_help_in_spanish_and_portuguese_keeps_the_command_names(bot: BotUnderTest) -> None:
    await bot.tg.send_text(SPANISH, "/help")
    spanish = bot.tg.last_to(SPANISH.id)
    assert spanish.text.startswith("Lo que puedo hacer\n")
    assert "/mdl <título o enlace> — Buscar en MyDramaList" in spanish.text
    assert "/language — Elige el idioma en que te hablo" in spanish.text
    assert "Sin comandos" in spanish.text and "Comandos del dueño" not in spanish.text

    await bot.tg.send_text(BRAZILIAN, "/help")
    portuguese = bot.tg.last_to(BRAZILIAN.id)
    assert portuguese.text.startswith("O que eu sei fazer\n")
    assert "/imdb <título> [ano] — Buscar filmes e séries no IMDb" in portuguese.text
    assert "Num chat privado comigo, é só mandar um título (goblin)" in portuguese.text
    for reply, code in ((spanish, "es"), (portuguese, "pt_BR")):
        assert english_words(reply.html, code) == [], english_words(reply.html, code)
        assert len(reply.text) <= 4096


async def test_language_menu_names_each_language_in_itself(bot: BotUnderTest) -> None:
    tg = bot.tg
    await tg.send_text(BRAZILIAN, "/language")
    menu = tg.last_to(BRAZILIAN.id)
    assert menu.text == (
        "🌐 Idioma\nAgora eu falo com você em Português (Brasil). Escolha o idioma que preferir:"
    )
    assert [b.text for b in menu.flat_buttons] == [
        "English",
        "العربية",
        "Español",
        "Indonesia",
        "Português (Brasil)",
        "✓ 🔄 Automático (o idioma do meu Telegram)",
    ]
    await tg.press(BRAZILIAN, menu, button="Español")
    assert shown(tg, BRAZILIAN.id, menu.id) == "✅ Listo: a partir de ahora te hablo en Español."
    await tg.send_text(BRAZILIAN, "/nope")
    assert tg.last_to(BRAZILIAN.id).text == (
        "No conozco /nope. Envía /help para ver lo que puedo hacer."
    )
    await tg.press(BRAZILIAN, menu, button="🔄")
    assert shown(tg, BRAZILIAN.id, menu.id) == (
        "✅ Vou usar o idioma do seu Telegram: Português (Brasil)."
    )


async def test_an_outage_in_portuguese_and_a_forged_button_in_spanish(bot: BotUnderTest) -> None:
    bot.kuryana.fail_always(Fault.SERVER_ERROR)
    await bot.tg.send_text(BRAZILIAN, "/mdl goblin")
    reply = bot.tg.last_to(BRAZILIAN.id)
    assert reply.text == (
        "⏳ MyDramaList não está respondendo agora. Tente de novo daqui a alguns minutos."
    )
    assert english_words(reply.html, "pt_BR") == []

    await bot.tg.send_text(SPANISH, "/language")
    query = await bot.tg.press(SPANISH, bot.tg.last_to(SPANISH.id), data="lg:fr")
    answer = bot.tg.answer_for(query)
    assert (answer.text, answer.alert) == ("Ese idioma no está disponible.", True)


async def test_menus_are_published_in_spanish_and_portuguese(bot: BotUnderTest) -> None:
    from pyrogram import raw

    await publish_menus(bot.tg.client, bot.services)
    menus = {
        call.lang_code: {c.command: c.description for c in call.commands}
        for call in bot.tg.calls_of(raw.functions.bots.SetBotCommands)
        if isinstance(call.scope, raw.types.BotCommandScopeDefault)
    }
    assert menus["es"]["search"] == "Buscar en MyDramaList e IMDb a la vez"
    assert menus["pt"]["search"] == "Buscar no MyDramaList e no IMDb ao mesmo tempo"
    assert set(menus["es"]) == set(menus["pt"]) == set(menus[""])
