"""Users' own card templates: validated when set, cached, default when absent."""

from __future__ import annotations

import contextlib
from collections.abc import Callable

from domain.errors import CacheUnavailable, StorageUnavailable, TemplateError
from domain.imdb.cards import DEFAULT_IMDB_TEMPLATE, movie_values
from domain.mydramalist.cards import DEFAULT_MDL_TEMPLATE, drama_values
from domain.people.cards import DEFAULT_PERSON_TEMPLATE, person_values
from domain.ports import Cache, Clock
from domain.templates.placeholders import BY_SOURCE
from domain.templates.ports import TemplateRepository
from domain.templates.rules import check_shows_something, validate_template
from domain.templates.samples import SAMPLE_DAY, SAMPLE_DRAMA, SAMPLE_MOVIE, SAMPLE_PERSON

DEFAULTS = {
    "mdl": DEFAULT_MDL_TEMPLATE,
    "imdb": DEFAULT_IMDB_TEMPLATE,
    "person": DEFAULT_PERSON_TEMPLATE,
}
_SAMPLES: dict[str, Callable[[], dict[str, str]]] = {
    "mdl": lambda: drama_values(SAMPLE_DRAMA),
    "imdb": lambda: movie_values(SAMPLE_MOVIE),
    "person": lambda: person_values(SAMPLE_PERSON, SAMPLE_DAY),
}
# In English, as they are at import (no update is being handled).
SAMPLE_VALUES = {source: values() for source, values in _SAMPLES.items()}


def sample_values(source: str) -> dict[str, str]:
    """The sample title's values in the current language (numbers, kinds, ages as cards
    say them)."""
    return _SAMPLES[source]()


NAMESPACE = "tpl"
# Cached entries: b"T" + template, or b"N" for "this user has none" (so lookups skip
# the database either way).
_NONE = b"N"


class UserTemplates:
    def __init__(
        self, repo: TemplateRepository, cache: Cache, clock: Clock, ttl: float = 3600
    ) -> None:
        self._repo = repo
        self._cache = cache
        self._clock = clock
        self._ttl = ttl

    @staticmethod
    def _key(user_id: int, source: str) -> str:
        return f"{user_id}:{source}"

    async def _remember(self, user_id: int, source: str, template: str | None) -> None:
        value = b"T" + template.encode() if template is not None else _NONE
        with contextlib.suppress(CacheUnavailable):
            await self._cache.set(NAMESPACE, self._key(user_id, source), value, self._ttl)

    async def custom(self, user_id: int, source: str) -> str | None:
        """The user's own template, or None. Raises ``StorageUnavailable``."""
        cached = None
        with contextlib.suppress(CacheUnavailable):
            cached = await self._cache.get(NAMESPACE, self._key(user_id, source))
        if cached is not None and cached[:1] in (b"T", _NONE):
            return cached[1:].decode() if cached[:1] == b"T" else None
        template = await self._repo.get(user_id, source)
        await self._remember(user_id, source, template)
        return template

    async def for_card(self, user_id: int, source: str) -> tuple[str, bool]:
        """(template to render, whether it is the user's own).

        A database outage must not stop lookups: the default is used then (its English
        text: the cards put its labels in the reader's language when they render it).
        """
        try:
            template = await self.custom(user_id, source)
        except StorageUnavailable:
            template = None
        return (template, True) if template is not None else (DEFAULTS[source], False)

    @staticmethod
    def validate(source: str, template: str) -> str:
        """The template as it would be stored; ``TemplateError`` naming what is wrong."""
        template = template.strip()
        if source not in BY_SOURCE:
            raise TemplateError(f"unknown source {source!r}")
        validate_template(template, BY_SOURCE[source])
        check_shows_something(template, SAMPLE_VALUES[source])
        return template

    async def set(self, user_id: int, source: str, template: str) -> None:
        """Validate and store; on any refusal the previous template stays."""
        template = self.validate(source, template)
        await self._repo.put(user_id, source, template, self._clock.now())
        await self._remember(user_id, source, template)

    async def remove(self, user_id: int, source: str) -> bool:
        removed = await self._repo.delete(user_id, source)
        await self._remember(user_id, source, None)
        return removed
