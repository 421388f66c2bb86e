"""Deployment files agree with the code: compose, .env.example and the Dockerfile."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import AliasChoices

from infra.config import Settings

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ("bot", "mongo", "redis")
TOKEN = "123456:ABCdefGHIjklMNOpqrSTUvwxYZ0123456789"


def primary_names() -> set[str]:
    """The name each setting is documented under."""
    names = set()
    for field in Settings.model_fields.values():
        alias = field.validation_alias
        assert isinstance(alias, str | AliasChoices), "every setting has an env name"
        names.add(alias if isinstance(alias, str) else str(alias.choices[0]))
    return names


def all_names() -> set[str]:
    """Every name Settings accepts, aliases included."""
    names = set()
    for field in Settings.model_fields.values():
        alias = field.validation_alias
        if isinstance(alias, str):
            names.add(alias)
        elif isinstance(alias, AliasChoices):
            names.update(str(choice) for choice in alias.choices)
    return names


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    loaded = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def env_example_names() -> list[str]:
    text = (ROOT / ".env.example").read_text(encoding="utf-8")
    return re.findall(r"^([A-Z][A-Z0-9_]*)=", text, flags=re.MULTILINE)


def test_compose_runs_bot_mongo_and_redis(compose: dict[str, Any]) -> None:
    assert set(SERVICES) <= set(compose["services"])


@pytest.mark.parametrize("name", SERVICES)
def test_each_service_has_a_healthcheck_and_restarts(compose: dict[str, Any], name: str) -> None:
    service = compose["services"][name]

    assert service["restart"] == "unless-stopped"
    check = service["healthcheck"]
    assert check["test"] and check["test"][0] in {"CMD", "CMD-SHELL"}


def test_bot_waits_for_healthy_databases(compose: dict[str, Any]) -> None:
    depends = compose["services"]["bot"]["depends_on"]

    assert depends == {
        "mongo": {"condition": "service_healthy"},
        "redis": {"condition": "service_healthy"},
    }


def test_bot_healthcheck_probes_health_endpoint(compose: dict[str, Any]) -> None:
    probe = " ".join(compose["services"]["bot"]["healthcheck"]["test"])

    assert "/health" in probe and "urllib" in probe  # slim images have no curl


def test_volumes_are_named_and_declared(compose: dict[str, Any]) -> None:
    declared = set(compose["volumes"])
    used = set()
    for service in compose["services"].values():
        for volume in service.get("volumes", []):
            source = volume.split(":", 1)[0] if isinstance(volume, str) else volume["source"]
            assert not source.startswith((".", "/", "~")), f"{source} is a bind mount"
            used.add(source)

    assert used == declared
    assert {"bot-data", "mongo-data", "redis-data"} <= declared


def test_bot_data_volume_is_its_data_dir(compose: dict[str, Any]) -> None:
    bot = compose["services"]["bot"]

    assert "bot-data:/data" in bot["volumes"]
    assert bot["environment"]["DATA_DIR"] == "/data"


def test_bot_environment_uses_real_setting_names(compose: dict[str, Any]) -> None:
    bot = compose["services"]["bot"]
    environment = bot["environment"]
    keys = (
        set(environment)
        if isinstance(environment, dict)
        else {item.split("=", 1)[0] for item in environment}
    )

    assert keys <= all_names(), keys - all_names()
    assert bot["env_file"] in (".env", [".env"])
    assert environment["MONGO_URI"] == "mongodb://mongo:27017"
    assert environment["REDIS_URL"] == "redis://redis:6379/0"


def test_bot_environment_is_valid_settings(compose: dict[str, Any]) -> None:
    environment = compose["services"]["bot"]["environment"]

    settings = Settings(  # type: ignore[call-arg]
        _env_file=None, BOT_TOKEN=TOKEN, API_ID=1, API_HASH="h" * 32, **environment
    )

    assert settings.health_host == "0.0.0.0"  # noqa: S104 - reachable by the healthcheck
    assert settings.data_dir == Path("/data")


def test_kuryana_is_optional(compose: dict[str, Any]) -> None:
    kuryana = compose["services"]["kuryana"]

    assert kuryana["profiles"] == ["kuryana"]
    assert "kuryana" not in compose["services"]["bot"].get("depends_on", {})


def test_env_example_documents_every_setting_and_nothing_else() -> None:
    listed = env_example_names()

    assert len(listed) == len(set(listed)), "a setting is listed twice"
    assert set(listed) == primary_names()


def test_env_example_mentions_every_alias() -> None:
    text = (ROOT / ".env.example").read_text(encoding="utf-8")

    for name in all_names() - primary_names():
        assert re.search(rf"alias:.*\b{name}\b", text), name


def test_env_example_values_are_the_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    """Copying the example changes nothing but what the operator fills in."""
    for name in all_names():
        monkeypatch.delenv(name, raising=False)
    credentials = {"BOT_TOKEN": TOKEN, "API_ID": 1, "API_HASH": "h" * 32}

    example = Settings(_env_file=ROOT / ".env.example", **credentials)  # type: ignore[call-arg]
    defaults = Settings(_env_file=None, **credentials)  # type: ignore[call-arg]

    assert example.model_dump() == defaults.model_dump()


def test_env_example_leaves_credentials_blank() -> None:
    text = (ROOT / ".env.example").read_text(encoding="utf-8")

    for name in ("BOT_TOKEN", "API_ID", "API_HASH", "MONGO_URI", "REDIS_URL"):
        assert re.search(rf"^{name}=$", text, flags=re.MULTILINE), name


def dockerfile_instructions() -> list[tuple[str, str]]:
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8").replace("\\\n", " ")
    out = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            keyword, _, rest = stripped.partition(" ")
            out.append((keyword.upper(), rest.strip()))
    return out


def test_dockerfile_runs_as_non_root_with_a_healthcheck() -> None:
    instructions = dockerfile_instructions()
    users = [rest for keyword, rest in instructions if keyword == "USER"]
    checks = [rest for keyword, rest in instructions if keyword == "HEALTHCHECK"]

    assert users and users[-1] not in {"root", "0", "0:0"}
    [check] = checks
    assert "/health" in check and "HEALTH_PORT" in check


def test_dockerfile_installs_pinned_and_runs_the_bot() -> None:
    instructions = dockerfile_instructions()
    base = next(rest for keyword, rest in instructions if keyword == "FROM")
    runs = " ".join(rest for keyword, rest in instructions if keyword == "RUN")
    env = " ".join(rest for keyword, rest in instructions if keyword == "ENV")

    assert base.startswith("python:3.11-slim")
    assert "-c requirements.lock" in runs
    assert ("CMD", '["python", "-m", "app"]') in instructions
    for setting in ("DATA_DIR=/data", "LOG_FORMAT=json", "HEALTH_HOST=0.0.0.0"):
        assert setting in env


def test_the_scaled_profile_runs_a_receiver_and_replicated_workers(
    compose: dict[str, Any],
) -> None:
    receiver = compose["services"]["bot-receiver"]
    worker = compose["services"]["bot-worker"]

    assert receiver["profiles"] == worker["profiles"] == ["scaled"]
    assert receiver["environment"]["BOT_ROLE"] == "receiver"
    assert worker["environment"]["BOT_ROLE"] == "worker"
    assert worker["deploy"]["replicas"] >= 2
    assert "WORKER_ID" not in worker["environment"]  # each replica: its own host name
    for service in (receiver, worker):
        assert set(service["environment"]) <= all_names()
        assert service["environment"]["REDIS_URL"] == "redis://redis:6379/0"
        assert "bot-data:/data" in service["volumes"]
        assert "/health" in " ".join(service["healthcheck"]["test"])
        Settings(  # type: ignore[call-arg]
            _env_file=None, BOT_TOKEN=TOKEN, API_ID=1, API_HASH="h" * 32, **service["environment"]
        )
