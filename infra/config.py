"""Settings from the environment and ``.env``.

Names of the bot this one replaces (``OWNER_ID``, ``IS_PUBLIC``, ``CACHE_TTL``)
are accepted as aliases so operators can migrate without editing their files.
"""

from __future__ import annotations

import contextlib
import re
import socket
import sys
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import unquote, urlsplit

import limits
from pydantic import AliasChoices, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

DEFAULT_MDL_API_URLS = ["https://kuryana.tbdh.app", "https://kuryana.vercel.app"]
_CHANNEL_ID_RE = re.compile(r"-100\d{5,}")
_USERNAME_RE = re.compile(r"[A-Za-z][A-Za-z0-9_]{3,31}")
# <bot id>:<secret>, as @BotFather issues it.
_BOT_TOKEN_RE = re.compile(r"\d+:[A-Za-z0-9_-]+")


def display_host(url: str) -> str:
    """``host[:port]`` of ``url`` without any ``user:password@``: how an upstream is
    named in logs, errors, /health and metric labels."""
    try:
        netloc = urlsplit(url).netloc
    except ValueError:
        return "?"
    # The host follows the last "@" (as urlsplit's own .hostname reads it).
    return netloc.rpartition("@")[2] or "?"


def _split_list(value: Any) -> Any:
    """Accept ``1,2``, ``1 2`` or a JSON-ish ``[1, 2]`` for list settings."""
    if isinstance(value, str):
        text = value.strip().removeprefix("[").removesuffix("]")
        return [part.strip().strip("\"'") for part in text.replace(",", " ").split() if part]
    if isinstance(value, int):
        return [value]
    return value


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        populate_by_name=True,
        # ``BOT_TOKEN=`` left blank in a copied .env means "not set": start-up names it
        # as missing instead of trying to log in with an empty token.
        env_ignore_empty=True,
    )

    bot_token: SecretStr = Field(validation_alias="BOT_TOKEN")
    api_id: int = Field(validation_alias="API_ID", gt=0)
    api_hash: SecretStr = Field(validation_alias="API_HASH")
    owner_ids: Annotated[list[int], NoDecode] = Field(
        default_factory=list, validation_alias=AliasChoices("OWNER_IDS", "OWNER_ID")
    )
    public_mode: bool = Field(
        default=True, validation_alias=AliasChoices("PUBLIC_MODE", "IS_PUBLIC")
    )
    access_contact: str = Field(default="", max_length=64, validation_alias="ACCESS_CONTACT")
    rate_limit: str = Field(default="20/minute", validation_alias="RATE_LIMIT")
    # Inline queries arrive per keystroke: typing two titles can be twenty queries.
    inline_rate_limit: str = Field(default="120/minute", validation_alias="INLINE_RATE_LIMIT")
    force_sub_channel: str | None = Field(default=None, validation_alias="FORCE_SUB_CHANNEL")
    force_sub_link: str | None = Field(default=None, validation_alias="FORCE_SUB_LINK")
    # Telegram allows a bot about 30 messages a second in all.
    broadcast_rate: float = Field(default=25.0, gt=0, le=30, validation_alias="BROADCAST_RATE")
    # Airing notifications (watchlists): see domain/airing/.
    scheduler_enabled: bool = Field(default=True, validation_alias="SCHEDULER_ENABLED")
    notify_missed_window: float = Field(
        default=6 * 3600, ge=0, validation_alias="NOTIFY_MISSED_WINDOW"
    )
    watch_limit: int = Field(default=50, ge=1, le=500, validation_alias="WATCH_LIMIT")
    scheduler_lock_ttl: float = Field(default=60.0, gt=0, validation_alias="SCHEDULER_LOCK_TTL")

    mongo_uri: SecretStr | None = Field(default=None, validation_alias="MONGO_URI")
    db_name: str = Field(default="dramabot", validation_alias="DB_NAME", min_length=1)
    redis_url: SecretStr | None = Field(default=None, validation_alias="REDIS_URL")
    redis_retry_after: float = Field(default=5.0, ge=0, validation_alias="REDIS_RETRY_AFTER")
    # Longest wait for one Redis call on an update's path; past it, Redis counts as down.
    redis_timeout: float = Field(default=0.25, gt=0, le=5, validation_alias="REDIS_TIMEOUT")
    # Bytes the in-process cache may hold (each of them: the cache without Redis, the
    # copy while Redis is down, the 30 s lookup layer), least recently used out first.
    memory_cache_mb: int = Field(default=256, ge=1, validation_alias="MEMORY_CACHE_MB")

    mdl_api_urls: Annotated[list[str], NoDecode] = Field(
        default_factory=lambda: list(DEFAULT_MDL_API_URLS), validation_alias="MDL_API_URLS"
    )
    mdl_concurrency: int = Field(default=8, ge=1, validation_alias="MDL_CONCURRENCY")
    http_timeout: float = Field(default=10.0, gt=0, validation_alias="HTTP_TIMEOUT")
    max_connections: int = Field(default=100, ge=1, validation_alias="MAX_CONNECTIONS")
    imdb_workers: int = Field(default=8, ge=1, le=64, validation_alias="IMDB_WORKERS")
    imdb_timeout: float = Field(default=15.0, gt=0, validation_alias="IMDB_TIMEOUT")
    search_budget: float = Field(default=4.0, gt=0, validation_alias="SEARCH_BUDGET")
    # How long a lookup may wait for a free upstream connection (MDL_CONCURRENCY,
    # IMDB_WORKERS) before the user is told the source is busy.
    upstream_queue_wait: float = Field(default=3.0, gt=0, validation_alias="UPSTREAM_QUEUE_WAIT")
    upstream_retries: int = Field(default=3, ge=1, le=10, validation_alias="UPSTREAM_RETRIES")
    upstream_retry_budget: float = Field(
        default=8.0, gt=0, validation_alias="UPSTREAM_RETRY_BUDGET"
    )
    upstream_backoff: float = Field(default=0.3, ge=0, validation_alias="UPSTREAM_BACKOFF")
    breaker_failures: int = Field(default=5, ge=1, validation_alias="BREAKER_FAILURES")
    breaker_reset: float = Field(default=30.0, gt=0, validation_alias="BREAKER_RESET")

    # TMDB, the optional third source (app/watch/): where to watch, trailers, backup cards.
    # A v3 API key or a v4 read-access token; without it every TMDB feature is off.
    tmdb_api_key: SecretStr | None = Field(default=None, validation_alias="TMDB_API_KEY")
    tmdb_api_url: str = Field(
        default="https://api.themoviedb.org/3", validation_alias="TMDB_API_URL"
    )
    default_region: str = Field(default="US", validation_alias="DEFAULT_REGION")
    # Languages (app/i18n/): users' language when neither /language nor Telegram's matches
    # a catalog; and incomplete catalogs to offer anyway (a translation being checked).
    default_language: str = Field(default="en", validation_alias="DEFAULT_LANGUAGE")
    preview_languages: Annotated[list[str], NoDecode] = Field(
        default_factory=list, validation_alias="PREVIEW_LANGUAGES"
    )
    # Longest a card waits for TMDB (its ▶️ Trailer button); past it the card goes without.
    tmdb_card_budget: float = Field(default=1.5, gt=0, le=10, validation_alias="TMDB_CARD_BUDGET")
    tmdb_concurrency: int = Field(default=8, ge=1, validation_alias="TMDB_CONCURRENCY")

    cache_search_ttl: int = Field(default=3600, ge=1, validation_alias="CACHE_SEARCH_TTL")
    cache_details_ttl: int = Field(
        default=86400, ge=1, validation_alias=AliasChoices("CACHE_DETAILS_TTL", "CACHE_TTL")
    )
    cache_stale_ttl: int = Field(default=7 * 86400, ge=0, validation_alias="CACHE_STALE_TTL")
    cache_not_found_ttl: int = Field(default=300, ge=0, validation_alias="CACHE_NOT_FOUND_TTL")
    # Person pages change rarely: a week fresh, then the stale period as for titles.
    cache_person_ttl: int = Field(default=7 * 86400, ge=1, validation_alias="CACHE_PERSON_TTL")

    inline_budget: float = Field(default=2.5, gt=0, le=10, validation_alias="INLINE_BUDGET")
    template_empty_value: str = Field(
        default="", max_length=20, validation_alias="TEMPLATE_EMPTY_VALUE"
    )
    bot_workers: int = Field(default=200, ge=1, le=10_000, validation_alias="BOT_WORKERS")
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field(
        default="INFO", validation_alias="LOG_LEVEL"
    )
    log_format: Literal["json", "console"] = Field(default="console", validation_alias="LOG_FORMAT")
    health_host: str = Field(default="127.0.0.1", validation_alias="HEALTH_HOST")
    health_port: int = Field(default=8080, ge=0, le=65535, validation_alias="HEALTH_PORT")
    data_dir: Path = Field(default=Path("data"), validation_alias="DATA_DIR")
    session_name: str = Field(default="dramabot", validation_alias="SESSION_NAME", min_length=1)
    # Several processes (needs REDIS_URL; see README "Several processes"): "all" is the
    # whole bot in one process; "receiver" holds the updates connection and puts each
    # update on a Redis Stream; "worker" handles them. Without Redis, always "all".
    bot_role: Literal["all", "receiver", "worker"] = Field(
        default="all", validation_alias="BOT_ROLE"
    )
    # Names this process's consumer and its session files ({SESSION_NAME}-worker-{id}).
    worker_id: str = Field(
        default_factory=socket.gethostname,
        pattern=r"^[A-Za-z0-9_.-]{1,64}$",
        validation_alias="WORKER_ID",
    )
    # A receiver that stops renewing is replaced within this many seconds.
    receiver_lock_ttl: float = Field(default=10.0, gt=0, validation_alias="RECEIVER_LOCK_TTL")
    stream_maxlen: int = Field(default=100_000, ge=100, validation_alias="STREAM_MAXLEN")
    # An update a worker took and stopped touching for this long goes to another worker.
    stream_claim_after: float = Field(default=30.0, gt=0, validation_alias="STREAM_CLAIM_AFTER")
    # How long an update's identity is remembered, so a copy of it is never handled again.
    stream_dedupe_ttl: int = Field(default=3600, ge=1, validation_alias="STREAM_DEDUPE_TTL")
    # Updates a worker takes from the stream at once, at most: more than it works on
    # concurrently would only wait in its queue while other workers sit idle.
    stream_prefetch: int = Field(default=32, ge=1, le=10_000, validation_alias="STREAM_PREFETCH")

    @field_validator("log_level", "log_format", mode="before")
    @classmethod
    def _normalise_case(cls, value: Any) -> Any:
        if not isinstance(value, str):
            return value
        return (
            value.upper()
            if value.lower() in {"debug", "info", "warning", "error"}
            else value.lower()
        )

    @field_validator("bot_token")
    @classmethod
    def _token_shape(cls, token: SecretStr) -> SecretStr:
        if not _BOT_TOKEN_RE.fullmatch(token.get_secret_value().strip()):
            raise ValueError("not shaped like a bot token")
        return SecretStr(token.get_secret_value().strip())

    @field_validator("api_hash")
    @classmethod
    def _not_blank(cls, value: SecretStr) -> SecretStr:
        if not value.get_secret_value().strip():
            raise ValueError("must not be blank")
        return SecretStr(value.get_secret_value().strip())

    @field_validator("owner_ids", "mdl_api_urls", mode="before")
    @classmethod
    def _lists(cls, value: Any) -> Any:
        return _split_list(value)

    @field_validator("mdl_api_urls")
    @classmethod
    def _http_urls(cls, urls: list[str]) -> list[str]:
        if not urls:
            raise ValueError("at least one URL is required")
        for url in urls:
            parts = urlsplit(url)
            if parts.scheme not in {"http", "https"} or not parts.netloc:
                raise ValueError("each entry must be an http(s) URL")
        return [url.rstrip("/") for url in urls]

    @field_validator("mongo_uri", "redis_url", mode="before")
    @classmethod
    def _empty_is_unset(cls, value: Any) -> Any:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("tmdb_api_key", mode="before")
    @classmethod
    def _blank_key_is_unset(cls, value: Any) -> Any:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("tmdb_api_url")
    @classmethod
    def _tmdb_url(cls, url: str) -> str:
        parts = urlsplit(url)
        if parts.scheme not in {"http", "https"} or not parts.netloc:
            raise ValueError("must be an http(s) URL")
        return url.rstrip("/")

    @field_validator("default_language")
    @classmethod
    def _language(cls, value: str) -> str:
        return _language_code(value)

    @field_validator("preview_languages", mode="before")
    @classmethod
    def _languages(cls, value: Any) -> Any:
        return [_language_code(str(v)) for v in _split_list(value)]

    @field_validator("default_region")
    @classmethod
    def _region(cls, value: str) -> str:
        if not re.fullmatch(r"[A-Za-z]{2}", value.strip()):
            raise ValueError("not a two-letter country code")
        return value.strip().upper()

    @field_validator("rate_limit", "inline_rate_limit")
    @classmethod
    def _rate(cls, value: str) -> str:
        try:
            item = limits.parse(value)
        except ValueError:
            raise ValueError("not a rate such as 20/minute") from None
        if item.amount < 1:
            raise ValueError("must allow at least one request")
        return value.strip()

    @field_validator("force_sub_channel")
    @classmethod
    def _channel(cls, value: str | None) -> str | None:
        if value is None:
            return None
        text = value.strip().removeprefix("https://").removeprefix("http://")
        text = text.removeprefix("t.me/").removeprefix("@")
        if _CHANNEL_ID_RE.fullmatch(text):
            return text
        if not _USERNAME_RE.fullmatch(text):
            raise ValueError("neither an @username nor a -100… channel id")
        return f"@{text}"

    @field_validator("force_sub_link")
    @classmethod
    def _link(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("https://", "tg://")):
            raise ValueError("must be an https:// or tg:// link")
        return value

    @property
    def logs_dir(self) -> Path:
        return self.data_dir / "logs"

    def secrets(self) -> list[str]:
        """Every secret value, for the log redactor."""
        values = [self.bot_token.get_secret_value(), self.api_hash.get_secret_value()]
        if self.tmdb_api_key is not None:
            values.append(self.tmdb_api_key.get_secret_value())
        uris = [u.get_secret_value() for u in (self.mongo_uri, self.redis_url) if u is not None]
        # A kuryana URL is only a secret when it carries credentials.
        uris += [u for u in self.mdl_api_urls if "@" in urlsplit(u).netloc]
        for uri in uris:
            values.append(uri)
            # The password alone too (as written and decoded): a library may print it
            # without the rest of the URI.
            with contextlib.suppress(ValueError):
                password = urlsplit(uri).password or ""
                values += [password, unquote(password)]
        return [v for v in values if v]


