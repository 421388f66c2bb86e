"""Connecting to Telegram: keep trying through network trouble, stop on what retrying cannot fix.

Kurigram gives up after a few seconds when Telegram cannot be reached (a
``ConnectionError``), and when something on the path answers garbage its
auth-key exchange fails with whatever the parser tripped on (``KeyError: 0``,
``struct.error``, ...). None of that is the operator's fault or fixed by
exiting, so every such failure is retried with capped exponential backoff and
jitter, one log line per attempt, while ``/health/ready`` says Telegram is
down. Only Telegram refusing the bot's credentials stops the bot, with one
line saying which and an exit code of its own (see the README).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Iterator

import structlog
from pyrogram import Client, errors
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception, wait_exponential_jitter

from domain.clock import Sleep, sleep_or_stop

log = structlog.get_logger("app.telegram_link")

EXIT_TOKEN = 3  # the bot token (or the session made with it) was refused
EXIT_API_ID = 4  # API_ID / API_HASH were refused

# Telegram's answers that no retry can change, with what the operator must do.
REVOKED_TOKEN = (
    errors.AccessTokenInvalid,
    errors.AccessTokenExpired,
    errors.AuthKeyUnregistered,
    errors.AuthKeyInvalid,
    errors.SessionRevoked,
    errors.SessionExpired,
    errors.UserDeactivated,
)
BAD_API_ID = (errors.ApiIdInvalid, errors.ApiIdPublishedFlood)

FIRST_WAIT = 2.0  # seconds before the second attempt
MAX_WAIT = 120.0  # the cap: an outage is noticed within two minutes of its end
JITTER = 2.0  # up to this many seconds added, so restarted bots do not retry in step


class TelegramRefused(Exception):
    """Telegram refused the bot's credentials: retrying cannot help."""

    def __init__(self, exit_code: int, line: str) -> None:
        super().__init__(line)
        self.exit_code = exit_code
        self.line = line


def refusal(exc: BaseException, session_file: str) -> TelegramRefused | None:
    """The ``TelegramRefused`` an error stands for, or None when it is worth retrying."""
    if isinstance(exc, BAD_API_ID):
        return TelegramRefused(
            EXIT_API_ID,
            f"Telegram refused API_ID/API_HASH ({type(exc).__name__}): "
            "copy both again from https://my.telegram.org (API development tools)",
        )
    if isinstance(exc, REVOKED_TOKEN):
        return TelegramRefused(
            EXIT_TOKEN,
            f"Telegram refused the bot token ({type(exc).__name__}): it was revoked or is wrong. "
            f"Get a new one from @BotFather, set BOT_TOKEN and delete {session_file}",
        )
    return None


class _Stopped(Exception):
    """The bot was asked to stop while it was still connecting."""


