"""The lookup policy shared by every source.

Read-through cache with a fresh period, a longer stale period served only when
the upstream fails, brief caching of "not found", and single-flight so that
concurrent misses for one key make one upstream call.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from domain.errors import CacheUnavailable, NotFound, UpstreamBusy, UpstreamUnavailable
from domain.ports import Cache, Clock, SharedFlights

T = TypeVar("T")
MAX_KEY_CHARS = 200


class Codec(Protocol[T]):
    def encode(self, value: T) -> bytes: ...

    def decode(self, data: bytes) -> T: ...


class LookupObserver(Protocol):
    """Where the policy reports what it did (metrics live outside the domain)."""

    def observe(self, namespace: str, outcome: str) -> None:
        """``outcome``: hit, miss, reload, stale, not_found, upstream_error, cache_error."""
        ...


class _NullObserver:
    def observe(self, namespace: str, outcome: str) -> None:
        return None


@dataclass(frozen=True, slots=True)
class Freshness:
    fresh: float
    stale: float
    not_found: float


@dataclass(frozen=True, slots=True)
class Fetched(Generic[T]):
    value: T
    stale: bool = False


def normalise_key(text: str) -> str:
    """Case-folded with whitespace collapsed, so "Goblin " and "goblin" share an entry."""
    return " ".join(text.casefold().split())[:MAX_KEY_CHARS]


# An entry is a one-line JSON header then the payload: the header survives any
# change to the payload's format and says whether the entry is still fresh.
def _pack(fresh_until: float, kind: str, payload: bytes) -> bytes:
    return json.dumps({"f": fresh_until, "k": kind}).encode() + b"\n" + payload


# A "not found" is cached as its English message (kind "not_found"), or with the values
# that fill it as JSON (kind "not_found_v"): it is translated for each reader where it is
# shown, so a cached answer never carries one reader's language to another.
NOT_FOUND_KINDS = ("not_found", "not_found_v")


def _not_found_entry(exc: NotFound) -> tuple[str, bytes]:
    values = getattr(exc, "values", None)
    if not values:
        return "not_found", str(exc).encode()
    message = getattr(exc, "message", str(exc))
    return "not_found_v", json.dumps({"m": message, "v": values}).encode()


def _not_found(kind: str, payload: bytes) -> NotFound:
    text = payload.decode("utf-8", "replace")
    if kind == "not_found_v":
        try:
            said: Any = json.loads(text)
            values = {str(k): str(v) for k, v in dict(said["v"]).items()}
            return NotFound(str(said["m"]), **values)
        except (ValueError, KeyError, TypeError, IndexError):
            return NotFound()
    return NotFound(text)


def _unpack(entry: bytes) -> tuple[float, str, bytes] | None:
    head, sep, payload = entry.partition(b"\n")
    if not sep:
        return None
    try:
        meta: Any = json.loads(head)
        return float(meta["f"]), str(meta["k"]), payload
    except (ValueError, KeyError, TypeError):
        return None


class CachedLookup:
    """``shared``: with several processes, a miss first takes the key's flight across
    processes; one that waited for another's call serves its answer from the cache."""

    def __init__(
        self,
        cache: Cache,
        clock: Clock,
        observer: LookupObserver | None = None,
        shared: SharedFlights | None = None,
    ) -> None:
        self._cache = cache
        self._clock = clock
        self._observer = observer or _NullObserver()
        self._flights: dict[tuple[str, str], asyncio.Task[Fetched[Any]]] = {}
        self.shared = shared

    def _now(self) -> float:
        return self._clock.now().timestamp()

    async def _read(self, namespace: str, key: str) -> tuple[float, str, bytes] | None:
        """The entry's (fresh until, kind, payload); None when absent, unreadable or unreachable."""
        try:
            entry = await self._cache.get(namespace, key)
        except CacheUnavailable:
            self._observer.observe(namespace, "cache_error")
            return None
        return _unpack(entry) if entry is not None else None

    async def _write(self, namespace: str, key: str, entry: bytes, ttl: float) -> None:
        if ttl <= 0:
            return
        try:
            await self._cache.set(namespace, key, entry, ttl)
        except CacheUnavailable:
            self._observer.observe(namespace, "cache_error")

    async def get(
        self,
        namespace: str,
        key: str,
        load: Callable[[], Awaitable[T]],
        codec: Codec[T],
        freshness: Freshness,
    ) -> Fetched[T]:
        key = normalise_key(key)
        cached = await self._read(namespace, key)
        if cached is not None and cached[0] > self._now():
            _, kind, payload = cached
            if kind in NOT_FOUND_KINDS:
                self._observer.observe(namespace, "hit")
                raise _not_found(kind, payload)
            try:
                value = codec.decode(payload)
            except Exception:  # an entry from an older format is just a miss
                cached = None
            else:
                self._observer.observe(namespace, "hit")
                return Fetched(value)
        self._observer.observe(namespace, "miss")
        return await self._flight(namespace, key, load, codec, freshness, cached)

    async def peek(self, namespace: str, key: str, codec: Codec[T]) -> T | None:
        """The cached value, fresh or kept as a saved copy, without asking any upstream.

        None when nothing usable is cached (absent, "not found", unreadable, or the
        cache is down). For callers that only reuse what is already known.
        """
        cached = await self._read(namespace, normalise_key(key))
        if cached is None or cached[1] != "ok":
            return None
        try:
            return codec.decode(cached[2])
        except Exception:  # an entry from an older format is just absent
            return None

    async def reload(
        self,
        namespace: str,
        key: str,
        load: Callable[[], Awaitable[T]],
        codec: Codec[T],
        freshness: Freshness,
    ) -> Fetched[T]:
        """Ask the upstream even when the cached copy is fresh, and cache the answer.

        For callers that must see a change before the fresh period ends (the airing
        scheduler). Everything else is as ``get``: single-flight with concurrent
        misses, and the cached copy is served, marked stale, when the upstream fails.
        """
        key = normalise_key(key)
        cached = await self._read(namespace, key)
        self._observer.observe(namespace, "reload")
        return await self._flight(namespace, key, load, codec, freshness, cached)

    async def _flight(
        self,
        namespace: str,
        key: str,
        load: Callable[[], Awaitable[T]],
        codec: Codec[T],
        freshness: Freshness,
        cached: tuple[float, str, bytes] | None,
    ) -> Fetched[T]:
        flight_key = (namespace, key)
        task = self._flights.get(flight_key)
        if task is None:
            stale = cached if cached is not None and cached[1] == "ok" else None
            task = asyncio.ensure_future(
                self._refresh(namespace, key, load, codec, freshness, stale)
            )
            self._flights[flight_key] = task
            task.add_done_callback(lambda _t: self._flights.pop(flight_key, None))
        # Shielded: one impatient caller must not cancel the call others wait on.
        result: Fetched[T] = await asyncio.shield(task)
        return result

    async def _refresh(
        self,
        namespace: str,
        key: str,
        load: Callable[[], Awaitable[T]],
        codec: Codec[T],
        freshness: Freshness,
        stale: tuple[float, str, bytes] | None,
    ) -> Fetched[T]:
        if self.shared is None:
            return await self._call(namespace, key, load, codec, freshness, stale)
        async with self.shared.hold(namespace, key) as waited:
            if waited:  # another process just made this call: its answer is cached
                landed = await self._fresh(namespace, key, codec)
                if landed is not None:
                    return landed
            return await self._call(namespace, key, load, codec, freshness, stale)

    async def _fresh(self, namespace: str, key: str, codec: Codec[T]) -> Fetched[T] | None:
        """A fresh cached answer (raising ``NotFound`` for a cached "not found"), or None."""
        cached = await self._read(namespace, key)
        if cached is None or cached[0] <= self._now():
            return None
        _, kind, payload = cached
        self._observer.observe(namespace, "shared")
        if kind in NOT_FOUND_KINDS:
            raise _not_found(kind, payload)
        try:
            return Fetched(codec.decode(payload))
        except Exception:  # unreadable: call the upstream after all
            return None

    async def _call(
        self,
        namespace: str,
        key: str,
        load: Callable[[], Awaitable[T]],
        codec: Codec[T],
        freshness: Freshness,
        stale: tuple[float, str, bytes] | None,
    ) -> Fetched[T]:
        try:
            value = await load()
        except NotFound as exc:
            self._observer.observe(namespace, "not_found")
            kind, said = _not_found_entry(exc)
            entry = _pack(self._now() + freshness.not_found, kind, said)
            await self._write(namespace, key, entry, freshness.not_found)
            raise
        except UpstreamUnavailable as exc:
            busy = isinstance(exc, UpstreamBusy)  # our queue, not the upstream, was full
            self._observer.observe(namespace, "upstream_busy" if busy else "upstream_error")
            if stale is None:
                raise
            try:
                value = codec.decode(stale[2])
            except Exception:
                stale = None
            if stale is None:
                raise
            self._observer.observe(namespace, "stale")
            return Fetched(value, stale=True)
        entry = _pack(self._now() + freshness.fresh, "ok", codec.encode(value))
        await self._write(namespace, key, entry, freshness.fresh + freshness.stale)
        return Fetched(value)