# What each setting expects, in the words an operator needs when start-up refuses it.
EXPECTED = {
    "BOT_TOKEN": "the bot token from @BotFather, e.g. 123456:ABC-DEF...",
    "API_ID": "your numeric api_id from https://my.telegram.org",
    "API_HASH": "your api_hash from https://my.telegram.org",
    "OWNER_IDS": "Telegram user ids separated by commas, e.g. 11111,22222",
    "MDL_API_URLS": "kuryana base URLs separated by commas, primary first",
    "LOG_FORMAT": "json or console",
    "LOG_LEVEL": "DEBUG, INFO, WARNING or ERROR",
    "RATE_LIMIT": "a rate such as 20/minute or 5 per 10 seconds",
    "BROADCAST_RATE": "messages per second, above 0 and at most 30",
    "FORCE_SUB_CHANNEL": "@channelname or a -100… channel id",
    "NOTIFY_MISSED_WINDOW": "seconds, e.g. 21600 for 6 hours",
    "BOT_ROLE": "all, receiver or worker",
    "WORKER_ID": "letters, digits, '.', '_' or '-' (at most 64), unique per process",
    "DEFAULT_REGION": "a two-letter country code such as US or KR",
    "DEFAULT_LANGUAGE": "a language code such as en, id or pt_BR",
    "PREVIEW_LANGUAGES": "language codes separated by commas, e.g. id,ar",
    "TMDB_API_URL": "TMDB's API base URL, https://api.themoviedb.org/3",
}


