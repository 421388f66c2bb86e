"""Settings as an operator writes them: environment names, old aliases, refusals."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import AliasChoices, ValidationError

from infra.config import DEFAULT_MDL_API_URLS, EXPECTED, Settings, describe_errors

REPO_ROOT = Path(__file__).resolve().parents[2]
TOKEN = "123456:ABCdefGHIjklMNOpqrSTUvwxYZ0123456789"
API_HASH = "0123456789abcdef0123456789abcdef"


def env_names() -> set[str]:
    names: set[str] = set()
    for field in Settings.model_fields.values():
        alias = field.validation_alias
        if isinstance(alias, str):
            names.add(alias)
        elif isinstance(alias, AliasChoices):
            names.update(str(choice) for choice in alias.choices)
    return names


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """Only what the test sets reaches Settings; the required three are valid."""
    for name in env_names():
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("BOT_TOKEN", TOKEN)
    monkeypatch.setenv("API_ID", "12345")
    monkeypatch.setenv("API_HASH", API_HASH)
    return monkeypatch


def load() -> Settings:
    return Settings(_env_file=None)  # type: ignore[call-arg]


def test_defaults_need_only_the_telegram_credentials(env: pytest.MonkeyPatch) -> None:
    settings = load()

    assert settings.api_id == 12345
    assert settings.bot_token.get_secret_value() == TOKEN
    assert settings.owner_ids == []
    assert settings.public_mode is True
    assert settings.mongo_uri is None and settings.redis_url is None
    assert settings.mdl_api_urls == DEFAULT_MDL_API_URLS
    assert settings.cache_details_ttl == 86400


def test_secrets_are_hidden_in_repr(env: pytest.MonkeyPatch) -> None:
    env.setenv("MONGO_URI", "mongodb://user:secret@host/db")

    text = repr(load())

    assert TOKEN not in text and API_HASH not in text and "secret@" not in text


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("OWNER_IDS", "1,2 3", [1, 2, 3]),
        ("OWNER_IDS", " 11111 , 22222 ", [11111, 22222]),
        ("OWNER_IDS", "[1, 2]", [1, 2]),
        ("OWNER_ID", "42", [42]),
        ("OWNER_ID", "1,2", [1, 2]),
    ],
)
def test_owner_ids_and_the_old_owner_id(
    env: pytest.MonkeyPatch, name: str, value: str, expected: list[int]
) -> None:
    env.setenv(name, value)

    assert load().owner_ids == expected


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("PUBLIC_MODE", "false", False),
        ("PUBLIC_MODE", "true", True),
        ("IS_PUBLIC", "False", False),
        ("IS_PUBLIC", "0", False),
        ("IS_PUBLIC", "yes", True),
    ],
)
def test_public_mode_and_the_old_is_public(
    env: pytest.MonkeyPatch, name: str, value: str, expected: bool
) -> None:
    env.setenv(name, value)

    assert load().public_mode is expected


@pytest.mark.parametrize("name", ["CACHE_DETAILS_TTL", "CACHE_TTL"])
def test_details_ttl_and_the_old_cache_ttl(env: pytest.MonkeyPatch, name: str) -> None:
    env.setenv(name, "7200")

    assert load().cache_details_ttl == 7200


@pytest.mark.parametrize(
    ("name", "field", "value", "expected"),
    [
        ("HTTP_TIMEOUT", "http_timeout", "2.5", 2.5),
        ("MAX_CONNECTIONS", "max_connections", "50", 50),
        ("DB_NAME", "db_name", "mybot", "mybot"),
        ("DATA_DIR", "data_dir", "/data", Path("/data")),
    ],
)
def test_old_bot_names_still_work(
    env: pytest.MonkeyPatch, name: str, field: str, value: str, expected: object
) -> None:
    env.setenv(name, value)

    assert getattr(load(), field) == expected


def test_mdl_api_urls_comma_list_trimmed(env: pytest.MonkeyPatch) -> None:
    env.setenv("MDL_API_URLS", " http://localhost:3000/ , https://kuryana.example.org// ")

    assert load().mdl_api_urls == ["http://localhost:3000", "https://kuryana.example.org"]


@pytest.mark.parametrize("value", ["ftp://mirror.example.org", "kuryana.example.org", " , "])
def test_mdl_api_urls_refuse_non_http(env: pytest.MonkeyPatch, value: str) -> None:
    env.setenv("MDL_API_URLS", value)

    with pytest.raises(ValidationError, match="MDL_API_URLS"):
        load()


def test_blank_settings_mean_unset(env: pytest.MonkeyPatch) -> None:
    """A copied .env.example with its optional lines left blank runs on the defaults."""
    for name in ("MDL_API_URLS", "OWNER_IDS", "PUBLIC_MODE", "CACHE_TTL", "DATA_DIR"):
        env.setenv(name, "")
    env.setenv("OWNER_ID", "5")

    settings = load()

    assert settings.mdl_api_urls == DEFAULT_MDL_API_URLS
    assert settings.owner_ids == [5]
    assert settings.public_mode is True
    assert settings.data_dir == Path("data")


@pytest.mark.parametrize("name", ["BOT_TOKEN", "API_HASH", "API_ID"])
def test_blank_credentials_are_missing(env: pytest.MonkeyPatch, name: str) -> None:
    env.setenv(name, "")

    with pytest.raises(ValidationError) as caught:
        load()

    assert describe_errors(caught.value) == [
        f"{name} is missing; expected {EXPECTED[name]}",
    ]


@pytest.mark.parametrize("token", ["not-a-token", "987654", "abc:DEF", "987 654:XYZ"])
def test_malformed_token_is_refused_without_echoing_it(env: pytest.MonkeyPatch, token: str) -> None:
    env.setenv("BOT_TOKEN", token)

    with pytest.raises(ValidationError) as caught:
        load()

    [line] = describe_errors(caught.value)
    assert line.startswith("BOT_TOKEN is invalid")
    assert token not in line


@pytest.mark.parametrize("value", ["", "   "])
def test_empty_mongo_and_redis_urls_mean_unset(env: pytest.MonkeyPatch, value: str) -> None:
    env.setenv("MONGO_URI", value)
    env.setenv("REDIS_URL", value)

    settings = load()

    assert settings.mongo_uri is None and settings.redis_url is None


@pytest.mark.parametrize(("value", "expected"), [("JSON", "json"), ("Console", "console")])
def test_log_format_is_case_insensitive(env: pytest.MonkeyPatch, value: str, expected: str) -> None:
    env.setenv("LOG_FORMAT", value)
    env.setenv("LOG_LEVEL", "debug")

    settings = load()

    assert settings.log_format == expected and settings.log_level == "DEBUG"


def test_secrets_list_includes_uri_passwords(env: pytest.MonkeyPatch) -> None:
    env.setenv("MONGO_URI", "mongodb://user:m0ngoPass@host/db")
    env.setenv("REDIS_URL", "redis://:r3disPass@host:6379/0")

    secrets = load().secrets()

    assert {TOKEN, API_HASH, "m0ngoPass", "r3disPass"} <= set(secrets)


# --------------------------------------------------------------------- start-up refusal


def run_app(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """``python -m app`` with nothing but the basics in its environment and no .env."""
    basics = {k: os.environ[k] for k in ("PATH", "HOME", "SYSTEMROOT") if k in os.environ}
    return subprocess.run(
        [sys.executable, "-m", "app"],
        cwd=tmp_path,
        env={**basics, "PYTHONPATH": str(REPO_ROOT), **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_missing_token_stops_start_up_with_one_line_per_problem(tmp_path: Path) -> None:
    result = run_app(tmp_path)

    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert "Traceback" not in result.stderr
    assert len(lines) == 3  # BOT_TOKEN, API_ID and API_HASH are each missing
    assert all(line.startswith("configuration error: ") for line in lines)
    assert any("BOT_TOKEN" in line and "missing" in line for line in lines)
    assert {"BOT_TOKEN", "API_ID", "API_HASH"} == {
        name for name in ("BOT_TOKEN", "API_ID", "API_HASH") for line in lines if name in line
    }


def test_bad_api_id_is_named_and_no_secret_is_printed(tmp_path: Path) -> None:
    result = run_app(tmp_path, BOT_TOKEN=TOKEN, API_ID="abc", API_HASH=API_HASH)

    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "API_ID" in lines[0]
    assert "Traceback" not in result.stderr
    output = result.stdout + result.stderr
    assert TOKEN not in output and API_HASH not in output
    assert "'abc'" not in output and "input_value" not in output  # the value is not echoed


def test_every_refused_setting_is_named_once(tmp_path: Path) -> None:
    result = run_app(
        tmp_path,
        BOT_TOKEN=TOKEN,
        API_ID="12345",
        API_HASH=API_HASH,
        OWNER_IDS="1,not-a-number",
        MDL_API_URLS="ftp://x",
        LOG_FORMAT="xml",
    )

    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 3
    for name, line in zip(("OWNER_IDS", "MDL_API_URLS", "LOG_FORMAT"), lines, strict=True):
        assert line.startswith(f"configuration error: {name} ")
    assert TOKEN not in result.stderr and API_HASH not in result.stderr


def test_one_process_by_default_and_the_roles_of_several(env: pytest.MonkeyPatch) -> None:
    settings = load()
    assert settings.bot_role == "all"
    assert settings.worker_id  # the host name unless set
    env.setenv("BOT_ROLE", "worker")
    env.setenv("WORKER_ID", "bot-worker.2")
    settings = load()
    assert (settings.bot_role, settings.worker_id) == ("worker", "bot-worker.2")


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("BOT_ROLE", "leader"),
        ("WORKER_ID", "../../etc"),
        ("WORKER_ID", "a b"),
        ("STREAM_MAXLEN", "5"),
    ],
)
def test_a_bad_role_setting_is_named(env: pytest.MonkeyPatch, name: str, value: str) -> None:
    env.setenv(name, value)

    with pytest.raises(ValidationError) as caught:
        load()

    [line] = describe_errors(caught.value)
    assert line.startswith(f"{name} is invalid")
