"""imdbinfo models → domain models, on real imdbinfo objects built by its own parser."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from imdbinfo.models import (
    MovieBriefInfo,
    MovieDetail,
    SearchResult,
    TvEpisodeDetail,
    TvSeriesDetail,
)
from imdbinfo.parsers import parse_json_movie, parse_json_search

from adapters.imdb.convert import MAX_STARS, to_movie, to_movie_hit, to_movie_hits
from domain.titles import Person
from tests.fakes import imdb_catalogue as cat
from tests.fakes import imdb_pages as pages


def parsed(title: pages.FakeTitle) -> Any:
    return parse_json_movie(pages.title_page_json(title))


def test_movie_carries_every_field_the_page_has() -> None:
    detail = parsed(cat.MATRIX)
    assert type(detail) is MovieDetail
    movie = to_movie(detail)
    assert movie.imdb_id == cat.MATRIX_ID
    assert movie.title == "The Matrix"
    assert movie.url == "https://www.imdb.com/title/tt0133093/"
    assert movie.kind == "movie"
    assert (movie.year, movie.end_year) == (1999, None)
    assert (movie.rating, movie.votes, movie.runtime_minutes) == (8.7, 2_100_000, 136)
    assert movie.genres == ("Action", "Sci-Fi")
    assert movie.directors == (
        Person("Lana Wachowski", "nm0905154"),
        Person("Lilly Wachowski", "nm0905152"),
    )
    assert len(movie.stars) == MAX_STARS
    assert movie.stars[0] == Person("Keanu Reeves", "nm0000206")
    assert movie.countries == ("United States", "Australia")
    assert movie.languages == ("English",)
    assert movie.certificate == "R"
    assert movie.extra["mpaa"].startswith("Rated R")
    assert movie.plot.startswith("A programmer")
    assert movie.cover_url == cat.POSTER
    assert movie.release_date == "1999-06-11"  # the release in the requester's country
    assert movie.box_office == "467,222,728 USD"
    assert movie.seasons is None


def test_series_has_seasons_years_and_creators() -> None:
    detail = parsed(cat.BREAKING_BAD)
    assert type(detail) is TvSeriesDetail
    movie = to_movie(detail)
    assert movie.kind == "tvSeries"
    assert (movie.year, movie.end_year, movie.seasons) == (2008, 2013, 5)
    assert movie.languages == ("English", "Spanish")
    assert movie.certificate == "TV-MA"
    assert movie.extra["creators"] == "Vince Gilligan"


def test_episode_names_its_series() -> None:
    detail = parsed(cat.PILOT)
    assert type(detail) is TvEpisodeDetail
    movie = to_movie(detail)
    assert movie.extra == {
        "series_title": "Breaking Bad",
        "series_id": cat.BREAKING_BAD_ID,
        "season": "1",
        "episode": "1",
    }


def test_missing_fields_become_neutral_defaults() -> None:
    movie = to_movie(parsed(cat.SPARSE))
    assert movie.title == "Untitled Sparse Project"
    assert movie.year is None and movie.rating is None and movie.votes is None
    assert movie.runtime_minutes is None and movie.seasons is None
    assert movie.genres == () and movie.directors == () and movie.stars == ()
    assert movie.certificate == movie.plot == movie.cover_url == movie.box_office == ""
    assert movie.extra == {}


def test_markup_in_titles_is_kept_verbatim_for_the_renderer_to_escape() -> None:
    movie = to_movie(parsed(cat.HOSTILE))
    assert movie.title == cat.HOSTILE_TITLE
    assert movie.plot == "Plot with <b>markup</b> & an ampersand."


def test_objects_from_another_library_version_do_not_break_it() -> None:
    # Attributes renamed or gone, odd types: still a Movie, never an exception.
    odd = SimpleNamespace(
        imdbId=None,
        imdb_id="0133093",
        title=None,
        title_localized="Matrix",
        year="1999",
        rating="8.7",
        duration=136.0,
        genres=None,
        stars=[object()],
        certificates={"FR": ("France", "12 :: 16 Corsica")},
        worldwide_gross="n/a",
    )
    movie = to_movie(odd)
    assert movie.imdb_id == "tt0133093"
    assert movie.title == "Matrix"
    assert movie.year is None and movie.rating is None
    assert movie.runtime_minutes == 136
    assert movie.stars == ()
    assert movie.certificate == "12"
    assert movie.box_office == "n/a"
    assert to_movie(SimpleNamespace(), requested_id="tt0000001").title == "tt0000001"


def test_conversion_leaves_the_shared_library_objects_untouched() -> None:
    detail = parsed(cat.MATRIX)
    before = detail.model_dump()
    to_movie(detail)
    assert detail.model_dump() == before


def test_search_results_keep_order_with_the_people_after_the_titles() -> None:
    answer = pages.search_answer(
        [
            pages.search_title_entity(cat.MATRIX),
            pages.search_name_entity(("nm0000206", "Keanu Reeves")),
            pages.search_title_entity(cat.BREAKING_BAD),
            pages.search_title_entity(cat.SPARSE),
        ]
    )
    result = parse_json_search(answer)
    assert type(result) is SearchResult
    hits = to_movie_hits(result)
    assert [h.imdb_id for h in hits] == [
        cat.MATRIX_ID,
        cat.BREAKING_BAD_ID,
        cat.SPARSE_ID,
        "nm0000206",
    ]
    *titles, keanu = hits
    assert (keanu.title, keanu.kind, keanu.person) == ("Keanu Reeves", "Actor", True)
    assert not any(t.person for t in titles)
    matrix, series, sparse = titles
    assert (matrix.title, matrix.year, matrix.kind, matrix.rating) == (
        "The Matrix",
        1999,
        "movie",
        8.7,
    )
    assert matrix.cover_url == cat.POSTER
    assert series.kind == "tvSeries"
    assert (sparse.year, sparse.rating, sparse.cover_url) == (None, None, "")


def test_search_hit_prefers_the_displayed_title() -> None:
    brief = MovieBriefInfo(
        id="0245429",
        imdb_id="0245429",
        imdbId="tt0245429",
        title="Sen to Chihiro no kamikakushi",
        title_localized="Spirited Away",
    )
    hit = to_movie_hit(brief)
    assert hit is not None and hit.title == "Spirited Away"


def test_unusable_search_hits_are_skipped() -> None:
    no_title = MovieBriefInfo(id="1", imdb_id="1", imdbId="tt0000001", title="", title_localized="")
    assert to_movie_hit(no_title) is None
    assert to_movie_hits(SearchResult(titles=[no_title])) == []
    assert to_movie_hits(None) == []


@pytest.mark.parametrize(
    ("kind", "us", "expected"),
    [
        ("movie", "TV-14  :: R certificate #41207", "R"),  # the MPA's, numbered
        ("movie", "R certificate #41207 :: TV-14 ", "R"),
        ("movie", "Approved  :: TV-PG ", "Approved"),
        ("tvSeries", "TV-MA  :: R ", "TV-MA"),  # television is the TV board's
        ("movie", "Not Rated ", "Not Rated"),
    ],
)
def test_the_certificate_is_the_rating_boards_entry(kind: str, us: str, expected: str) -> None:
    detail = SimpleNamespace(kind=kind, certificates={"US": ("United States", us)})
    assert to_movie(detail, requested_id="tt0000001").certificate == expected


def test_without_a_us_certificate_the_country_of_origin_wins() -> None:
    detail = SimpleNamespace(
        country_codes=["DE"],
        certificates={"AT": ("Austria", "10 "), "DE": ("Germany", "12 ")},
    )
    assert to_movie(detail, requested_id="tt0000001").certificate == "12"
