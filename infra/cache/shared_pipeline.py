"""Batches that become ready in the same turn of the event loop leave in one pipeline.

Every update ends with one batch of small writes (infra/cache/batch.py).
Under a burst, hundreds of updates end close together, and each batch was
its own pipeline: a connection taken from the pool, a send, a wait, a read
and redis-py's bookkeeping around all of them, per update. Those end in the
same loop turn often (a Redis reply wakes the many handlers whose reads it
answers), so a batch waits for the end of the turn it was handed in, and
every batch handed in meanwhile goes with it: one round trip for all.
Alone, a batch costs one loop turn more; under load, a share of one trip.

Each batch still hears only about its own commands: a write Redis refused
fails its own batch, not its neighbours'; a failure of the whole trip
(Redis down, the deadline passed) fails every batch in it, as it would
have failed each one sent alone.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

from domain.errors import CacheUnavailable
from infra.cache.batch import PipelineStep, Write

# Runs a pipeline under the cache's deadline; raises ``CacheUnavailable``.
Run = Callable[[Callable[[], Awaitable[list[Any]]]], Awaitable[list[Any]]]


@dataclass(slots=True)
class _Batch:
    writes: Sequence[Write]
    steps: Sequence[PipelineStep]
    done: asyncio.Future[None]


class SharedPipeline:
    def __init__(
        self, pipeline: Callable[[], Any], run: Run, key: Callable[[str, str], str]
    ) -> None:
        self._pipeline = pipeline
        self._run = run
        self._key = key
        self._waiting: list[_Batch] = []
        self._sending: set[asyncio.Task[None]] = set()
        self.trips = 0  # pipelines sent, for tests and the benchmark

    async def send(self, writes: Sequence[Write], steps: Sequence[PipelineStep]) -> None:
        loop = asyncio.get_running_loop()
        batch = _Batch(writes, steps, loop.create_future())
        if not self._waiting:
            loop.call_soon(self._leave)
        self._waiting.append(batch)
        await batch.done

    def _leave(self) -> None:
        batches, self._waiting = self._waiting, []
        # Its own task: a caller cancelled meanwhile must not take its neighbours' trip.
        task = asyncio.get_running_loop().create_task(self._trip(batches))
        self._sending.add(task)
        task.add_done_callback(self._sending.discard)

    async def _trip(self, batches: list[_Batch]) -> None:
        counts: list[list[int]] = []  # per batch, how many commands each step queued

        async def execute() -> list[Any]:
            pipe = self._pipeline()
            counts.clear()
            for batch in batches:
                for w in batch.writes:
                    # The command itself: redis-py's ``set`` spends more checking its ten
                    # options than sending it.
                    px = max(1, int(w.ttl * 1000))
                    pipe.execute_command("SET", self._key(w.namespace, w.key), w.value, "PX", px)
                counts.append([step.queue(pipe) for step in batch.steps])
            answers: list[Any] = await pipe.execute(raise_on_error=False)
            return answers

        self.trips += 1
        try:
            answers = await self._run(execute)
        except CacheUnavailable as exc:
            for batch in batches:
                _fail(batch, str(exc), exc)
            return
        except BaseException as exc:  # cancelled at shutdown, or a bug: nobody is left waiting
            for batch in batches:
                _fail(batch, f"redis batch failed: {type(exc).__name__}", exc)
            raise
        at = 0
        for batch, queued in zip(batches, counts, strict=True):
            at = _answer(batch, queued, answers, at)


def _answer(batch: _Batch, counts: list[int], answers: list[Any], at: int) -> int:
    """Hands ``batch`` its share of ``answers`` from ``at``; returns where the next starts."""
    mine = answers[at : at + len(batch.writes)]
    at += len(batch.writes)
    refused = next((a for a in mine if isinstance(a, Exception)), None)
    if refused is not None:
        _fail(batch, f"redis batch failed: {type(refused).__name__}", refused)
        return at + sum(counts)
    for step, count in zip(batch.steps, counts, strict=True):
        step.done(answers[at : at + count])
        at += count
    if not batch.done.done():
        batch.done.set_result(None)
    return at


def _fail(batch: _Batch, message: str, cause: BaseException) -> None:
    if batch.done.done():  # its caller was cancelled
        return
    # One exception each: raised in many tasks, a shared one would gather their tracebacks.
    error = CacheUnavailable(message)
    error.__cause__ = cause
    batch.done.set_exception(error)
