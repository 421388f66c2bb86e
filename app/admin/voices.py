"""The language an owner is spoken to in when no update of theirs says it.

A broadcast resumed after a restart, and the start-up notes to owners, run
outside any update: the owner's /language choice, else the ``language_code``
stored with their user record, else ``DEFAULT_LANGUAGE``.
"""

from __future__ import annotations

from app.i18n.languages import Languages
from domain.errors import StorageUnavailable
from domain.i18n import Speech
from domain.ports import UserRepository


class OwnerVoices:
    def __init__(self, languages: Languages, users: UserRepository) -> None:
        self._languages = languages
        self._users = users

    async def speech_for(self, user_id: int) -> Speech:
        """Never raises: a database outage means the default language."""
        languages = self._languages
        if len(languages.offered) == 1:  # English alone: no query at all
            return languages.speech(languages.default)
        try:
            user = await self._users.get(user_id)
        except StorageUnavailable:
            user = None
        stored = user.profile.language_code if user is not None else None
        return languages.speech(await languages.code_for_id(user_id, stored))
