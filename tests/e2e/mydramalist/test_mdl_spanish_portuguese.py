"""MyDramaList and IMDb cards in Spanish and Brazilian Portuguese (issue 19), end to end.

Telegram sends regional codes ("es-419", "pt-br"); each finds its catalog. Numbers are
Babel's for the language (decimal comma, grouping dots).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from domain.text import CAPTION_LIMIT, utf16_len
from tests.conftest import BotUnderTest, bot_settings, running_bot
from tests.e2e.i18n.test_languages import english_words
from tests.fakes.imdb import FakeImdb
from tests.fakes.kuryana import FakeKuryana
from tests.harness.telegram import make_user

PREVIEW = ["es", "pt_BR"]
SPANISH = make_user(7107, "Lucía", "lucia_cards", lang="es-419")
BRAZILIAN = make_user(8108, "João", "joao_cards", lang="pt-br")
GOBLIN_URL = "https://mydramalist.com/18452-goblin"
# MyDramaList's and IMDb's own words on these cards, which stay as they come.
UPSTREAM = (
    "Goblin",
    "The Matrix",
    "South Korea",
    "15+ - Teens 15 or older",
    "8.8 (scored by 123,456 users)",
    "Gong Yoo, Kim Go Eun, Lee Dong Wook, Yoo In Na",
    "Grim Reaper",
    "Yoo In Na",
)


def ours(html: str) -> str:
    """``html`` without the synopsis or plot and the upstream values above."""
    html = html.split("<blockquote expandable>")[0]
    for value in UPSTREAM:
        html = html.replace(value, " ")
    return html


@pytest.fixture
async def bot(tmp_path: Path, kuryana: FakeKuryana, imdb: FakeImdb) -> AsyncIterator[BotUnderTest]:
    settings = bot_settings(tmp_path, kuryana, preview_languages=PREVIEW)
    async with running_bot(settings, kuryana, imdb) as running:
        yield running


async def test_a_drama_card_and_its_cast_in_spanish(bot: BotUnderTest) -> None:
    await bot.tg.send_text(SPANISH, f"/mdlurl {GOBLIN_URL}")
    card = bot.tg.last_to(SPANISH.id)
    print("\n--- ficha (es) ---\n" + card.html)
    for expected in (
        "📅 Año: 2016",
        "🌏 País: South Korea",
        "📺 Episodios: 16",
        "📡 Cadena: tvN",
        "⭐ Calificación: <b>8,8</b>",
        "🎭 Géneros: Comedy, Romance, Fantasy, Melodrama",
    ):
        assert expected in card.html
    assert [b.text for b in card.flat_buttons] == [
        "👥 Reparto",
        "📺 Episodios",
        "🔗 Abrir en MyDramaList",
        "🎬 Buscar en IMDb",
        "🧭 Similares",
        "📝 Reseñas",
    ]
    assert english_words(ours(card.html), "es") == []
    assert utf16_len(card.text) <= CAPTION_LIMIT

    await bot.tg.press(SPANISH, card, button="👥 Reparto")
    assert "👥 <b>Reparto de Goblin</b>" in card.html
    assert "<b>Papeles principales</b>" in card.html and "<b>Dirección</b>" in card.html
    assert [b.text for b in card.flat_buttons][-1] == "« Volver a la ficha"
    assert english_words(ours(card.html), "es") == []


async def test_a_movie_card_and_a_drama_refusal_in_brazilian_portuguese(bot: BotUnderTest) -> None:
    await bot.tg.send_text(BRAZILIAN, "/imdb the matrix 1999")
    await bot.tg.press(BRAZILIAN, bot.tg.last_to(BRAZILIAN.id), button="The Matrix")
    card = bot.tg.last_to(BRAZILIAN.id)
    print("\n--- ficha IMDb (pt_BR) ---\n" + card.html)
    for shown in (
        "📅 Ano: 1999",
        "🎞 Tipo: Filme",
        "⭐ Nota: 8,7/10 (2.100.000 votos)",
        "⏱ Duração: 2 h 16 min",
        "🎬 Direção: Lana Wachowski, Lilly Wachowski",
        "🗣 Idiomas: English",
    ):
        assert shown in card.text, f"{shown!r} missing from the card:\n{card.text}"
    labels = [b.text for b in card.flat_buttons]
    assert "🔗 Abrir no IMDb" in labels and "🎎 Buscar no MyDramaList" in labels
    assert labels[-1] == "« Voltar aos resultados"
    assert english_words(ours(card.html), "pt_BR") == []

    await bot.tg.send_text(BRAZILIAN, "/mdlurl https://example.com/18452-goblin")
    assert bot.tg.last_to(BRAZILIAN.id).text == (
        "⚠️ Isso não é um link de título do MyDramaList.\n"
        "Exemplo: https://mydramalist.com/18452-goblin"
    )