def _language_code(value: str) -> str:
    """A catalog's name: ``id``, ``pt_BR`` (also written ``pt-BR``)."""
    match = re.fullmatch(r"([A-Za-z]{2,3})(?:[-_]([A-Za-z]{2}|[0-9]{3}))?", value.strip())
    if match is None:
        raise ValueError("not a language code")
    language, region = match.groups()
    return language.lower() + (f"_{region.upper()}" if region else "")


def _env_name(loc: tuple[int | str, ...]) -> str:
    field = str(loc[0]) if loc else "?"
    info = Settings.model_fields.get(field)
    alias = info.validation_alias if info else None
    if isinstance(alias, str):
        return alias
    if isinstance(alias, AliasChoices):
        return str(alias.choices[0])
    return field.upper()


def describe_errors(error: ValidationError) -> list[str]:
    """One line per refused setting, naming it and what is expected; never the value."""
    lines = []
    for item in error.errors(include_input=False, include_url=False):
        name = _env_name(item["loc"])
        problem = "is missing" if item["type"] == "missing" else f"is invalid ({item['msg']})"
        expected = EXPECTED.get(name)
        lines.append(f"{name} {problem}" + (f"; expected {expected}" if expected else ""))
    return lines


def load_settings(**overrides: Any) -> Settings:
    """Build settings or stop the process with exit code 2 and one line per problem."""
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        for line in describe_errors(exc):
            print(f"configuration error: {line}", file=sys.stderr)
        raise SystemExit(2) from None
