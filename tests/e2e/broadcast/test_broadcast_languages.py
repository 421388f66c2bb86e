"""A broadcast in the owner's language; the copies carry the owner's message alone.

The progress message and the summary are written in a background task, and
after a restart with no update at all: they still speak the owner's language.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from app.wiring.lifecycle import on_startup
from domain.broadcast.job import BroadcastStatus
from tests.e2e.admin_support import Crash, FakeSleep, admin_bot, carry_over, forwards_to
from tests.e2e.i18n.test_languages import english_words
from tests.fakes.clock import SettableClock
from tests.fakes.imdb import FakeImdb
from tests.fakes.kuryana import FakeKuryana
from tests.harness.telegram import People, make_user

PREVIEW = ["id", "ar", "es", "pt_BR"]
# Fans in every language the bot speaks: what they get has no words of the bot's.
LANGUAGES = ("id", "ar", "en", "es-419", "pt-br")
FANS = [make_user(6001 + i, f"Fan{i:02d}", lang=LANGUAGES[i % 5]) for i in range(20)]


def shown(tg: object, chat_id: int, message_id: int) -> str:
    return next(m.html for m in tg.messages_to(chat_id) if m.id == message_id)  # type: ignore[attr-defined]


async def test_an_arabic_owner_broadcasts_and_every_fan_gets_the_message_alone(
    tmp_path: Path, kuryana: FakeKuryana, imdb: FakeImdb, people: People
) -> None:
    clock = SettableClock()
    owner = make_user(people.owner.id, "Olive", "olive", lang="ar")
    async with admin_bot(tmp_path, kuryana, imdb, clock=clock, preview_languages=PREVIEW) as bot:
        tg = bot.tg
        for fan in FANS:
            await tg.send_text(fan, "/start")
        bot.services.admin.broadcasts.sleep = FakeSleep(clock)

        await tg.send_text(owner, "/broadcast")
        assert tg.last_to(owner.id).text == (
            "⚠️ ماذا أرسل؟\n"
            "الاستخدام: /broadcast <نص HTML>، أو ردّ بالأمر /broadcast على الرسالة المراد إرسالها"
        )
        await tg.send_text(owner, "/stop_broadcast")
        assert tg.last_to(owner.id).text == "لا يوجد بثّ جارٍ."

        await tg.send_text(owner, "/broadcast <b>News</b> & more")
        prompt = tg.last_to(owner.id)
        # 21 recipients (the fans and the owner): Arabic's "many" form, 11 to 99.
        assert prompt.html == (
            "📣 هل أرسل الرسالة أعلاه إلى <b>21</b> مستخدمًا؟\n"
            "لن يُرسَل شيء قبل أن تؤكّد، ويُتخطّى المستخدمون الذين حظروا البوت."
        )
        assert [b.text for b in prompt.flat_buttons] == ["✅ تأكيد", "✖️ إلغاء"]

        press = await tg.press(owner, prompt, button="تأكيد")
        assert tg.answer_for(press).text == "بدأ البث"
        job = await bot.services.admin.broadcasts.wait()
        assert job is not None and job.status is BroadcastStatus.DONE

        summary = tg.last_to(owner.id)
        assert summary.text.startswith(
            "✅ اكتمل البث\nوصلت: 21 · تعذّرت: 0 · حظروا البوت: 0\nالتقدّم: 21 من 21\n"
        )
        assert "المدة المنقضية: " in summary.text
        assert english_words(summary.html) == [], english_words(summary.html)
        assert shown(tg, owner.id, prompt.id) == summary.html  # the progress message too
        for fan in FANS:
            received = [m.html for m in tg.messages_to(fan.id)][1:]  # after /start's greeting
            assert received == ["<b>News</b> &amp; more"], fan.id
            assert len(forwards_to(tg, fan.id)) == 1


async def test_a_broadcast_cancelled_in_indonesian(
    tmp_path: Path, kuryana: FakeKuryana, imdb: FakeImdb, people: People
) -> None:
    owner = make_user(people.owner.id, "Olive", "olive", lang="id")
    async with admin_bot(tmp_path, kuryana, imdb, preview_languages=PREVIEW) as bot:
        await bot.tg.send_text(owner, "/broadcast Halo semua")
        prompt = bot.tg.last_to(owner.id)
        assert prompt.html.startswith("📣 Kirim pesan di atas ke <b>1</b> pengguna?\n")
        confirm = prompt.button("Konfirmasi").data
        press = await bot.tg.press(owner, prompt, button="Batal")
        assert bot.tg.answer_for(press).text == "Dibatalkan"
        assert shown(bot.tg, owner.id, prompt.id) == (
            "✖️ Siaran dibatalkan. Tidak ada yang terkirim."
        )
        press = await bot.tg.press(owner, prompt, data=confirm)
        assert bot.tg.answer_for(press).text == (
            "⚠️ Pratinjau siaran ini sudah tidak berlaku.\nKirim /broadcast lagi."
        )


async def test_after_a_crash_and_a_restart_the_summary_speaks_the_owners_choice(
    tmp_path: Path, kuryana: FakeKuryana, imdb: FakeImdb, people: People
) -> None:
    """The resumed broadcast has no update to take a language from: the owner's
    /language choice (stored) says Indonesian, over Telegram's English."""
    clock = SettableClock()
    async with admin_bot(tmp_path, kuryana, imdb, clock=clock, preview_languages=PREVIEW) as first:
        tg = first.tg
        for fan in FANS:
            await tg.send_text(fan, "/start")
        await tg.send_text(people.owner, "/language")
        await tg.press(people.owner, tg.last_to(people.owner.id), button="Indonesia")
        first.services.admin.broadcasts.sleep = FakeSleep(clock, crash_on=11)
        await tg.send_text(people.owner, "/broadcast <b>News</b>")
        await tg.press(people.owner, tg.last_to(people.owner.id), button="Konfirmasi")
        with pytest.raises(Crash):
            await first.services.admin.broadcasts.wait()
        crashed = tg.last_to(people.owner.id).text
        assert crashed.startswith("⚠️ Siaran berhenti karena error tak terduga setelah ")
        assert crashed.endswith(
            " pesan. Siaran akan lanjut dari titik berhentinya saat bot dimulai ulang; "
            "detailnya ada di /log."
        )
        before = tg

    async with admin_bot(tmp_path, kuryana, imdb, clock=clock, preview_languages=PREVIEW) as second:
        await carry_over(before, second.tg)
        second.services.admin.broadcasts.sleep = FakeSleep(clock)

        await on_startup(second.tg.client, second.services)
        job = await second.services.admin.broadcasts.wait()

        assert job is not None and job.status is BroadcastStatus.DONE
        summary = second.tg.last_to(people.owner.id)
        assert summary.text.startswith(
            "✅ Siaran selesai\nTerkirim: 21 · Gagal: 0 · Diblokir: 0\nProgres: 21 dari 21\n"
        )
        assert english_words(summary.html) == [], english_words(summary.html)


