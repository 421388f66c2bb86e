"""Users' chosen languages: one contract, SQLite and MongoDB alike."""

from __future__ import annotations

from adapters.storage.language_mongo import MongoLanguageRepository
from adapters.storage.language_sqlite import SqliteLanguageRepository, create_language_table
from adapters.storage.mongo import MongoDatabase
from domain.languages import LanguageRepository
from tests.integration.conftest import Repos


async def languages_of(repos: Repos) -> LanguageRepository:
    if isinstance(repos.db, MongoDatabase):
        return MongoLanguageRepository(repos.db)
    await create_language_table(repos.db)
    await create_language_table(repos.db)  # idempotent: every start-up runs it
    return SqliteLanguageRepository(repos.db)


async def test_a_language_is_stored_per_user_replaced_and_deleted(repos: Repos) -> None:
    languages = await languages_of(repos)
    assert await languages.get(1) is None
    await languages.set(1, "id")
    await languages.set(2, "pt_BR")
    await languages.set(1, "ar")
    assert (await languages.get(1), await languages.get(2)) == ("ar", "pt_BR")
    await languages.delete(1)
    await languages.delete(1)  # deleting what is gone is fine
    assert (await languages.get(1), await languages.get(2)) == (None, "pt_BR")
