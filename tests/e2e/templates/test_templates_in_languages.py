"""The template commands in Indonesian, Arabic, Spanish and Portuguese: help, refusals,
replies and listings.

Placeholder names, tags and command names stay as written (they are code); every
word around them is the user's language. A user's own template is never translated.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from pyrogram import raw

from domain.templates.placeholders import IMDB, MDL, PERSON
from tests.conftest import BotUnderTest, bot_settings, running_bot
from tests.e2e.i18n.test_languages import PREVIEW, english_words
from tests.fakes.imdb import FakeImdb
from tests.fakes.kuryana import FakeKuryana
from tests.harness.telegram import Sent, make_user

GOBLIN = "https://mydramalist.com/18452-goblin"
INDONESIAN = make_user(4104, "Sari", "sari_t", lang="id")
ARABIC = make_user(5105, "ليلى", "layla_t", lang="ar")
SPANISH = make_user(7107, "Lucía", "lucia_t", lang="es-419")
BRAZILIAN = make_user(8108, "João", "joao_t", lang="pt-br")
LANGUAGE = {INDONESIAN.id: "id", ARABIC.id: "ar", SPANISH.id: "es", BRAZILIAN.id: "pt_BR"}
# The placeholder list shows upstreams' example values (English titles, synopses) in italics,
# and placeholder names ({known_for}) are code.
_EXAMPLES = re.compile(r"<i>.*?</i>|\{\w+\}", re.S)


@pytest.fixture
async def bot(tmp_path: Path, kuryana: FakeKuryana, imdb: FakeImdb) -> AsyncIterator[BotUnderTest]:
    settings = bot_settings(tmp_path, kuryana, preview_languages=[*PREVIEW, "es", "pt_BR"])
    async with running_bot(settings, kuryana, imdb) as running:
        yield running


async def said(bot: BotUnderTest, user: raw.types.User, text: str) -> Sent:
    await bot.tg.send_text(user, text)
    return bot.tg.last_to(user.id)


def code(text: str) -> str:
    """Code quoted in an Arabic sentence, set apart (FSI … PDI) so that it reads as written."""
    return f"\u2068{text}\u2069"


def untranslated(reply: Sent) -> list[str]:
    return english_words(reply.html, LANGUAGE[reply.chat_id])


@pytest.mark.parametrize(
    ("user", "template", "expected"),
    [
        (
            INDONESIAN,
            "<b>{titel}</b>",
            "⚠️ Templat tidak disimpan: placeholder {titel} di baris 1, kolom 4 tidak dikenal "
            "— maksudmu {title}?",
        ),
        (
            ARABIC,
            "<b>{titel}</b>",
            f"⚠️ لم يُحفَظ القالب: الحقل {code('{titel}')} في السطر 1، العمود 4 غير معروف — "
            f"هل تقصد {code('{title}')}؟",
        ),
        (
            INDONESIAN,
            "{title}<br>{year}",
            "⚠️ Templat tidak disimpan: <br> di baris 1, kolom 8 tidak didukung Telegram "
            "(pakai baris baru, bukan <br>)",
        ),
        (
            ARABIC,
            "<b><i>{title}</b></i>",
            f"⚠️ لم يُحفَظ القالب: {code('</b>')} في السطر 1، العمود 14 لا يطابق {code('<i>')} "
            f"المفتوح في السطر 1، العمود 4؛ أغلق {code('</i>')} أولًا",
        ),
        (
            INDONESIAN,
            "<b>{title}",
            "⚠️ Templat tidak disimpan: <b> yang dibuka di baris 1, kolom 1 tidak pernah ditutup",
        ),
        (
            ARABIC,
            '<a href="javascript:alert(1)">{title}</a>',
            f"⚠️ لم يُحفَظ القالب: الرابط في السطر 1، العمود 1 يجب أن يبدأ بـ{code('http://')} "
            f"أو {code('https://')} أو {code('tg://')} وأن يكون عنوانًا كاملًا",
        ),
        (
            INDONESIAN,
            "<code><b>{title}</b></code>",
            "⚠️ Templat tidak disimpan: <b> di baris 1, kolom 7 tidak boleh berada di dalam "
            "<code>: Telegram menampilkan isi <code> sebagai teks biasa; tutup dulu </code>",
        ),
        (
            ARABIC,
            '<tg-emoji emoji-id="star">⭐</tg-emoji>{title}',
            "⚠️ لم يُحفَظ القالب: الوسم <tg-emoji> في السطر 1، العمود 1: يجب أن تكون قيمة "
            "emoji-id رقم الإيموجي، مثل " + code('emoji-id="5368324170671202286"'),
        ),
        (
            INDONESIAN,
            "<!-- catatan -->{title}",
            "⚠️ Templat tidak disimpan: Komentar HTML (<!-- … -->) di baris 1, kolom 1 "
            "tidak didukung di templat",
        ),
        (
            SPANISH,
            "<b>{titel}</b>",
            "⚠️ No se guardó la plantilla: marcador desconocido {titel} en línea 1, columna 4 "
            "— ¿quisiste decir {title}?",
        ),
        (
            SPANISH,
            '<b class="x">{title}</b>',
            '⚠️ No se guardó la plantilla: <b class="…"> en línea 1, columna 1: <b> no admite '
            '"class"',
        ),
        (
            BRAZILIAN,
            "{title}<font>{year}</font>",
            "⚠️ O modelo não foi salvo: <font> em linha 1, coluna 8 não é aceita pelo Telegram "
            "(O Telegram não tem fontes nem cores; experimente <b>, <i> ou <code>)",
        ),
        (
            BRAZILIAN,
            "<i>{title}</i></b>",
            "⚠️ O modelo não foi salvo: </b> em linha 1, coluna 15 fecha uma tag que nunca foi "
            "aberta",
        ),
        (
            INDONESIAN,
            "{title.__class__}",
            "⚠️ Templat tidak disimpan: '{title.__class__}' di karakter ke-1 bukan placeholder: "
            "pakai nama biasa seperti {title}",
        ),
        (
            BRAZILIAN,
            "{title",
            "⚠️ O modelo não foi salvo: '{' sem par no caractere 1; escreva {{ para uma chave "
            "literal",
        ),
    ],
    ids=[
        "id-unknown",
        "ar-unknown",
        "id-br",
        "ar-mismatch",
        "id-unclosed",
        "ar-link",
        "id-literal",
        "ar-emoji",
        "id-comment",
        "es-unknown",
        "es-attribute",
        "pt-font",
        "pt-never-opened",
        "id-not-a-name",
        "pt-unmatched",
    ],
)
async def test_a_refused_template_is_explained_in_the_users_language(
    bot: BotUnderTest, user: raw.types.User, template: str, expected: str
) -> None:
    refused = await said(bot, user, f"/setmdltemplate {template}")
    assert refused.text == expected
    assert untranslated(refused) == [], untranslated(refused)


async def test_a_too_long_template_counts_its_characters_in_arabic_plurals(
    bot: BotUnderTest,
) -> None:
    refused = await said(bot, ARABIC, "/setmdltemplate " + "x" * 3001)
    assert refused.text == (
        "⚠️ لم يُحفَظ القالب: يحتوي القالب على 3001 حرف (بحسب عدّ Telegram: الإيموجي بحرفين)؛ "
        "الحد الأقصى 3000"
    )
    refused = await said(bot, INDONESIAN, "/setmdltemplate " + "x" * 3011)
    assert "templatnya berisi 3011 karakter" in refused.text and "batasnya 3000" in refused.text


async def test_set_get_and_remove_in_indonesian_keep_the_users_own_words(
    bot: BotUnderTest,
) -> None:
    saved = await said(bot, INDONESIAN, "/setmdltemplate Title: <b>{title}</b> · {year}")
    assert saved.text == (
        "✅ Sip, templat MyDramaList milikmu sudah disimpan. Lihat hasilnya pada sebuah judul "
        "dengan /previewmdltemplate; kembali ke bawaan dengan /removemdltemplate."
    )
    shown = await said(bot, INDONESIAN, "/getmdltemplate")
    assert shown.text == (
        "Ini templat MyDramaList milikmu:\nTitle: <b>{title}</b> · {year}\n"
        "Ubah dengan /setmdltemplate; kembali ke bawaan dengan /removemdltemplate."
    )
    # The user's template is theirs: its English word is not translated on the card.
    card = await said(bot, INDONESIAN, f"/mdlurl {GOBLIN}")
    assert card.html == "Title: <b>Goblin</b> · 2016"
    preview = await said(bot, INDONESIAN, "/previewmdltemplate")
    assert preview.html == "Title: <b>Goblin</b> · 2016"

    removed = await said(bot, INDONESIAN, "/removemdltemplate")
    assert removed.text == (
        "🗑 Sudah dihapus. Sekarang kartu MyDramaList milikmu kembali memakai templat bawaan."
    )
    again = await said(bot, INDONESIAN, "/removemdltemplate")
    assert again.text == (
        "Kamu belum punya templat MyDramaList sendiri; kamu sudah memakai yang bawaan."
    )
    default = await said(bot, INDONESIAN, "/getmdltemplate")
    assert default.text.startswith("Kamu memakai templat MyDramaList bawaan:\n🎬 <b>{title}</b>\n")
    # The default's labels are shown as the user's cards show them; the names stay English.
    assert "📅 Tahun: {year}" in default.text and "Year" not in default.text
    assert default.text.endswith(
        "Buat punyamu sendiri dengan /setmdltemplate — placeholder: /mdlplaceholders"
    )
    for reply in (saved, shown, removed, again):
        assert untranslated(reply) == [], untranslated(reply)


async def test_person_templates_in_arabic(bot: BotUnderTest) -> None:
    saved = await said(bot, ARABIC, "/setpersontemplate <b>{name}</b> {age}")
    assert saved.text == (
        "✅ تم حفظ قالب الأشخاص الخاص بك. شاهده على أحد العناوين بالأمر /previewpersontemplate، "
        "أو عُد إلى القالب الافتراضي بالأمر /removepersontemplate."
    )
    removed = await said(bot, ARABIC, "/removepersontemplate")
    assert removed.text == (
        "🗑 تم الحذف. ستعود بطاقات الأشخاص الخاصة بك إلى استخدام القالب الافتراضي."
    )
    default = await said(bot, ARABIC, "/getpersontemplate")
    assert default.text.startswith("أنت تستخدم قالب الأشخاص الافتراضي:\n👤 <b>{name}</b>\n")
    assert "{born} {age}" in default.text and "Born" not in default.text
    for reply in (saved, removed):
        assert untranslated(reply) == [], untranslated(reply)


async def test_usage_without_a_template_in_indonesian(bot: BotUnderTest) -> None:
    reply = await said(bot, INDONESIAN, "/setimdbtemplate")
    assert reply.text == (
        "⚠️ Kirim templatnya setelah perintah, ya.\n"
        "Cara pakai: /setimdbtemplate <templat>, atau balas pesan yang berisi templatnya "
        "dengan /setimdbtemplate.\n"
        "Contoh: /setimdbtemplate <b>{title}</b> ({year})\n⭐ {rating} · {runtime}\n{plot}\n"
        "Placeholder: /imdbplaceholders"
    )


@pytest.mark.parametrize(
    ("user", "command", "names", "heading", "line", "footer"),
    [
        (
            ARABIC,
            "/imdbplaceholders",
            IMDB,
            "الحقول المتاحة في قالب IMDb",
            "{director} — المخرجون · Lana Wachowski, Lilly Wachowski",
            "اكتب {{ و}} لإظهار الأقواس المعقوفة كما هي.",
        ),
        (
            INDONESIAN,
            "/personplaceholders",
            PERSON,
            "Placeholder templat tokoh",
            "{age} — Usia (atau usia saat meninggal) · (46 tahun)",
            "Buat punyamu: /setpersontemplate <b>{name}</b> {age}",
        ),
        (
            SPANISH,
            "/mdlplaceholders",
            MDL,
            "Marcadores de la plantilla de MyDramaList",
            "{rating} — Calificación sobre 10 · 8,8",
            "Puedes usar el HTML de Telegram:",
        ),
    ],
    ids=["ar-imdb", "id-person", "es-mdl"],
)
async def test_placeholders_are_described_in_the_users_language_with_english_names(
    bot: BotUnderTest,
    user: raw.types.User,
    command: str,
    names: dict[str, object],
    heading: str,
    line: str,
    footer: str,
) -> None:
    listing = await said(bot, user, command)
    assert listing.text.startswith(heading + "\n")
    for name in names:
        assert f"{{{name}}} — " in listing.text
    assert line in listing.text.splitlines()
    assert footer in listing.text
    assert len(listing.text) <= 4096
    # The examples are upstreams' own values, kept as they come.
    leaked = english_words(_EXAMPLES.sub(" ", listing.html), LANGUAGE[user.id])
    assert leaked == [], leaked


async def test_set_get_and_remove_in_brazilian_portuguese(bot: BotUnderTest) -> None:
    saved = await said(bot, BRAZILIAN, "/setimdbtemplate 🎬 <i>{title}</i> — {director}")
    assert saved.text == (
        "✅ Salvei o seu modelo do IMDb. Veja como fica em um título com /previewimdbtemplate; "
        "volte ao padrão com /removeimdbtemplate."
    )
    shown = await said(bot, BRAZILIAN, "/getimdbtemplate")
    assert shown.text == (
        "Seu modelo do IMDb:\n🎬 <i>{title}</i> — {director}\n"
        "Mude com /setimdbtemplate; volte ao padrão com /removeimdbtemplate."
    )
    preview = await said(bot, BRAZILIAN, "/previewimdbtemplate")
    assert preview.html == "🎬 <i>The Matrix</i> — Lana Wachowski, Lilly Wachowski"
    removed = await said(bot, BRAZILIAN, "/removeimdbtemplate")
    assert removed.text == "🗑 Removido. Suas fichas do IMDb voltam a usar o modelo padrão."
    usage = await said(bot, SPANISH, "/setmdltemplate")
    assert usage.text.startswith(
        "⚠️ Envía la plantilla después del comando.\nUso: /setmdltemplate <plantilla>, o "
        "responde con /setmdltemplate a un mensaje que la contenga.\nEjemplo: /setmdltemplate "
    )
    for reply in (saved, shown, removed, usage):
        assert untranslated(reply) == [], untranslated(reply)


async def test_a_template_at_the_limit_is_shown_whole_in_arabic(bot: BotUnderTest) -> None:
    """The words around a stored template are longer in Arabic; the reply still fits."""
    template = "{title} " + "ب" * 2990
    saved = await said(bot, ARABIC, f"/setmdltemplate {template}")
    assert saved.text.startswith("✅")
    shown = await said(bot, ARABIC, "/getmdltemplate")
    assert shown.text.startswith(f"قالب MyDramaList الخاص بك:\n{template}\n")
    assert len(shown.text) <= 4096


async def test_the_person_preview_shows_dates_as_the_persons_card_does(bot: BotUnderTest) -> None:
    await said(bot, SPANISH, "/setpersontemplate <b>{name}</b> · {born}")
    preview = await said(bot, SPANISH, "/previewpersontemplate")
    assert preview.html == "<b>Gong Yoo</b> · 10 de julio de 1979"
