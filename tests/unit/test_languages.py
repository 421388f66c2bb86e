"""Which language a user meets: choice, then Telegram's language, then the default; the gate."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

from app.i18n.languages import LOCALES, Languages
from domain.errors import StorageUnavailable
from domain.i18n import current, gettext, speaking
from domain.languages import UserLanguages
from infra.cache.memory import MemoryCache
from infra.i18n.catalogs import Catalogs, native_name, read_catalog, telegram_code
from infra.i18n.formatting import (
    format_date,
    format_datetime,
    format_number,
    format_relative,
    format_time,
)


@dataclass
class FakeLanguageRepo:
    stored: dict[int, str] = field(default_factory=dict)
    down: bool = False
    reads: int = 0

    async def get(self, user_id: int) -> str | None:
        self.reads += 1
        if self.down:
            raise StorageUnavailable("database down")
        return self.stored.get(user_id)

    async def set(self, user_id: int, code: str) -> None:
        if self.down:
            raise StorageUnavailable("database down")
        self.stored[user_id] = code

    async def delete(self, user_id: int) -> None:
        self.stored.pop(user_id, None)


def user(user_id: int = 7, language_code: str | None = "en") -> SimpleNamespace:
    return SimpleNamespace(id=user_id, language_code=language_code, is_bot=False)


def languages(
    root: Path = LOCALES,
    preview: tuple[str, ...] = ("id", "ar"),
    default: str = "en",
    repo: FakeLanguageRepo | None = None,
) -> Languages:
    choices = UserLanguages(repo or FakeLanguageRepo(), MemoryCache())
    return Languages(Catalogs(root), choices, default, preview)


SHIPPED = ["en", "ar", "es", "id", "pt_BR"]


def without(tmp_path: Path, code: str) -> Path:
    """The shipped catalogs less ``code``'s."""
    root = tmp_path / f"without-{code}"
    shutil.copytree(LOCALES, root)
    shutil.rmtree(root / code)
    return root


def english_only_root(tmp_path: Path) -> Path:
    root = tmp_path / "english-only"
    root.mkdir()
    shutil.copy(LOCALES / "messages.pot", root)
    return root


def test_every_complete_catalog_is_offered_without_being_named() -> None:
    assert languages(preview=()).offered == SHIPPED
    assert languages(preview=("ar",)).offered == SHIPPED
    # Named in PREVIEW_LANGUAGES but shipped by nobody: nothing more to offer.
    assert languages(preview=("fr",)).offered == SHIPPED


def test_an_incomplete_catalog_is_offered_only_when_previewed(tmp_path: Path) -> None:
    """A translation in progress: off for users, on for whoever checks it, and what it
    lacks reads in English (never a blank)."""
    root = tmp_path / "locales"
    shutil.copytree(LOCALES, root)
    template = read_catalog(root / "messages.pot")
    partial = Catalog(locale="fr", domain="messages")
    partial.add("That language is not available.", "Cette langue n'est pas disponible.")
    folder = root / "fr" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / "messages.po").open("wb") as file:
        write_po(file, partial)
    assert len(template) > 100  # so "fr" lacks hundreds of messages
    assert "fr" not in languages(root, preview=()).offered
    previewed = languages(root, preview=("fr",))
    assert previewed.offered == [*SHIPPED, "fr"]
    with speaking(previewed.speech("fr")):
        assert gettext("That language is not available.") == "Cette langue n'est pas disponible."
        assert gettext("Nothing found.") == "Nothing found."


def test_telegram_language_codes_meet_catalogs() -> None:
    langs = languages()
    assert langs.match("id") == "id"
    assert langs.match("ar") == "ar"
    assert langs.match("pt-br") == "pt_BR"
    assert langs.match("pt") == "pt_BR"  # the only Portuguese there is
    assert langs.match("en-US") == "en"
    assert langs.match("id-ID") == "id"
    for nothing in ("fr", "ko-KR", "", None, "😀", "x" * 5000, "-", "_id"):
        assert langs.match(nothing) is None
    assert langs.match("es-419") == "es"
    assert langs.match("es-ES") == "es"
    assert langs.match("pt-PT") == "pt_BR"  # the only Portuguese there is


