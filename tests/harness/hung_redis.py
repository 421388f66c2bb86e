"""A "Redis" that accepts connections and never answers, like a paused server.

It counts the connections it was given, so a test can tell whether the bot
kept asking a Redis that does not answer.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field


@dataclass
class HungRedis:
    port: int = 0
    connections: int = 0
    _writers: list[asyncio.StreamWriter] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    async def _hold(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        self._writers.append(writer)
        with contextlib.suppress(ConnectionError):
            while await reader.read(65536):
                pass  # read what the client sends, answer nothing


@asynccontextmanager
async def hung_redis() -> AsyncIterator[HungRedis]:
    hung = HungRedis()
    server = await asyncio.start_server(hung._hold, "127.0.0.1", 0)
    hung.port = server.sockets[0].getsockname()[1]
    try:
        yield hung
    finally:
        server.close()
        for writer in hung._writers:
            writer.close()
        await server.wait_closed()
