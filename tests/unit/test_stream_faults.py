"""Redis failing under the receiver and the worker: nothing lost, nothing out of order."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from pyrogram import Client, raw
from redis.exceptions import ConnectionError as RedisConnectionError

from app.telegram.update_codec import decode, encode, identity
from app.wiring import worker as worker_module
from app.wiring.receiver import ForwardingQueue
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
