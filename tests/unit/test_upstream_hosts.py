"""Upstreams are named by host alone; credentials in their URLs are secrets to redact."""

from __future__ import annotations

from pathlib import Path

import pytest

from infra.config import display_host
from tests.conftest import make_settings


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("https://kuryana.tbdh.app", "kuryana.tbdh.app"),
        ("https://user:pass@host.example:8443/base", "host.example:8443"),
        ("http://us%40er:p@ss@10.0.0.5", "10.0.0.5"),
        ("https://token@[::1]:9000", "[::1]:9000"),
        ("not a url", "?"),
    ],
)
def test_a_host_is_shown_without_userinfo(url: str, shown: str) -> None:
    assert display_host(url) == shown


def test_passwords_in_mdl_api_urls_are_secrets_for_the_log_redactor(tmp_path: Path) -> None:
    settings = make_settings(
        tmp_path, mdl_api_urls=["https://op:s3cret%21@kuryana.example", "https://plain.example"]
    )
    secrets = settings.secrets()
    assert {"https://op:s3cret%21@kuryana.example", "s3cret%21", "s3cret!"} <= set(secrets)
    assert "https://plain.example" not in secrets  # a URL without credentials is not secret
