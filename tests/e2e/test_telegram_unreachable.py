"""Telegram out of reach: the bot keeps trying, says so once per try, and reports it as down.

Kurigram's real connection code (transport, connection, auth-key exchange)
runs against a local TCP listener that refuses, drops or answers garbage; the
client's data-centre address points at it. Backoff waits go to a fake sleep,
so the test never waits for them.
"""

from __future__ import annotations

import asyncio
import socket
from pathlib import Path
from typing import Any

import aiohttp
import pytest
import structlog
from pyrogram import Client, errors
from pyrogram.connection import Connection
from pyrogram.session.auth import Auth
from pyrogram.storage import SQLiteStorage

import app.__main__ as main_module
from app.__main__ import run
from app.wiring.telegram_link import EXIT_API_ID, EXIT_TOKEN, MAX_WAIT, TelegramRefused
from infra.config import Settings
from tests.conftest import bot_settings, make_settings
from tests.fakes.imdb import FakeImdb
from tests.fakes.kuryana import FakeKuryana
from tests.harness.telegram import People, new_client


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class LocalDataCentre(SQLiteStorage):
    """An in-memory session whose data centre is the local listener, whatever Kurigram writes."""

    def __init__(self, port: int, workdir: Path) -> None:
        super().__init__("unreachable", workdir=workdir, in_memory=True)
        self.local_port = port

    async def server_address(self, value: Any = object) -> Any:
        return "127.0.0.1" if value is object else None

    async def port(self, value: Any = object) -> Any:
        return self.local_port if value is object else None


class Listener:
    """Where Telegram should be: refuses, drops each connection, or answers garbage."""

    def __init__(self, mode: str) -> None:
        self.mode = mode
        self.port = free_port()  # nothing listens on it: connections are refused
        self.connections = 0
        self.connected = asyncio.Event()
        self._server: asyncio.Server | None = None

    async def start(self) -> None:
        if self.mode != "refuse":
            self._server = await asyncio.start_server(self._serve, "127.0.0.1", self.port)

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        self.connected.set()
        try:
            await reader.read(64)  # the client's first packet (req_pq)
            if self.mode == "silent":  # accepts, then never answers
                await reader.read()
            if self.mode == "garbage":
                # A well-framed abridged packet whose body is zeros: no MTProto answer.
                writer.write(bytes([16]) + bytes(64))
                await writer.drain()
                await reader.read(64)
        finally:
            writer.close()

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()


class FakeBackoff:
    """Records each backoff wait and returns at once; sets ``stop`` after ``tries`` waits."""

    def __init__(self, stop: asyncio.Event, tries: int) -> None:
        self.stop = stop
        self.tries = tries
        self.waits: list[float] = []
        self.reached = asyncio.Event()

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)
        if len(self.waits) >= self.tries:
            self.reached.set()
            await asyncio.Event().wait()  # the last wait lasts until the stop interrupts it
        await asyncio.sleep(0)


@pytest.fixture(autouse=True)
def one_try_inside_kurigram(monkeypatch: pytest.MonkeyPatch) -> None:
    # Kurigram retries a few times (with 1 s pauses) before it gives up; the bot's own
    # backoff is what is under test, so Kurigram gives up at its first failure here.
    monkeypatch.setattr(Connection, "MAX_CONNECTION_ATTEMPTS", 1)
    monkeypatch.setattr(Auth, "MAX_RETRIES", 0)


def real_client(settings: Settings, port: int) -> Client:
    return Client(
        "unreachable",
        api_id=settings.api_id,
        api_hash=settings.api_hash.get_secret_value(),
        bot_token=settings.bot_token.get_secret_value(),
        workdir=str(settings.data_dir),
        storage_engine=LocalDataCentre(port, settings.data_dir),
    )


@pytest.fixture
def health_port() -> int:
    return free_port()


async def ready(port: int) -> tuple[int, dict[str, Any]]:
    async with (
        aiohttp.ClientSession() as http,
        http.get(f"http://127.0.0.1:{port}/health/ready") as response,
    ):
        return response.status, await response.json()


