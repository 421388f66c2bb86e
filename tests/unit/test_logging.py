"""Logs an operator reads: JSON lines with context, and never a secret."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import structlog

from infra.config import Settings
from infra.logging import LOG_FILE_NAME, Redactor, configure_logging

TOKEN = "123456:ABCdefGHIjklMNOpqrSTUvwxYZ0123456789"
API_HASH = "0123456789abcdef0123456789abcdef"
MONGO_URI = "mongodb://user:secret@host/db"
REDIS_URL = "redis://:pw@host:6379"
# What must never be printed: the secrets, and the passwords inside the URIs.
NEVER = [TOKEN, API_HASH, MONGO_URI, REDIS_URL, "secret@", ":pw@"]


@pytest.fixture(autouse=True)
def restore_logging() -> Iterator[None]:
    """configure_logging rewires the root logger and structlog; put both back."""
    root = logging.getLogger()
    pyrogram = logging.getLogger("pyrogram")
    saved_handlers, saved_level, saved_pyrogram = root.handlers[:], root.level, pyrogram.level
    # Each test starts from Kurigram's own loggers as a fresh process has them (a bot
    # connecting in an earlier test may have them quieted: app/wiring/telegram_link.py).
    kurigram = [logging.getLogger(n) for n in ("pyrogram.session", "pyrogram.connection")]
    saved_kurigram = [logger.level for logger in kurigram]
    for logger in kurigram:
        logger.setLevel(logging.NOTSET)
    for handler in saved_handlers:  # keep pytest's own handlers out of reach of close()
        root.removeHandler(handler)
    try:
        yield
    finally:
        for handler in root.handlers[:]:
            root.removeHandler(handler)
            handler.close()
        for handler in saved_handlers:
            root.addHandler(handler)
        root.setLevel(saved_level)
        pyrogram.setLevel(saved_pyrogram)
        for logger, level in zip(kurigram, saved_kurigram, strict=True):
            logger.setLevel(level)
        structlog.contextvars.clear_contextvars()
        structlog.reset_defaults()


@pytest.fixture
def settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Settings:
    return Settings(  # type: ignore[call-arg]
        _env_file=None,
        bot_token=TOKEN,
        api_id=1,
        api_hash=API_HASH,
        mongo_uri=MONGO_URI,
        redis_url=REDIS_URL,
        data_dir=tmp_path / "data",
    )


def configure(settings: Settings, fmt: str = "json") -> Path:
    configure_logging("INFO", fmt, settings.logs_dir, secrets=settings.secrets())
    return settings.logs_dir / LOG_FILE_NAME


def flush() -> None:
    for handler in logging.getLogger().handlers:
        handler.flush()


def records(path: Path) -> list[dict[str, Any]]:
    flush()
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def assert_no_secret(text: str) -> None:
    for secret in NEVER:
        assert secret not in text


def test_file_gets_json_lines_with_correlation_and_user(settings: Settings) -> None:
    path = configure(settings, fmt="console")
    structlog.contextvars.bind_contextvars(correlation_id="c0ffee", user_id=42)

    structlog.get_logger("app.test").info("lookup_done", source="mdl", duration=0.12)
    structlog.contextvars.clear_contextvars()
    structlog.get_logger("app.test").info("idle")

    first, second = records(path)
    assert first["event"] == "lookup_done"
    assert first["correlation_id"] == "c0ffee" and first["user_id"] == 42
    assert first["source"] == "mdl" and first["duration"] == 0.12
    assert first["level"] == "info" and first["logger"] == "app.test"
    assert first["timestamp"].endswith("Z")
    assert "correlation_id" not in second


def test_json_format_prints_json_lines_to_stdout(
    settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    configure(settings, fmt="json")
    structlog.contextvars.bind_contextvars(correlation_id="abc", user_id=7)

    structlog.get_logger("app.test").warning("slow_upstream", source="imdb")

    flush()
    [line] = capsys.readouterr().out.splitlines()
    record = json.loads(line)
    assert record["event"] == "slow_upstream"
    assert (record["correlation_id"], record["user_id"], record["level"]) == ("abc", 7, "warning")


def test_library_records_share_the_file_and_context(settings: Settings) -> None:
    path = configure(settings)
    structlog.contextvars.bind_contextvars(correlation_id="lib-1")

    logging.getLogger("aiohttp.client").warning("retrying %s", "upstream")

    [record] = records(path)
    assert record["event"] == "retrying upstream"
    assert record["logger"] == "aiohttp.client" and record["correlation_id"] == "lib-1"


def test_pyrogram_info_chatter_is_dropped_but_warnings_kept(settings: Settings) -> None:
    path = configure(settings)

    logging.getLogger("pyrogram.session").info("Session started")
    logging.getLogger("pyrogram.session").warning("Connection lost")

    # Only this logger's records: a thread left by an earlier test may log to the root too.
    session = [r["event"] for r in records(path) if r.get("logger") == "pyrogram.session"]
    assert session == ["Connection lost"]


@pytest.mark.parametrize("fmt", ["json", "console"])
def test_secrets_never_reach_stdout_or_the_file(
    settings: Settings, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    path = configure(settings, fmt=fmt)
    log = structlog.get_logger("app.test")

    log.info("starting", token=TOKEN, api_hash=API_HASH, mongo=MONGO_URI, redis=REDIS_URL)
    log.info("connecting to %s and %s", MONGO_URI, REDIS_URL)
    log.info("config", nested={"uris": [MONGO_URI, REDIS_URL], "token": TOKEN}, url=Path(TOKEN))
    log.info("the password alone: secret")
    logging.getLogger("pyrogram").warning("Bot token %s rejected (api_hash %s)", TOKEN, API_HASH)
    logging.getLogger("pymongo").error("cannot reach %s", MONGO_URI)
    try:
        raise ConnectionError(f"login failed for {TOKEN} via {REDIS_URL} and {MONGO_URI}")
    except ConnectionError:
        log.exception("login_failed")
        logging.getLogger("pyrogram").exception("Unhandled error with %s", API_HASH)

    flush()
    out = capsys.readouterr().out
    text = path.read_text(encoding="utf-8")
    assert_no_secret(out)
    assert_no_secret(text)
    assert "the password alone: ***" in text
    # Still useful: what happened, where, and that something was hidden.
    assert "login_failed" in text and "ConnectionError: login failed for ***" in text
    assert len(text.splitlines()) == 8


def test_secret_shaped_text_is_redacted_without_being_configured() -> None:
    redactor = Redactor()

    scrubbed = redactor.scrub(f"token {TOKEN} uri mongodb://admin:hunter22@db:27017/x")

    assert scrubbed == "token *** uri mongodb://admin:***@db:27017/x"


def test_logging_again_replaces_handlers_instead_of_duplicating(settings: Settings) -> None:
    configure(settings)
    path = configure(settings)

    structlog.get_logger("app.test").info("once")

    assert [r["event"] for r in records(path)] == ["once"]


def test_overlapping_connections_give_kurigram_its_warnings_back() -> None:
    """Two connections quiet Kurigram at once (a receiver and a worker in one process);
    whichever finishes last, its session warnings are logged again afterwards."""
    from app.wiring.telegram_link import _kurigram_quiet

    session = logging.getLogger("pyrogram.session.session")
    first, second = _kurigram_quiet(), _kurigram_quiet()
    first.__enter__()
    second.__enter__()
    assert not session.isEnabledFor(logging.WARNING)
    first.__exit__(None, None, None)
    assert not session.isEnabledFor(logging.WARNING)  # the second is still connecting
    second.__exit__(None, None, None)
    assert session.isEnabledFor(logging.WARNING)
