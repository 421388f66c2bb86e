"""Matching a MyDramaList title on TMDB: the right remake, or nothing."""

from __future__ import annotations

from domain.tmdb.matching import choose, facts, known_as, near
from domain.tmdb.models import TmdbCandidate, TmdbRef

MOTHER_JP = TmdbCandidate(TmdbRef("tv", 1), "Mother", "Mother", 2010, ("JP",), "ja")
MOTHER_KR = TmdbCandidate(TmdbRef("tv", 2), "Mother", "마더", 2018, ("KR",), "ko")
MOTHER_TR = TmdbCandidate(TmdbRef("tv", 3), "Mother", "Anne", 2016, ("TR",), "tr")
MOTHER_FILM = TmdbCandidate(TmdbRef("movie", 4), "Mother", "마더", 2009, (), "ko")
ALL = [MOTHER_JP, MOTHER_KR, MOTHER_TR, MOTHER_FILM]


def test_same_title_remakes_are_told_apart_by_country_year_and_kind() -> None:
    assert choose(ALL, facts(["Mother"], "2018", "South Korea", "Korean Drama")) == MOTHER_KR
    assert choose(ALL, facts(["Mother"], 2010, "Japan", "Japanese Drama")) == MOTHER_JP
    # A movie is found among movies only; its country by its original language.
    assert choose(ALL, facts(["Mother"], "2009", "South Korea", "Movie")) == MOTHER_FILM


def test_nothing_rather_than_a_wrong_match() -> None:
    # A Korean "Mother" of 2012 does not exist on TMDB: none of the others may stand in.
    assert choose(ALL, facts(["Mother"], "2012", "South Korea", "Korean Drama")) is None
    # A Chinese one neither, whatever the year.
    assert choose(ALL, facts(["Mother"], "2018", "China", "Chinese Drama")) is None
    # Without a year or a country we do not guess.
    assert choose(ALL, facts(["Mother"], None, "South Korea", "Drama")) is None
    assert choose(ALL, facts(["Mother"], "2018", "", "Drama")) is None


def test_two_candidates_that_both_fit_are_no_match_unless_one_has_the_exact_year() -> None:
    twin = TmdbCandidate(TmdbRef("tv", 9), "Mother", "", 2019, ("KR",), "ko")
    assert choose([MOTHER_KR, twin], facts(["Mother"], "2018", "KR", "Drama")) == MOTHER_KR
    twin_same_year = TmdbCandidate(TmdbRef("tv", 10), "Mother", "", 2018, ("KR",), "ko")
    assert choose([MOTHER_KR, twin_same_year], facts(["Mother"], 2018, "KR", "Drama")) is None


def test_titles_match_loosely_native_or_english() -> None:
    goblin = TmdbCandidate(
        TmdbRef("tv", 67915),
        "Guardian: The Lonely and Great God",
        "쓸쓸하고 찬란하神-도깨비",
        2016,
        ("KR",),
        "ko",
    )
    want = facts(["쓸쓸하고 찬란하神 - 도깨비", "Goblin (2016)"], "2016", "South Korea", "Drama")
    assert choose([goblin], want) == goblin
    assert choose([goblin], facts(["Goblin"], "2016", "South Korea", "Drama")) is None


def test_near_candidates_agree_on_all_but_the_title() -> None:
    want = facts(["Goblin"], "2016", "South Korea", "Korean Drama")
    guardian = TmdbCandidate(TmdbRef("tv", 67915), "Guardian", "도깨비", 2016, ("KR",), "ko")
    other_year = TmdbCandidate(TmdbRef("tv", 5), "Goblin Two", "", 2020, ("KR",), "ko")
    other_country = TmdbCandidate(TmdbRef("tv", 6), "Goblin", "", 2016, ("JP",), "ja")
    assert near([guardian, other_year, other_country, guardian], want) == [guardian]
    assert near([guardian], facts(["Goblin"], None, "KR", "Drama")) == []
    assert known_as(("Dokkaebi", "Goblin"), want) and not known_as(("", "Guardian"), want)
