"""The fake IMDb's pages are as rich as real ones, read by the real imdbinfo parser.

Shapes follow imdbinfo's own sample pages (tveronesi/imdbinfo,
``tests/sample_json_source``); the values are the fake's own. These pin the
richness so the fake cannot drift back to tidy, sparse pages.
"""

from __future__ import annotations

from typing import Any

from imdbinfo.parsers import parse_json_movie, parse_json_search

from tests.fakes import imdb_catalogue as cat
from tests.fakes import imdb_pages as pages
from tests.fakes.imdb import FakeImdb


def parsed(title: pages.FakeTitle) -> Any:
    return parse_json_movie(pages.title_page_json(title))


def test_a_title_has_certificates_for_dozens_of_countries_with_several_us_entries() -> None:
    detail = parsed(cat.MATRIX)
    assert len(detail.certificates) >= 36
    country, us = detail.certificates["US"]
    assert country == "United States"
    # imdbinfo joins a country's entries with " :: " and appends their attributes.
    assert us == "TV-14  :: R certificate #41207"
    assert " :: " in detail.certificates["CA"][1]
    assert detail.mpaa.startswith("Rated R")


def test_a_title_has_crew_for_many_jobs_and_up_to_a_hundred_companies() -> None:
    detail = parsed(cat.MATRIX)
    jobs = [job for job, people in detail.categories.items() if people and job != "cast"]
    assert len(jobs) >= 28
    companies = sum(len(items) for items in detail.company_credits.values())
    assert companies == 100
    assert len(detail.company_credits["distribution"]) == 60


def test_a_title_has_metacritic_budget_and_a_localised_release_date() -> None:
    detail = parsed(cat.MATRIX)
    assert detail.metacritic_rating == 73
    assert detail.production_budget == "63000000 USD"
    assert detail.release_date == "1999-06-11"
    page = pages.title_page_json(cat.MATRIX)["props"]["pageProps"]["mainColumnData"]
    assert page["releaseDate"]["country"] == {"id": "GB", "text": "United Kingdom"}


def test_a_localised_title_differs_from_the_original() -> None:
    detail = parsed(cat.QUIET_HARBOUR)
    assert (detail.title, detail.title_localized) == ("Der stille Hafen", "The Quiet Harbour")


def test_seasons_are_strings_newest_first_and_creators_come_from_the_first_group() -> None:
    detail = parsed(cat.BREAKING_BAD)
    assert detail.info_series.display_seasons == ["5", "4", "3", "2", "1"]
    assert [p.name for p in detail.info_series.creators] == ["Vince Gilligan"]


def test_an_older_layout_episode_lists_directors_and_stars_only_by_job() -> None:
    detail = parsed(cat.GRAY_MATTER)
    assert (detail.directors, detail.stars) == ([], [])
    assert [p.name for p in detail.categories["director"]] == ["Tricia Lantern"]
    assert [p.name for p in detail.categories["cast"]] == ["Bryan Cranston", "Aaron Paul"]
    assert detail.info_episode.series_title == "Breaking Bad"
    assert (detail.info_episode.season_n, detail.info_episode.episode_n) == (1, 5)


def test_a_search_for_a_common_word_finds_many_kinds_and_people() -> None:
    result = parse_json_search(pages.search_answer(FakeImdb().search_entities("night", None)))
    titles = result.titles
    assert len(titles) == 18
    kinds = {t.kind for t in titles}
    assert {"video", "tvShort", "videoGame", "tvMovie", "tvSpecial", "movie"} <= kinds
    assert any(t.year is None for t in titles)
    assert any(t.rating is None for t in titles)
    assert any(t.cover_url is None for t in titles)
    assert [p.name for p in result.names] == ["Nightingale Fairweather", "Courtney Knight"]
    entities = FakeImdb().search_entities("night", None)
    assert entities[3]["__typename"] == "Name"  # names come among the titles, not after
