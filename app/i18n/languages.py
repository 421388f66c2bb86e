"""Which language each update is answered in, and which languages users may meet at all.

A user's language is their choice (/language), else their Telegram
``language_code`` when a catalog matches it (``pt-br`` → ``pt_BR``, ``es-419``
→ ``es``), else ``DEFAULT_LANGUAGE``. Only *offered* languages are ever used:
English, and each complete catalog (infra/i18n/catalogs.py) once the whole
bot goes through the catalog. Until then (``ALL_STRINGS_WRAPPED``), a complete
catalog covers only the paths converted so far, and is used only when the
operator names it in ``PREVIEW_LANGUAGES``: a user never meets a bot that
switches language halfway through a conversation.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextvars import Token
from pathlib import Path
from typing import Any

import structlog

from domain.errors import StorageUnavailable
from domain.i18n import Speech, restore, use
from domain.languages import UserLanguages
from infra.i18n.catalogs import SOURCE_LANGUAGE, Catalogs

log = structlog.get_logger("app.languages")

LOCALES = Path(__file__).resolve().parent.parent / "locales"
# False while issue 19's wrapping is unfinished: the catalogs cover /start, /help,
# /language and the error messages only. True when every user-facing string is wrapped.
ALL_STRINGS_WRAPPED = False


class Languages:
    def __init__(
        self,
        catalogs: Catalogs,
        choices: UserLanguages,
        default: str = SOURCE_LANGUAGE,
        preview: Iterable[str] = (),
    ) -> None:
        self._catalogs = catalogs
        self._choices = choices
        shown = set(preview)
        for code, problems in catalogs.incomplete().items():
            log.warning("language_incomplete", language=code, missing=len(problems))
        self.offered: list[str] = [
            code
            for code in catalogs.complete()
            if code == SOURCE_LANGUAGE or ALL_STRINGS_WRAPPED or code in shown
        ]
        if default not in self.offered:
            if default != SOURCE_LANGUAGE:
                log.warning("default_language_not_offered", language=default)
            default = SOURCE_LANGUAGE
        self.default = default

    def speech(self, code: str) -> Speech:
        return self._catalogs.speech(code if code in self.offered else self.default)

    def match(self, language_code: str | None) -> str | None:
        """The offered language for a Telegram ``language_code`` (IETF: ``pt-br``, ``es-419``)."""
        parts = (language_code or "").strip().replace("-", "_").split("_")
        language = parts[0].lower()
        if not language.isascii() or not language.isalpha():
            return None
        region = parts[1].upper() if len(parts) > 1 else ""
        candidates = [f"{language}_{region}"] if region else []
        candidates.append(language)
        candidates += sorted(c for c in self.offered if c.startswith(f"{language}_"))
        return next((c for c in candidates if c in self.offered), None)

    async def code_for(self, user: Any) -> str:
        """``user``: a Pyrogram user, or None. Never raises: a database outage means Telegram's."""
        if user is None or getattr(user, "is_bot", False):
            return self.default
        if len(self.offered) > 1:
            try:
                chosen = await self._choices.chosen(user.id)
            except StorageUnavailable:
                log.warning("language_choice_unreadable")
                chosen = None
            if chosen in self.offered:
                return chosen
        return self.match(getattr(user, "language_code", None)) or self.default

    async def code_for_id(self, user_id: int, language_code: str | None) -> str:
        """Outside an update (airing notifications): ``user_id``'s choice, else the
        ``language_code`` of their stored user record, else the default. Never raises."""
        if len(self.offered) > 1:
            try:
                chosen = await self._choices.chosen(user_id)
            except StorageUnavailable:
                log.warning("language_choice_unreadable")
                chosen = None
            if chosen in self.offered:
                return chosen
        return self.match(language_code) or self.default

    async def chosen(self, user_id: int) -> str | None:
        """The user's own choice when it is still offered. Raises ``StorageUnavailable``."""
        code = await self._choices.chosen(user_id)
        return code if code in self.offered else None

    async def choose(self, user_id: int, code: str | None) -> None:
        """Store an offered ``code``, or None to follow Telegram again."""
        if code is not None and code not in self.offered:
            raise ValueError(f"language not offered: {code!r}")
        await self._choices.choose(user_id, code)

    def speaking_to(self, user: Any) -> _Speaking:
        """The middleware's: everything the update's handler says is in ``user``'s language."""
        return _Speaking(self, user)


class _Speaking:
    """An async context manager without a generator: it runs on every update. With English
    alone on offer (the default) it costs nothing: English is what the contextvar holds."""

    __slots__ = ("_languages", "_token", "_user")

    def __init__(self, languages: Languages, user: Any) -> None:
        self._languages = languages
        self._user = user
        self._token: Token[Speech] | None = None

    async def __aenter__(self) -> None:
        languages = self._languages
        if len(languages.offered) > 1:
            self._token = use(languages.speech(await languages.code_for(self._user)))

    async def __aexit__(self, *_: object) -> None:
        if self._token is not None:
            restore(self._token)


def open_languages(
    choices: UserLanguages, default: str, preview: Iterable[str], root: Path = LOCALES
) -> Languages:
    return Languages(Catalogs(root), choices, default, preview)
