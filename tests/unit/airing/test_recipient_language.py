"""The language of a notification's recipient, outside any update (app/i18n/languages.py)."""

from __future__ import annotations

from datetime import UTC, datetime

from app.airing.formats import BABEL_FORMATS
from app.airing.wiring import RecipientVoices
from app.i18n.languages import LOCALES, Languages
from domain.airing.text import notice
from domain.airing.watches import Notice
from domain.i18n import speaking
from domain.languages import UserLanguages
from infra.cache.memory import MemoryCache
from infra.i18n.catalogs import Catalogs
from tests.unit.test_languages import FakeLanguageRepo

ITEM = Notice(7, "700-moon-river", 5, "Moon River", datetime(2026, 5, 1, tzinfo=UTC))


def languages(repo: FakeLanguageRepo, default: str = "en") -> Languages:
    return Languages(
        Catalogs(LOCALES), UserLanguages(repo, MemoryCache()), default, preview=["id", "ar"]
    )


async def test_the_choice_wins_then_the_stored_language_code_then_the_default() -> None:
    repo = FakeLanguageRepo({7: "ar"})
    offered = languages(repo, default="id")
    assert await offered.code_for_id(7, "id") == "ar"  # chosen with /language
    assert await offered.code_for_id(8, "ar-SA") == "ar"  # Telegram's, from the user record
    assert await offered.code_for_id(9, "fr") == "id"  # no catalog: DEFAULT_LANGUAGE
    assert await offered.code_for_id(10, None) == "id"  # no user record at all


async def test_a_database_outage_falls_back_to_the_stored_language_code() -> None:
    repo = FakeLanguageRepo({7: "ar"}, down=True)
    assert await languages(repo).code_for_id(7, "id") == "id"


async def test_the_notice_is_written_in_the_recipients_language() -> None:
    voices = RecipientVoices(languages(FakeLanguageRepo()))
    with speaking(await voices.speech_for(7, "id")):
        text = notice(ITEM, BABEL_FORMATS)
    assert text.startswith("🔔 <b>Moon River</b>: episode 5 sudah tayang!\n")
    with speaking(await voices.speech_for(7, "en")):
        assert notice(ITEM, BABEL_FORMATS) == notice(ITEM)  # English is the source
