"""What users type after /today and /season."""

from __future__ import annotations

import pytest

from domain.discover.calendar import Season
from domain.discover.countries import country_word, matching
from domain.discover.seasons import parse_season_args
from domain.errors import InvalidInput

COUNTRIES = ["China", "Hong Kong", "Japan", "North Korea", "South Korea", "Taiwan"]
NOW = Season(2026, 4)


@pytest.mark.parametrize(
    ("word", "found"),
    [
        ("korea", {"North Korea", "South Korea"}),
        ("South  KOREA", {"South Korea"}),
        ("kr", {"North Korea", "South Korea"}),
        ("hk", {"Hong Kong"}),
        ("chinese", {"China"}),
        ("kong", {"Hong Kong"}),
        ("japanese", {"Japan"}),
        ("an", set()),  # a fragment of a word is not a country
        ("narnia", set()),
    ],
)
def test_country_words_match_mydramalists_names(word: str, found: set[str]) -> None:
    assert matching(country_word(word), COUNTRIES) == found


@pytest.mark.parametrize("junk", ["<b>", "korea1", "1", "a" * 41, "k;drop", "  "])
def test_what_cannot_name_a_country_is_refused(junk: str) -> None:
    with pytest.raises(InvalidInput):
        country_word(junk)


@pytest.mark.parametrize(
    ("text", "season", "order"),
    [
        ("", Season(2026, 4), "rating"),
        ("2025", Season(2025, 4), "rating"),
        ("2025 2", Season(2025, 2), "rating"),
        ("2 2025", Season(2025, 2), "rating"),
        ("q1", Season(2026, 1), "rating"),
        ("summer 2024 popular", Season(2024, 3), "popularity"),
        ("Fall", Season(2026, 4), "rating"),
    ],
)
def test_season_arguments_in_any_order(text: str, season: Season, order: str) -> None:
    assert parse_season_args(text, NOW) == (season, order)


@pytest.mark.parametrize("junk", ["5", "2025 2 3", "next", "٢٠٢٥", "1 2 3 4 5", "20255"])
def test_season_arguments_that_mean_nothing_are_refused(junk: str) -> None:
    with pytest.raises(InvalidInput):
        parse_season_args(junk, NOW)
