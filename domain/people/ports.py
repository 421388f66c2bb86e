"""What people lookups need from the outside world."""

from __future__ import annotations

from typing import Protocol

from domain.people.models import Person


class PersonPages(Protocol):
    """One source's person pages. Raises ``NotFound`` or ``UpstreamUnavailable``, never None.

    Each source's adapter shares its source's circuit breaker and retries.
    """

    async def person(self, key: str) -> Person: ...
