"""The bot in Indonesian and Arabic, through the Telegram test client.

Every shipped catalog is complete, so each is on for its users with the
default settings (app/i18n/languages.py); PREVIEW_LANGUAGES, which some of
these bots still name, changes nothing for a complete catalog.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from pyrogram import errors, raw

from app.wiring.bot import publish_menus
from domain.errors import StorageUnavailable
from tests.conftest import BotUnderTest, bot_settings, running_bot
from tests.e2e.admin_support import admin_bot, limits_follow
from tests.fakes.clock import SettableClock
from tests.fakes.imdb import FakeImdb
from tests.fakes.kuryana import FakeKuryana, Fault
from tests.harness.telegram import BOT_USERNAME, People, make_user

PREVIEW = ["id", "ar"]
# What may stay in English inside a translated reply: command names, sources, examples.
_KEPT = re.compile(
    r"/\w+|@\w+|<code>.*?</code>|\b(?:MyDramaList|IMDb|Telegram|HTML|on\|off)\b", re.S
)
# English words that neither Indonesian nor Arabic uses: one of them in a translated
# reply means English that bypassed the catalog.
_ENGLISH = frozenset(
    re.findall(
        r"\w+",
        """the and you your with for this that what can send try again please not are is of
        to my me it or in at by from see know help do does did will would want choose language
        hello search find open show set back list stop get""",
    )
)


# Words of that list (or of a caller's longer one) that are words of a translation too:
# Spanish and Portuguese "me", "no", "a", Portuguese "do" (de + o: "do MyDramaList") and
# "for" ("quando for diferente"), Indonesian "rating". Only a reply in that language may
# use them.
_NATIVE = {
    "id": frozenset({"rating", "copy"}),
    "es": frozenset({"me", "no", "a", "similar", "director", "total"}),
    "pt_BR": frozenset({"me", "do", "no", "a", "similar", "total", "for"}),
}


def english_words(
    html: str, language: str | None = None, vocabulary: frozenset[str] = _ENGLISH
) -> list[str]:
    """The English words (of ``vocabulary``) in a translated reply; ``language`` ("es",
    "pt_BR") lets that language's own words that look English ("me", "do") stand."""
    text = _KEPT.sub(" ", html)
    native = _NATIVE.get(language or "", frozenset())
    # Whole words, accented letters included: "até" is Portuguese, not the English "at".
    words = re.findall(r"[^\W\d_]+(?:'[^\W\d_]+)*", text)
    return [w for w in words if w.lower() in vocabulary - native]


def shown(tg: object, chat_id: int, message_id: int) -> str:
    """The text of message ``message_id`` as it stands now (after edits)."""
    return next(m.text for m in tg.messages_to(chat_id) if m.id == message_id)  # type: ignore[attr-defined]


@pytest.fixture
async def bot(tmp_path: Path, kuryana: FakeKuryana, imdb: FakeImdb) -> AsyncIterator[BotUnderTest]:
    settings = bot_settings(tmp_path, kuryana, preview_languages=PREVIEW)
    async with running_bot(settings, kuryana, imdb) as running:
        yield running


INDONESIAN = make_user(4004, "Sari", "sari", lang="id")
ARABIC = make_user(5005, "ليلى", "layla", lang="ar")


async def test_start_in_indonesian_and_arabic_from_telegrams_language(bot: BotUnderTest) -> None:
    await bot.tg.send_text(INDONESIAN, "/start")
    indonesian = bot.tg.last_to(INDONESIAN.id)
    assert indonesian.html.startswith("👋 Halo, <b>Sari</b>!")
    assert "Coba: /mdl goblin atau /imdb the matrix 1999" in indonesian.text
    assert english_words(indonesian.html) == []

    await bot.tg.send_text(ARABIC, "/start")
    arabic = bot.tg.last_to(ARABIC.id)
    assert arabic.html.startswith("👋 مرحبًا يا <b>ليلى</b>!")
    assert "جرّب: /mdl goblin أو /imdb the matrix 1999" in arabic.text
    assert english_words(arabic.html) == []