@pytest.mark.parametrize("mode", ["refuse", "drop", "garbage"])
async def test_an_unreachable_telegram_is_retried_with_backoff_and_reported_down(
    tmp_path: Path, kuryana: FakeKuryana, imdb: FakeImdb, health_port: int, mode: str
) -> None:
    listener = Listener(mode)
    await listener.start()
    settings = bot_settings(tmp_path, kuryana, health_port=health_port, health_host="127.0.0.1")
    stop = asyncio.Event()
    backoff = FakeBackoff(stop, tries=4)
    try:
        with structlog.testing.capture_logs() as logs:
            task = asyncio.create_task(
                run(settings, lambda s: real_client(s, listener.port), stop, backoff)
            )
            reached = asyncio.ensure_future(backoff.reached.wait())
            await asyncio.wait({reached, task}, timeout=60, return_when=asyncio.FIRST_COMPLETED)
            assert not task.done(), task.exception()  # still trying, not dead
            assert reached.done()

            status, body = await ready(health_port)
            assert status == 503
            assert body["checks"]["telegram"]["ok"] is False
            assert body["checks"]["database"]["ok"] is True  # the rest is up meanwhile

            stop.set()
            await asyncio.wait_for(task, timeout=30)  # a clean stop, no traceback
    finally:
        await listener.stop()

    if mode != "refuse":
        assert listener.connections >= 4  # Kurigram really talked to it each time
    failures = [e for e in logs if e["event"] == "telegram_unreachable"]
    assert [e["attempt"] for e in failures] == [1, 2, 3, 4]  # one line per try
    assert all(e["log_level"] == "warning" and "exc_info" not in e for e in failures)
    expected = "cannot connect to Telegram" if mode == "refuse" else "the answer was not Telegram's"
    assert all(e["reason"].startswith(expected) for e in failures)
    assert all(
        e["next_try_in_s"] == round(w, 1) for e, w in zip(failures, backoff.waits, strict=True)
    )
    # Exponential, jittered, capped.
    assert 2 <= backoff.waits[0] <= 4 and 4 <= backoff.waits[1] <= 6 <= backoff.waits[2] <= 10
    assert all(w <= MAX_WAIT for w in backoff.waits)
    assert not any(e["event"] == "bot_started" for e in logs)
    assert not any(e.get("exc_info") for e in logs)


async def test_a_stop_while_telegram_says_nothing_ends_the_attempt_at_once(
    tmp_path: Path, kuryana: FakeKuryana, imdb: FakeImdb
) -> None:
    listener = Listener("silent")
    await listener.start()
    settings = bot_settings(tmp_path, kuryana)
    stop = asyncio.Event()
    backoff = FakeBackoff(stop, tries=100)
    try:
        with structlog.testing.capture_logs() as logs:
            task = asyncio.create_task(
                run(settings, lambda s: real_client(s, listener.port), stop, backoff)
            )
            await asyncio.wait_for(listener.connected.wait(), 10)  # Kurigram awaits an answer
            stop.set()  # SIGTERM, say: no need to wait for Kurigram's own timeout
            await asyncio.wait_for(task, timeout=5)
    finally:
        await listener.stop()
    assert backoff.waits == []
    assert [e["event"] for e in logs if e["event"].startswith("telegram")] == [
        "telegram_connecting"
    ]
    assert not any(e.get("exc_info") for e in logs)


@pytest.mark.parametrize(
    ("error", "code", "says"),
    [
        (errors.AccessTokenInvalid(), EXIT_TOKEN, "bot token"),
        (errors.AuthKeyUnregistered(), EXIT_TOKEN, "bot token"),
        (errors.AccessTokenExpired(), EXIT_TOKEN, "bot token"),
        (errors.ApiIdInvalid(), EXIT_API_ID, "API_ID/API_HASH"),
    ],
)
async def test_refused_credentials_stop_the_bot_with_their_own_exit_code(
    tmp_path: Path,
    kuryana: FakeKuryana,
    imdb: FakeImdb,
    people: People,
    error: Exception,
    code: int,
    says: str,
) -> None:
    settings = bot_settings(tmp_path, kuryana)
    client = new_client()
    attempts = 0

    async def refused() -> Client:
        nonlocal attempts
        attempts += 1
        raise error

    client.start = refused  # type: ignore[method-assign]
    stop = asyncio.Event()

    async def no_wait(seconds: float) -> None:
        raise AssertionError("a refused credential is not retried")

    with pytest.raises(TelegramRefused) as caught:
        await run(settings, lambda s: client, stop, no_wait)

    assert attempts == 1
    assert caught.value.exit_code == code and says in caught.value.line
    assert settings.bot_token.get_secret_value() not in caught.value.line


def test_main_exits_with_the_refusal_code_and_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    settings = make_settings(tmp_path)
    line = "Telegram refused the bot token (AccessTokenInvalid): get a new one"

    async def refused(_: Settings) -> None:
        raise TelegramRefused(EXIT_TOKEN, line)

    monkeypatch.setattr(main_module, "load_settings", lambda: settings)
    monkeypatch.setattr(main_module, "configure_logging", lambda *a, **k: None)
    monkeypatch.setattr(main_module, "run", refused)

    with structlog.testing.capture_logs() as logs, pytest.raises(SystemExit) as exited:
        main_module.main()

    assert exited.value.code == EXIT_TOKEN
    assert logs == [
        {"event": "telegram_refused", "log_level": "error", "exit_code": 3, "reason": line}
    ]
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err + captured.out