async def test_choice_then_telegram_then_default() -> None:
    repo = FakeLanguageRepo()
    langs = languages(repo=repo, default="id")
    assert await langs.code_for(user(language_code="ar")) == "ar"
    assert await langs.code_for(user(language_code="fr")) == "id"  # DEFAULT_LANGUAGE
    assert await langs.code_for(None) == "id"
    await langs.choose(7, "en")
    assert await langs.code_for(user(language_code="ar")) == "en"
    await langs.choose(7, None)
    assert await langs.code_for(user(language_code="ar")) == "ar"
    with pytest.raises(ValueError, match="not offered"):
        await langs.choose(7, "fr")


async def test_a_choice_no_longer_offered_is_ignored(tmp_path: Path) -> None:
    """Its catalog went incomplete (or away) after the user chose it."""
    repo = FakeLanguageRepo(stored={7: "id"})
    langs = languages(without(tmp_path, "id"), repo=repo)
    assert await langs.code_for(user(language_code="ar")) == "ar"


async def test_a_database_outage_falls_back_to_telegrams_language() -> None:
    repo = FakeLanguageRepo(stored={7: "id"}, down=True)
    assert await languages(repo=repo).code_for(user(language_code="ar")) == "ar"


async def test_choices_are_read_through_the_cache_and_not_at_all_with_english_only(
    tmp_path: Path,
) -> None:
    repo = FakeLanguageRepo(stored={7: "ar"})
    langs = languages(repo=repo)
    for _ in range(3):
        assert await langs.code_for(user()) == "ar"
    assert repo.reads == 1
    english_only = languages(english_only_root(tmp_path), repo=repo)
    assert await english_only.code_for(user(8)) == "en"
    assert repo.reads == 1


def test_a_default_language_that_is_not_offered_means_english(tmp_path: Path) -> None:
    assert languages(without(tmp_path, "id"), default="id").default == "en"
    assert languages(default="id").default == "id"


async def test_the_middleware_context_speaks_and_then_forgets(tmp_path: Path) -> None:
    langs = languages()
    async with langs.speaking_to(user(language_code="id")):
        assert current().code == "id"
        assert gettext("That language is not available.") == "Bahasa itu tidak tersedia."
    assert current().code == "en"
    async with languages(english_only_root(tmp_path)).speaking_to(user(language_code="id")):
        assert current().code == "en"
    assert current().code == "en"


def test_names_and_menu_codes() -> None:
    assert [native_name(c) for c in ("en", "id", "ar")] == ["English", "Indonesia", "العربية"]
    assert telegram_code("pt_BR") == "pt" and telegram_code("ar") == "ar"


def test_numbers_dates_and_relative_times_follow_the_language() -> None:
    catalogs = Catalogs(LOCALES)
    moment = datetime(2026, 11, 24, 12, 30, tzinfo=UTC)
    jakarta = ZoneInfo("Asia/Jakarta")
    said = {}
    for code in ("en", "id", "ar"):
        with speaking(catalogs.speech(code)):
            said[code] = (
                format_number(1234567),
                format_relative(timedelta(days=2)),
                format_relative(timedelta(hours=-3)),
                format_date(date(2026, 11, 24)),
                format_time(moment, jakarta),
                format_datetime(moment, jakarta),
            )
    assert said["en"][:4] == ("1,234,567", "in 2 days", "3 hours ago", "Nov 24, 2026")
    assert said["en"][4] == "7:30\u202fPM"
    assert said["id"][:4] == ("1.234.567", "dalam 2 hari", "3 jam yang lalu", "24 Nov 2026")
    assert said["id"][4] == "19.30"
    assert said["ar"][1] == "خلال يومين"
    assert said["ar"][3] == "24\u200f/11\u200f/2026"  # right-to-left marks keep the order
