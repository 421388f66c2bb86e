"""Redis failing under the receiver and the worker: nothing lost, nothing out of order."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from pyrogram import Client, raw
from redis.exceptions import ConnectionError as RedisConnectionError

from app.telegram.update_codec import decode, encode, identity
from app.wiring import worker as worker_module
from app.wiring.receiver import ForwardingQueue, Receiver
from app.wiring.worker import StreamWorker
from infra.streams.updates import Entry
from tests.harness.telegram import make_user, roundtrip


def update(msg_id: int) -> Any:
    user = make_user(4242)
    message = raw.types.Message(
        id=msg_id, peer_id=raw.types.PeerUser(user_id=user.id), date=1, message="/start"
    )
    return roundtrip(raw.types.UpdateNewMessage(message=message, pts=msg_id, pts_count=1)), {
        user.id: user
    }


class FlakyStream:
    """An update stream whose Redis fails the first ``failures`` calls of each kind."""

    def __init__(self, failures: int) -> None:
        self.failures = {"append": failures, "read": failures}
        self.appended: list[tuple[str, bytes]] = []
        self.states: list[dict[str, int]] = []
        self.claim_after_ms = 60_000
        self.entries: list[Entry] = []
        self.finished: list[str] = []
        self.reads = asyncio.Event()

    def _fail(self, kind: str) -> None:
        if self.failures[kind] > 0:
            self.failures[kind] -= 1
            raise RedisConnectionError("Redis went away")

    async def append(self, items: list[tuple[str, bytes]], state: Any = None) -> list[str]:
        self._fail("append")
        self.appended += items
        if state:
            self.states.append(dict(state))
        return [str(i) for i in range(len(items))]

    async def setup(self) -> None:
        return None

    async def state(self) -> dict[str, int]:
        return {}  # no receiver streamed before: nothing to catch up

    async def read(self, consumer: str, count: int, block: float | None) -> list[Entry]:
        self._fail("read")
        taken, self.entries = self.entries[:count], self.entries[count:]
        if not taken:
            self.reads.set()
            await asyncio.sleep(0.01)
        return taken

    async def begin(self, entry: Entry) -> bool:
        return True

    async def finish(self, entries: list[Entry]) -> None:
        self.finished += [e.id for e in entries]

    async def skip(self, entry: Entry) -> None:
        self.finished.append(entry.id)

    async def touch(self, consumer: str, ids: list[str]) -> None:
        return None


async def test_the_receiver_keeps_updates_while_redis_fails_and_appends_them_in_order() -> None:
    stream = FlakyStream(failures=3)
    queue = ForwardingQueue(stream, retry=0)  # type: ignore[arg-type]
    for msg_id in (1, 2, 3):
        u, users = update(msg_id)
        queue.put_nowait((u, users, {}))
    queue.put_nowait(None)  # the dispatcher's own stop signal is not an update
    await queue.drain()

    assert [identity_ for identity_, _ in stream.appended] == [
        "msg:u4242:1:0",
        "msg:u4242:2:0",
        "msg:u4242:3:0",
    ]
    decoded, users, _ = decode(stream.appended[0][1])
    assert identity(decoded) == "msg:u4242:1:0" and 4242 in users
    assert stream.states == [{"pts": 3, "date": 1}]  # where the stream now stands
    assert queue.get_nowait() is None


async def test_a_worker_reads_again_after_redis_failed_and_handles_everything(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(worker_module, "RETRY", 0.0)
    stream = FlakyStream(failures=2)
    for msg_id in (7, 8):
        u, users = update(msg_id)
        stream.entries.append(Entry(f"1-{msg_id}", identity(u), encode(u, users, {})))
    client = Client("t", api_id=1, api_hash="0" * 32, bot_token="1:t", in_memory=True)
    await client.storage.open()
    handled: list[str] = []
    worker = StreamWorker(
        stream,  # type: ignore[arg-type]
        client,
        "w",
        4,
        observe=lambda outcome, ident: handled.append(f"{outcome} {ident}"),
        block=0.01,
    )
    try:
        await worker.start(handler_tasks=2)  # no handlers: each update is simply done
        await asyncio.wait_for(stream.reads.wait(), 10)
        await worker.stop()
    finally:
        await client.storage.close()

    assert stream.finished == ["1-7", "1-8"]
    assert handled == ["handled msg:u4242:7:0", "handled msg:u4242:8:0"]


class ScriptedLock:
    """A leader lock whose answers are scripted."""

    def __init__(self, answers: list[bool]) -> None:
        self.answers = answers
        self.released = False

    async def acquire(self) -> bool:
        return self.answers.pop(0)

    async def release(self) -> None:
        self.released = True


class VirtualTime:
    def __init__(self) -> None:
        self.now = 0.0

    async def sleep(self, seconds: float) -> None:
        self.now += seconds
        await asyncio.sleep(0)


async def holding_rounds(answers: list[bool]) -> tuple[int, list[bool]]:
    """Acquire answers -> how many times the receiver connected, and what was left."""
    time = VirtualTime()
    lock = ScriptedLock(answers)
    connects = 0
    stop = asyncio.Event()

    async def connect(queue: ForwardingQueue) -> Any:
        nonlocal connects
        connects += 1

        class Storage:
            async def set_update_state(self, state: Any) -> None:
                return None

        class FakeClient:
            storage = Storage()

            async def recover_gaps(self, *ids: Any) -> tuple[int, int]:
                return 0, 0

        return FakeClient()

    async def disconnect(client: Any) -> None:
        if not lock.answers:
            stop.set()

    stream = FlakyStream(failures=0)
    receiver = Receiver(
        stream,  # type: ignore[arg-type]
        lock,
        connect,
        disconnect,
        ttl=3.0,
        sleep=time.sleep,
        now=lambda: time.now,
    )
    await asyncio.wait_for(receiver.run(stop), 10)
    return connects, lock.answers


async def test_the_receiver_rides_out_one_failed_renewal_and_stops_after_two() -> None:
    # took it; renewal fails once, then works; then fails twice in a row: it lets go
    # (disconnects), and when it gets the lock back later it connects again.
    connects, left = await holding_rounds([True, False, True, False, False, True, False, False])
    assert connects == 2 and left == []
