"""structlog setup: JSON or console, to stdout and a rotating file, secrets redacted.

Pyrogram's and aiohttp's stdlib records go through the same processors, so a
token that a library prints is redacted too.
"""

from __future__ import annotations

import logging
import logging.handlers
import re
import sys
from collections.abc import Iterable, Mapping, MutableMapping
from pathlib import Path
from typing import Any

import structlog

LOG_FILE_NAME = "bot.log"

# Telegram bot tokens and passwords inside URIs, wherever they appear.
_TOKEN_RE = re.compile(r"\b\d{5,}:[A-Za-z0-9_-]{30,}\b")
_URI_PASSWORD_RE = re.compile(r"(?P<scheme>[a-z][a-z0-9+.-]*://[^:/@\s]*):[^@\s/]+@", re.I)
REDACTED = "***"


class Redactor:
    """A structlog processor that scrubs known secrets and secret-shaped text."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        self._secrets = sorted({s for s in secrets if len(s) >= 4}, key=len, reverse=True)

    def scrub(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, REDACTED)
        text = _TOKEN_RE.sub(REDACTED, text)
        return _URI_PASSWORD_RE.sub(rf"\g<scheme>:{REDACTED}@", text)

    def clean(self, value: Any) -> Any:
        """Scrub strings at any depth; other objects are rendered by ``repr`` first,
        as the JSON and console renderers would, so a secret in one cannot slip by."""
        if isinstance(value, str):
            return self.scrub(value)
        if value is None or isinstance(value, bool | int | float):
            return value
        if isinstance(value, Mapping):
            return {self.clean(str(k)): self.clean(v) for k, v in value.items()}
        if isinstance(value, list | tuple | set | frozenset):
            return [self.clean(v) for v in value]
        return self.scrub(repr(value))

    def __call__(
        self, _logger: Any, _name: str, event_dict: MutableMapping[str, Any]
    ) -> MutableMapping[str, Any]:
        for key, value in event_dict.items():
            event_dict[key] = self.clean(value)
        return event_dict


def configure_logging(
    level: str = "INFO",
    fmt: str = "console",
    logs_dir: Path | None = None,
    secrets: Iterable[str] = (),
) -> None:
    redactor = Redactor(secrets)
    shared: list[Any] = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_logger_name,
        structlog.stdlib.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        structlog.processors.StackInfoRenderer(),
    ]
    structlog.configure(
        processors=[
            # Dropping below-level events first keeps debug calls nearly free in production.
            structlog.stdlib.filter_by_level,
            *shared,
            # log.info("... %s", value): interpolate, so the redactor sees the whole text.
            structlog.stdlib.PositionalArgumentsFormatter(),
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )

    def formatter(renderer: Any) -> logging.Formatter:
        return structlog.stdlib.ProcessorFormatter(
            foreign_pre_chain=shared,
            processors=[
                structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                structlog.processors.format_exc_info,
                redactor,
                renderer,
            ],
        )

    json_renderer = structlog.processors.JSONRenderer()
    stdout = logging.StreamHandler(sys.stdout)
    stdout.setFormatter(
        formatter(json_renderer if fmt == "json" else structlog.dev.ConsoleRenderer(colors=False))
    )
    handlers: list[logging.Handler] = [stdout]
    if logs_dir is not None:
        logs_dir.mkdir(parents=True, exist_ok=True)
        rotating = logging.handlers.RotatingFileHandler(
            logs_dir / LOG_FILE_NAME, maxBytes=5 * 1024 * 1024, backupCount=5, encoding="utf-8"
        )
        # The file is always JSON: it is read by tools and sent to owners as a document.
        rotating.setFormatter(formatter(json_renderer))
        handlers.append(rotating)

    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
        old.close()
    for handler in handlers:
        root.addHandler(handler)
    root.setLevel(level)
    # Pyrogram is chatty at INFO about sessions; keep its warnings.
    logging.getLogger("pyrogram").setLevel(max(logging.WARNING, root.level))