class TelegramLink:
    """Starts ``client`` and says, for ``/health/ready``, whether Telegram is reachable."""

    def __init__(self, client: Client, stop: asyncio.Event, sleep: Sleep = asyncio.sleep) -> None:
        self._client = client
        self._stop = stop
        self._sleep = sleep
        self.started = False
        self.attempts = 0

    @property
    def session_file(self) -> str:
        client = self._client
        return str(client.workdir / f"{client.name}.session")

    async def check(self) -> None:
        """Health check: raises unless started and the MTProto session is up right now."""
        client = self._client
        if not self.started or not client.is_connected:
            raise ConnectionError("not connected to Telegram")
        session = getattr(client, "session", None)
        is_started = getattr(session, "is_started", None)
        if isinstance(is_started, asyncio.Event) and not is_started.is_set():
            raise ConnectionError("reconnecting to Telegram")

    async def connect(self) -> bool:
        """Start the client, retrying network failures; False when stopped before it connected.

        Raises ``TelegramRefused`` when Telegram refuses the credentials.
        """
        retrying = AsyncRetrying(
            retry=retry_if_exception(self._worth_retrying),
            wait=self._wait,
            sleep=self._pause,
            before_sleep=self._log_failure,
            reraise=True,
        )
        try:
            with _kurigram_quiet():
                async for attempt in retrying:
                    with attempt:
                        await self._attempt()
        except _Stopped:
            return False
        self.started = True
        log.info("telegram_connected", attempts=self.attempts)
        return True

    def _worth_retrying(self, exc: BaseException) -> bool:
        return not isinstance(exc, _Stopped | TelegramRefused)

    async def _attempt(self) -> None:
        if self._stop.is_set():
            raise _Stopped
        self.attempts += 1
        if self.attempts == 1:
            log.info("telegram_connecting")
        starting = asyncio.ensure_future(self._client.start())
        stopping = asyncio.ensure_future(self._stop.wait())
        try:
            await asyncio.wait({starting, stopping}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            stopping.cancel()
        if not starting.done():
            starting.cancel()
            with contextlib.suppress(BaseException):
                await starting
            await self._reset()
            raise _Stopped
        exc = starting.exception()
        if exc is None:
            return
        await self._reset()
        refused = refusal(exc, self.session_file)
        if refused is not None:
            raise refused from None  # logged once, by ``python -m app``, as it exits
        raise exc

    async def _reset(self) -> None:
        """Leave the client as a new one, so the next ``start`` begins from scratch."""
        client = self._client
        with contextlib.suppress(Exception):
            if client.is_connected:
                await client.disconnect()
        with contextlib.suppress(Exception):
            await client.storage.close()
        client.is_connected = False

    _exponential = wait_exponential_jitter(multiplier=FIRST_WAIT, max=MAX_WAIT, jitter=JITTER)

    def _wait(self, state: RetryCallState) -> float:
        wait = self._exponential(state)
        exc = state.outcome.exception() if state.outcome is not None else None
        if isinstance(exc, errors.FloodWait) and isinstance(exc.value, int | float):
            wait = max(wait, float(exc.value))  # Telegram said how long: never sooner
        return wait

    async def _pause(self, seconds: float) -> None:
        """The backoff wait, cut short when the bot is asked to stop."""
        await sleep_or_stop(self._sleep, seconds, self._stop)

    def _log_failure(self, state: RetryCallState) -> None:
        exc = state.outcome.exception() if state.outcome is not None else None
        wait = state.next_action.sleep if state.next_action is not None else 0.0
        log.warning(
            "telegram_unreachable",
            attempt=state.attempt_number,
            error=type(exc).__name__,
            reason=what_failed(exc),
            next_try_in_s=round(wait, 1),
        )


_QUIETED = ("pyrogram.connection", "pyrogram.session")  # their modules' loggers are children
_quiet: list[int] = []  # the levels to restore, while at least one connection is quieted
_quiet_depth = 0


@contextlib.contextmanager
def _kurigram_quiet() -> Iterator[None]:
    """Kurigram logs each of its own tries (connects, request retries, with addresses);
    while connecting, ours say it once per attempt with the next try. Its logs come back
    once connected, where they tell of reconnections.

    Counted, not saved and restored per call: two connections (a receiver and a worker
    in one process) overlap, and the later one would have restored the earlier one's
    CRITICAL for good, silencing Kurigram's warnings."""
    global _quiet_depth
    loggers = [logging.getLogger(name) for name in _QUIETED]
    if _quiet_depth == 0:
        _quiet[:] = [logger.level for logger in loggers]
        for logger in loggers:
            logger.setLevel(logging.CRITICAL)
    _quiet_depth += 1
    try:
        yield
    finally:
        _quiet_depth -= 1
        if _quiet_depth == 0:
            for logger, level in zip(loggers, _quiet, strict=True):
                logger.setLevel(level)


def what_failed(exc: BaseException | None) -> str:
    """What went wrong, in the operator's words (never the error's text: it may hold anything)."""
    if isinstance(exc, TimeoutError):
        return "Telegram did not answer in time"
    if isinstance(exc, errors.FloodWait):
        return f"Telegram asked to wait {exc.value} s before logging in again"
    if isinstance(exc, errors.RPCError):
        return f"Telegram answered with an error ({exc.ID or type(exc).__name__})"
    if isinstance(exc, OSError):  # ConnectionError included
        return "cannot connect to Telegram (refused, dropped, or no route)"
    return "the answer was not Telegram's (the connection was cut, or something answered garbage)"