async def test_help_in_indonesian_and_arabic_keeps_the_command_names(bot: BotUnderTest) -> None:
    await bot.tg.send_text(INDONESIAN, "/help")
    indonesian = bot.tg.last_to(INDONESIAN.id).text
    assert indonesian.startswith("Yang bisa aku bantu\n")
    assert "/mdl <judul atau tautan> — Cari di MyDramaList" in indonesian
    assert "/language — Pilih bahasa yang aku pakai denganmu" in indonesian
    assert "Tanpa perintah" in indonesian and f"@{BOT_USERNAME} p gong yoo" in indonesian
    await bot.tg.send_text(ARABIC, "/help")
    arabic = bot.tg.last_to(ARABIC.id)
    assert arabic.text.startswith("ما أستطيع فعله\n")
    assert "/imdb <العنوان> [السنة] — البحث عن الأفلام والمسلسلات على IMDb" in arabic.text
    assert "أوامر المالك" not in arabic.text
    for reply in (bot.tg.last_to(INDONESIAN.id), arabic):
        assert english_words(reply.html) == [], english_words(reply.html)
        assert len(reply.text) <= 4096


async def test_the_owner_help_in_arabic_translates_the_owner_section(
    bot: BotUnderTest, people: People
) -> None:
    owner = make_user(people.owner.id, "Olive", "olive", lang="ar")
    await bot.tg.send_text(owner, "/help")
    reply = bot.tg.last_to(owner.id)
    assert "أوامر المالك" in reply.text
    assert "/broadcast <نص HTML> — إرسال رسالة إلى جميع المستخدمين" in reply.text
    assert english_words(reply.html) == [] and len(reply.text) <= 4096


async def test_an_unknown_command_in_arabic(bot: BotUnderTest) -> None:
    await bot.tg.send_text(ARABIC, "/frobnicate <b>")
    reply = bot.tg.last_to(ARABIC.id)
    assert reply.text == "لا أعرف الأمر /frobnicate. أرسل /help لترى ما أستطيع فعله."


async def test_language_overrides_telegrams_language_and_automatic_brings_it_back(
    bot: BotUnderTest,
) -> None:
    tg = bot.tg
    await tg.send_text(INDONESIAN, "/language")
    menu = tg.last_to(INDONESIAN.id)
    assert menu.text.startswith("🌐 Bahasa\nSaat ini aku pakai bahasa Indonesia denganmu.")
    assert [b.text for b in menu.flat_buttons] == [
        "English",
        "العربية",
        "Español",
        "Indonesia",
        "Português (Brasil)",
        "✓ 🔄 Otomatis (ikuti bahasa Telegram-ku)",
    ]
    await tg.press(INDONESIAN, menu, button="العربية")
    edited = tg.last_to(INDONESIAN.id)
    assert edited.text == "✅ من الآن فصاعدًا سأحدّثك باللغة العربية."
    assert "✓ العربية" in [b.text for b in edited.flat_buttons]

    await tg.send_text(INDONESIAN, "/start")
    assert tg.last_to(INDONESIAN.id).html.startswith("👋 مرحبًا يا <b>Sari</b>!")
    await tg.send_text(INDONESIAN, "/nope")
    assert tg.last_to(INDONESIAN.id).text.startswith("لا أعرف الأمر /nope.")

    await tg.press(INDONESIAN, edited, button="🔄")
    assert shown(tg, INDONESIAN.id, menu.id) == (
        "✅ Aku akan mengikuti bahasa Telegram-mu: bahasa Indonesia."
    )
    await tg.send_text(INDONESIAN, "/start")
    assert tg.last_to(INDONESIAN.id).html.startswith("👋 Halo, <b>Sari</b>!")


async def test_english_chosen_over_an_arabic_telegram(bot: BotUnderTest) -> None:
    await bot.tg.send_text(ARABIC, "/language")
    await bot.tg.press(ARABIC, bot.tg.last_to(ARABIC.id), button="English")
    assert bot.tg.last_to(ARABIC.id).text == "✅ From now on I speak English with you."
    await bot.tg.send_text(ARABIC, "/start")
    assert bot.tg.last_to(ARABIC.id).html.startswith("👋 Hello, <b>ليلى</b>!")


async def test_forged_or_withdrawn_language_buttons_are_refused_in_the_users_language(
    bot: BotUnderTest,
) -> None:
    await bot.tg.send_text(ARABIC, "/language")
    menu = bot.tg.last_to(ARABIC.id)
    for data in ("lg:fr", "lg:../../etc", "lg:" + "a" * 60, "lg:"):
        query = await bot.tg.press(ARABIC, menu, data=data)
        answer = bot.tg.answer_for(query)
        assert (answer.text, answer.alert) == ("هذه اللغة غير متاحة.", True), data
    await bot.tg.send_text(ARABIC, "/start")
    assert bot.tg.last_to(ARABIC.id).html.startswith("👋 مرحبًا")  # nothing was stored


