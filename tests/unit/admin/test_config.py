"""Settings for access control, rate limits, force-subscribe and broadcasts."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from infra.config import Settings, describe_errors
from tests.unit.test_config import env, load

__all__ = ["env"]  # the fixture, shared with the main settings tests


def test_defaults(env: pytest.MonkeyPatch) -> None:
    settings = load()
    assert settings.rate_limit == "20/minute"
    assert settings.broadcast_rate == 25
    assert settings.force_sub_channel is None and settings.force_sub_link is None
    assert settings.access_contact == ""


@pytest.mark.parametrize(
    ("value", "stored"),
    [
        ("@DramaNews", "@DramaNews"),
        ("dramanews", "@dramanews"),
        ("https://t.me/dramanews", "@dramanews"),
        ("-1001234567890", "-1001234567890"),
    ],
)
def test_force_sub_channel_forms(env: pytest.MonkeyPatch, value: str, stored: str) -> None:
    env.setenv("FORCE_SUB_CHANNEL", value)
    assert load().force_sub_channel == stored


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("RATE_LIMIT", "lots", "RATE_LIMIT is invalid"),
        ("RATE_LIMIT", "0/minute", "RATE_LIMIT is invalid"),
        ("BROADCAST_RATE", "31", "BROADCAST_RATE is invalid"),
        ("BROADCAST_RATE", "0", "BROADCAST_RATE is invalid"),
        ("FORCE_SUB_CHANNEL", "#news", "FORCE_SUB_CHANNEL is invalid"),
        ("FORCE_SUB_CHANNEL", "12345", "FORCE_SUB_CHANNEL is invalid"),
        ("FORCE_SUB_LINK", "javascript:alert(1)", "FORCE_SUB_LINK is invalid"),
    ],
)
def test_refused_values_name_the_setting(
    env: pytest.MonkeyPatch, name: str, value: str, expected: str
) -> None:
    env.setenv(name, value)
    with pytest.raises(ValidationError) as caught:
        load()
    [line] = describe_errors(caught.value)
    assert line.startswith(expected)


def test_rates_in_other_words(env: pytest.MonkeyPatch) -> None:
    env.setenv("RATE_LIMIT", "5 per 10 seconds")
    env.setenv("BROADCAST_RATE", "30")
    settings = load()
    assert settings.rate_limit == "5 per 10 seconds" and settings.broadcast_rate == 30
    assert isinstance(settings, Settings)