async def test_a_broadcast_to_one_user_in_portuguese_and_a_stop_in_spanish(
    tmp_path: Path, kuryana: FakeKuryana, imdb: FakeImdb, people: People
) -> None:
    """Portuguese says 1 in the singular (and 0: its plural starts at 2)."""
    clock = SettableClock()
    owner = make_user(people.owner.id, "Olive", "olive", lang="pt-br")
    async with admin_bot(tmp_path, kuryana, imdb, clock=clock, preview_languages=PREVIEW) as bot:
        bot.services.admin.broadcasts.sleep = FakeSleep(clock)
        await bot.tg.send_text(owner, "/broadcast Oi")
        prompt = bot.tg.last_to(owner.id)
        assert prompt.html == (
            "📣 Enviar a mensagem acima para <b>1</b> usuário?\n"
            "Nada é enviado até você confirmar. Usuários que bloquearam o bot ficam de fora."
        )
        assert [b.text for b in prompt.flat_buttons] == ["✅ Confirmar", "✖️ Cancelar"]
        await bot.tg.press(owner, prompt, button="Confirmar")
        await bot.services.admin.broadcasts.wait()
        summary = bot.tg.last_to(owner.id)
        assert summary.text.startswith(
            "✅ Transmissão concluída\nEnviadas: 1 · Falharam: 0 · Bloqueados: 0\n"
        )
        assert english_words(summary.html, "pt_BR") == []

        spanish = make_user(people.owner.id, "Olive", "olive", lang="es")
        await bot.tg.send_text(spanish, "/stop_broadcast")
        assert bot.tg.last_to(spanish.id).text == "No hay ninguna difusión en curso."