async def test_a_language_with_no_catalog_gets_the_default(bot: BotUnderTest) -> None:
    french = make_user(6006, "Amélie", None, lang="fr")
    await bot.tg.send_text(french, "/start")
    assert bot.tg.last_to(french.id).html.startswith("👋 Hello, <b>Amélie</b>!")


SPANISH = make_user(7007, "Lucía", "lucia", lang="es-419")
BRAZILIAN = make_user(8008, "João", "joao", lang="pt-br")


@pytest.mark.parametrize(
    ("user", "language", "waited", "expected"),
    [
        (ARABIC, "ar", 57, "🐢 على رِسلك قليلًا: حاول مرة أخرى بعد 3 ثوانٍ."),
        (INDONESIAN, "id", 45, "🐢 Pelan-pelan dulu, ya: coba lagi dalam 15 detik."),
        (SPANISH, "es", 59, "🐢 Tómatelo con calma: inténtalo de nuevo en 1 segundo."),
        (BRAZILIAN, "pt_BR", 59, "🐢 Vai com calma: tente de novo em 1 segundo."),
    ],
    ids=["arabic-few", "indonesian", "spanish-one", "portuguese-one"],
)
async def test_a_rate_limit_in_the_users_language_with_its_plural(
    tmp_path: Path,
    kuryana: FakeKuryana,
    imdb: FakeImdb,
    monkeypatch: pytest.MonkeyPatch,
    user: raw.types.User,
    language: str,
    waited: int,
    expected: str,
) -> None:
    clock = SettableClock()
    limits_follow(clock, monkeypatch)
    async with admin_bot(tmp_path, kuryana, imdb, clock=clock, rate_limit="2/minute") as bot:
        tg = bot.tg
        for _ in range(2):
            await tg.send_text(user, "/mdl goblin")
        clock.advance(waited)
        await tg.send_text(user, "/mdl goblin")
        limited = tg.last_to(user.id)
        assert limited.text == expected
        assert english_words(limited.html, language) == []


async def test_menus_are_published_per_language(bot: BotUnderTest) -> None:
    await publish_menus(bot.tg.client, bot.services)
    menus = {
        (type(call.scope).__name__, call.lang_code): {
            c.command: c.description for c in call.commands
        }
        for call in bot.tg.calls_of(raw.functions.bots.SetBotCommands)
    }
    default = menus[("BotCommandScopeDefault", "")]
    assert default["language"] == "Choose the language I speak with you"
    assert menus[("BotCommandScopeDefault", "id")]["language"] == (
        "Pilih bahasa yang aku pakai denganmu"
    )
    arabic = menus[("BotCommandScopeDefault", "ar")]
    assert arabic["mdl"] == "البحث في MyDramaList"
    assert set(arabic) == set(default)  # the same commands, in English names
    assert all(1 <= len(d) <= 256 for menu in menus.values() for d in menu.values())


async def test_with_default_settings_every_shipped_language_is_on(
    tmp_path: Path, kuryana: FakeKuryana, imdb: FakeImdb
) -> None:
    """No PREVIEW_LANGUAGES: each complete catalog reaches its users, menus included."""
    async with running_bot(bot_settings(tmp_path, kuryana), kuryana, imdb) as bot:
        await bot.tg.send_text(INDONESIAN, "/start")
        greeting = bot.tg.last_to(INDONESIAN.id).html
        assert greeting.startswith("👋 Halo, <b>Sari</b>!")
        assert english_words(greeting) == []
        await bot.tg.send_text(INDONESIAN, "/language")
        menu = bot.tg.last_to(INDONESIAN.id)
        names = [b.text for b in menu.flat_buttons]
        assert names[:5] == ["English", "العربية", "Español", "Indonesia", "Português (Brasil)"]
        query = await bot.tg.press(INDONESIAN, menu, data="lg:fr")
        assert bot.tg.answer_for(query).text == "Bahasa itu tidak tersedia."
        await publish_menus(bot.tg.client, bot.services)
        codes = [c.lang_code for c in bot.tg.calls_of(raw.functions.bots.SetBotCommands)]
        assert set(codes) == {"", "ar", "es", "id", "pt"}


async def test_an_outage_in_arabic_keeps_the_sources_name(bot: BotUnderTest) -> None:
    bot.kuryana.fail_always(Fault.SERVER_ERROR)
    await bot.tg.send_text(ARABIC, "/mdl goblin")
    reply = bot.tg.last_to(ARABIC.id)
    assert reply.text == "⏳ لا يستجيب MyDramaList حاليًا. حاول مرة أخرى بعد بضع دقائق."
    assert english_words(reply.html) == []


