"""Where users' templates are kept."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol


class TemplateRepository(Protocol):
    """Each user's card template per source ("mdl", "imdb")."""

    async def get(self, user_id: int, source: str) -> str | None: ...

    async def put(self, user_id: int, source: str, template: str, at: datetime) -> None: ...

    async def delete(self, user_id: int, source: str) -> bool:
        """True when there was a template to delete."""
        ...
