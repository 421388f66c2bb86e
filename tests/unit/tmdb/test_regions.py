"""Where a user's country comes from, and which countries are near."""

from __future__ import annotations

import pytest

from domain.errors import InvalidInput
from domain.tmdb.regions import nearest, parse_region, region_from_language, resolve_region


@pytest.mark.parametrize(
    ("language", "region"),
    [
        ("pt-BR", "BR"),
        ("en_us", "US"),
        ("zh-Hant-TW", "TW"),
        ("en", None),
        ("", None),
        (None, None),
        ("xx-ZZ", None),
        ("ko-KR-extra", None),
    ],
)
def test_a_telegram_language_names_a_country_only_when_it_has_one(
    language: str | None, region: str | None
) -> None:
    assert region_from_language(language) == region


def test_the_chosen_country_wins_then_the_language_then_the_default() -> None:
    assert resolve_region("JP", "pt-BR", "US") == "JP"
    assert resolve_region(None, "pt-BR", "US") == "BR"
    assert resolve_region(None, "en", "US") == "US"


def test_parse_region_takes_codes_and_names() -> None:
    assert parse_region(" kr ") == "KR"
    assert parse_region("United Kingdom") == "GB"
    for bad in ("ZZ", "", "K" * 10_000, "../etc"):
        with pytest.raises(InvalidInput):
            parse_region(bad)


def test_nearest_countries_by_distance_unknown_codes_last() -> None:
    assert nearest("PT", ["US", "ES", "FR", "PT"], 2) == ["ES", "FR"]
    assert nearest("KR", ["QQ", "JP", "US"], 3) == ["JP", "US", "QQ"]
    assert nearest("QQ", ["US", "JP"]) == ["JP", "US"]