async def test_a_language_that_could_not_be_saved_says_so_in_the_users_language(
    bot: BotUnderTest, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def down(user_id: int, code: str | None) -> None:
        raise StorageUnavailable("database is locked")

    await bot.tg.send_text(INDONESIAN, "/language")
    menu = bot.tg.last_to(INDONESIAN.id)
    monkeypatch.setattr(bot.services.languages._choices, "choose", down)
    query = await bot.tg.press(INDONESIAN, menu, button="العربية")
    answer = bot.tg.answer_for(query)
    assert answer.alert and answer.text == (
        "💾 Barusan aku gagal menyimpannya; tidak ada yang berubah. Coba lagi, ya."
    )
    assert shown(bot.tg, INDONESIAN.id, menu.id) == menu.text  # nothing pretends it worked


def chat_menus(bot: BotUnderTest, user_id: int) -> list[dict[str, str] | None]:
    """The menus set (a dict) or reset (None) for ``user_id``'s private chat, in order."""
    found: list[dict[str, str] | None] = []
    for call in bot.tg.calls:
        scope = getattr(call, "scope", None)
        if not isinstance(scope, raw.types.BotCommandScopePeer):
            continue
        if getattr(scope.peer, "user_id", None) != user_id:
            continue
        if isinstance(call, raw.functions.bots.SetBotCommands):
            found.append({c.command: c.description for c in call.commands})
        elif isinstance(call, raw.functions.bots.ResetBotCommands):
            found.append(None)
    return found


async def test_a_chosen_language_gets_its_own_menu_and_automatic_takes_it_away(
    bot: BotUnderTest, people: People
) -> None:
    await bot.tg.send_text(INDONESIAN, "/language")
    menu = bot.tg.last_to(INDONESIAN.id)
    await bot.tg.press(INDONESIAN, menu, button="العربية")
    await bot.tg.press(INDONESIAN, menu, button="🔄")
    chosen, automatic = chat_menus(bot, INDONESIAN.id)
    assert chosen is not None and chosen["language"] == "اختر اللغة التي أحدّثك بها"
    assert "broadcast" not in chosen
    assert automatic is None
    # An owner keeps the owner commands in the menu of the language they chose.
    owner = make_user(people.owner.id, "Olive", "olive", lang="en")
    await bot.tg.send_text(owner, "/language")
    await bot.tg.press(owner, bot.tg.last_to(owner.id), button="Indonesia")
    (full,) = chat_menus(bot, owner.id)
    assert full is not None and full["broadcast"] == "Kirim pesan ke semua pengguna"


async def test_a_menu_telegram_refuses_does_not_undo_the_choice(bot: BotUnderTest) -> None:
    bot.tg.fail_next(raw.functions.bots.SetBotCommands, errors.FloodWait(value=30))
    await bot.tg.send_text(INDONESIAN, "/language")
    menu = bot.tg.last_to(INDONESIAN.id)
    query = await bot.tg.press(INDONESIAN, menu, button="English")
    assert not bot.tg.answer_for(query).alert
    assert shown(bot.tg, INDONESIAN.id, menu.id) == "✅ From now on I speak English with you."
    await bot.tg.send_text(INDONESIAN, "/start")
    assert bot.tg.last_to(INDONESIAN.id).html.startswith("👋 Hello, <b>Sari</b>!")


async def test_help_for_an_outsider_of_a_private_bot_in_arabic(
    tmp_path: Path, kuryana: FakeKuryana, imdb: FakeImdb
) -> None:
    """The domain's own text (how to ask for access) speaks the user's language too."""
    settings = bot_settings(
        tmp_path, kuryana, public_mode=False, access_contact="@olive", preview_languages=PREVIEW
    )
    async with running_bot(settings, kuryana, imdb) as bot:
        await bot.tg.send_text(ARABIC, "/help")
        reply = bot.tg.last_to(ARABIC.id)
        assert reply.text.endswith(
            "هذا البوت خاص. لطلب الوصول، أرسل معرّف المستخدم الخاص بك 5005 إلى مالك البوت "
            "(@olive)، ويمكنه السماح لك بالأمر /authorize 5005."
        )
        assert "/mdl" not in reply.text and "/language" in reply.text
        assert english_words(reply.html) == []
