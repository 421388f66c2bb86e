"""A small in-process layer in front of a shared cache, for lookups and templates.

A cached lookup otherwise costs a Redis round trip, which was the largest
single share of a cached answer's time. Lookup entries are immutable for
their fresh period, so holding them in process for ``ttl`` seconds changes
nothing users see. A user's template is kept as long: it changes only by
that user's own command, in the process handling it, which updates its own
layer; another process may show the old one for up to ``ttl`` seconds.
Other namespaces (sessions) always go to the shared cache, where every
process sees a change at once. /cachereload clears both layers of this
process; other processes' copies age out within ``ttl``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from domain.models import NamespaceStats
from infra.cache.batch import BatchCache, PipelineStep, Write
from infra.cache.memory import MemoryCache

# Lookup results, and users' templates: read by every card, changed rarely, and
# written through here by the process that changes them (another process may show
# the previous template for at most ``ttl`` seconds).
LOOKUP_PREFIXES = ("mdl:", "imdb:", "tpl", "lang")


class LayeredCache:
    def __init__(
        self,
        shared: BatchCache,
        local: MemoryCache,
        ttl: float = 30.0,
        prefixes: tuple[str, ...] = LOOKUP_PREFIXES,
    ) -> None:
        self.shared = shared
        self.local = local
        self._ttl = ttl
        self._prefixes = prefixes

    def _layered(self, namespace: str) -> bool:
        return namespace.startswith(self._prefixes)

    async def get(self, namespace: str, key: str) -> bytes | None:
        if not self._layered(namespace):
            return await self.shared.get(namespace, key)
        value = await self.local.get(namespace, key)
        if value is None:
            value = await self.shared.get(namespace, key)
            if value is not None:
                await self.local.set(namespace, key, value, self._ttl)
        return value

    async def set(self, namespace: str, key: str, value: bytes, ttl: float) -> None:
        await self.shared.set(namespace, key, value, ttl)
        if self._layered(namespace):
            await self.local.set(namespace, key, value, min(ttl, self._ttl))

    async def set_many(
        self, namespace: str, items: Sequence[tuple[str, bytes]], ttl: float
    ) -> None:
        await self.shared.set_many(namespace, items, ttl)
        if self._layered(namespace):
            await self.local.set_many(namespace, items, min(ttl, self._ttl))

    async def write_batch(self, writes: Sequence[Write], steps: Sequence[PipelineStep]) -> None:
        await self.shared.write_batch(writes, steps)
        for w in writes:
            if self._layered(w.namespace):
                await self.local.set(w.namespace, w.key, w.value, min(w.ttl, self._ttl))

    async def delete(self, namespace: str, key: str) -> None:
        await self.local.delete(namespace, key)
        await self.shared.delete(namespace, key)

    async def clear(self, namespace: str) -> int:
        await self.local.clear(namespace)
        return await self.shared.clear(namespace)

    async def stats(self, namespaces: Iterable[str]) -> list[NamespaceStats]:
        """The shared cache's figures, with the hits served from this process added."""
        names = list(namespaces)
        shared = await self.shared.stats(names)
        local_hits = self.local.counter.hits
        return [replace(s, hits=s.hits + local_hits[s.namespace]) for s in shared]

    async def ttls(self, namespace: str) -> list[tuple[str, float, int]]:
        return await self.shared.ttls(namespace)

    async def ping(self) -> None:
        await self.shared.ping()
