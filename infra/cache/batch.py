"""An update's small writes, sent to Redis together in one round trip when it ends.

A cached answer used to make up to four Redis round trips, each a
network wait and most of its CPU in redis-py: the rate-limit count, the
results session and its binding to the sent message, and the "last title
seen" for template previews. None of them is read by anyone before the
update is over (a button can be pressed only on a message already shown,
and a preview reads the last title of an earlier card), so they wait in
the update's scope and leave in one pipeline at its end, together with the
commands other parts add (``PipelineStep``, e.g. the shared rate-limit
count). A user's template is written here too when it was read from the
database (or changed): the process holding the update has it in its own
layer already (infra/cache/layered.py).

Only namespaces named ``deferred`` wait: a lookup's result is written at
once, since another update may need it while this one is still replying.
Outside an update (scheduled jobs, the owner's tools) every write goes
straight through. Within the scope a read of a waiting key sees the write.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Iterable, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, Protocol

from domain.errors import CacheUnavailable
from domain.models import NamespaceStats
from domain.ports import Cache


@dataclass(frozen=True, slots=True)
class Write:
    namespace: str
    key: str
    value: bytes
    ttl: float


class PipelineStep(Protocol):
    """Commands of another component that ride along in a batch's round trip."""

    def queue(self, pipe: Any) -> int:
        """Add the commands to a redis-py pipeline; returns how many were added."""
        ...

    def done(self, results: list[Any]) -> None:
        """Redis ran them: ``results`` holds their answers, in order."""
        ...

    def failed(self) -> None:
        """They did not reach Redis (it is down, or not configured)."""
        ...


class BatchCache(Cache, Protocol):
    async def write_batch(self, writes: Sequence[Write], steps: Sequence[PipelineStep]) -> None:
        """Every write and step in one round trip; steps hear how it went, writes never raise
        more than ``CacheUnavailable``."""
        ...


DEFERRED = ("session", "recent", "tpl", "lang")


@dataclass
class _Scope:
    owner: UpdateWrites
    writes: dict[tuple[str, str], Write] = field(default_factory=dict)
    steps: list[PipelineStep] = field(default_factory=list)


_CURRENT: ContextVar[_Scope | None] = ContextVar("update_writes", default=None)


class UpdateWrites:
    """The ``Cache`` port in front of the bot's cache, batching each update's small writes."""

    def __init__(self, inner: BatchCache, deferred: Iterable[str] = DEFERRED) -> None:
        self.inner = inner
        self._deferred = frozenset(deferred)
        self.flushes = 0  # batches sent, for tests and the benchmark's sanity checks

    def _scope(self, namespace: str | None = None) -> _Scope | None:
        scope = _CURRENT.get()
        if scope is None or scope.owner is not self:
            return None
        if namespace is not None and namespace not in self._deferred:
            return None
        return scope

    @contextlib.asynccontextmanager
    async def update(self) -> AsyncIterator[None]:
        scope = _Scope(self)
        token = _CURRENT.set(scope)
        try:
            yield
        finally:
            _CURRENT.reset(token)
            await self._flush(list(scope.writes.values()), scope.steps)

    async def _flush(self, writes: Sequence[Write], steps: Sequence[PipelineStep]) -> None:
        if not writes and not steps:
            return
        self.flushes += 1
        try:
            await self.inner.write_batch(writes, steps)
        except CacheUnavailable:
            # Conveniences only (app/telegram/cached_records.py): their buttons expire.
            for step in steps:
                step.failed()

    async def run(self, step: PipelineStep) -> None:
        """``step`` in this update's batch, or at once outside an update."""
        scope = self._scope()
        if scope is not None:
            scope.steps.append(step)
        else:
            await self._flush([], [step])

    async def get(self, namespace: str, key: str) -> bytes | None:
        scope = self._scope(namespace)
        if scope is not None:
            waiting = scope.writes.get((namespace, key))
            if waiting is not None:
                return waiting.value
        return await self.inner.get(namespace, key)

    async def set(self, namespace: str, key: str, value: bytes, ttl: float) -> None:
        scope = self._scope(namespace)
        if scope is None:
            await self.inner.set(namespace, key, value, ttl)
        else:
            scope.writes[(namespace, key)] = Write(namespace, key, value, ttl)

    async def set_many(
        self, namespace: str, items: Sequence[tuple[str, bytes]], ttl: float
    ) -> None:
        scope = self._scope(namespace)
        if scope is None:
            await self.inner.set_many(namespace, items, ttl)
            return
        for key, value in items:
            scope.writes[(namespace, key)] = Write(namespace, key, value, ttl)

    async def delete(self, namespace: str, key: str) -> None:
        scope = self._scope(namespace)
        if scope is not None:
            scope.writes.pop((namespace, key), None)
        await self.inner.delete(namespace, key)

    async def clear(self, namespace: str) -> int:
        return await self.inner.clear(namespace)

    async def stats(self, namespaces: Iterable[str]) -> list[NamespaceStats]:
        return await self.inner.stats(namespaces)

    async def ttls(self, namespace: str) -> list[tuple[str, float, int]]:
        return await self.inner.ttls(namespace)

    async def ping(self) -> None:
        await self.inner.ping()
