from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from adapters.mydramalist.parse import (
    number,
    parse_cast,
    parse_drama,
    parse_episodes,
    parse_search,
    shape_problem,
    text,
    texts,
)
from domain.titles import CastMember, DramaHit, NextEpisode
from tests.fakes.kuryana import FIXTURES


def load(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def data(name: str) -> Any:
    return load(name)["data"]


# ------------------------------------------------------------------ search


def test_search_keeps_dramas_in_order_then_the_people() -> None:
    hits = parse_search(load("search_goblin.json"))
    assert [h.slug for h in hits] == [
        "18452-goblin",
        "40001-goblin-special",
        "40002-the-little-goblin",
        "people/40003-goblin-actor",
    ]
    assert [h.person for h in hits] == [False, False, False, True]
    assert hits[3] == DramaHit(
        slug="people/40003-goblin-actor",
        title="Goblin Actor",
        type="South Korean",
        thumb="https://i.mydramalist.com/prs_4s.jpg",
        person=True,
    )
    assert hits[0] == DramaHit(
        slug="18452-goblin",
        title="Goblin",
        year=2016,
        type="Korean Drama",
        rating=8.8,
        episodes="16 episodes",
        thumb="https://i.mydramalist.com/Lx0Kg_4s.jpg",
        ranking="#187",
    )


def test_search_hit_without_rating_year_series_or_ranking() -> None:
    movie = parse_search(load("search_goblin.json"))[2]
    assert movie.year is None
    assert movie.rating is None
    assert movie.episodes == ""
    assert movie.ranking == ""


@pytest.mark.parametrize(
    "body",
    [
        load("search_empty.json"),
        {},
        None,
        [],
        "text",
        {"results": None},
        {"results": {"dramas": None}},
        {"results": {"dramas": "nope"}},
        {"results": {"people": [{"slug": "1-x", "name": "X"}, {"slug": "people/1-x"}, None]}},
    ],
)
def test_search_without_dramas_is_empty(body: Any) -> None:
    assert parse_search(body) == []


def test_search_skips_items_without_slug_and_tolerates_odd_types() -> None:
    body = {
        "results": {
            "dramas": [
                None,
                "x",
                {"title": "No slug"},
                {"slug": "/5-odd/", "title": None, "year": "2019", "rating": "7.5", "series": 8},
                {"slug": "6-odder", "title": ["A", "B"], "year": "Drama", "rating": True},
            ]
        }
    }
    hits = parse_search(body)
    assert hits == [
        DramaHit(slug="5-odd", title="5-odd", year=2019, rating=7.5, episodes="8"),
        DramaHit(slug="6-odder", title="A, B"),
    ]


def test_search_keeps_markup_raw() -> None:
    hit = parse_search(load("search_script.json"))[0]
    assert hit.title == "<script>alert(1)</script> &amp; Friends"


# ----------------------------------------------------------------- details


def test_rich_drama() -> None:
    drama = parse_drama(data("drama_goblin.json"), "18452-goblin")
    assert drama.title == "Goblin"
    assert drama.complete_title == "Goblin (2016)"
    assert drama.year == "2016"
    assert drama.link == "https://mydramalist.com/18452-goblin"
    assert drama.rating == 8.8
    assert drama.type == "Drama"
    assert drama.country == "South Korea"
    assert drama.episodes == "16"
    assert drama.aired == "Dec  2, 2016 - Jan 21, 2017"
    assert drama.aired_on == "Friday, Saturday"
    assert drama.original_network == "tvN"
    assert drama.duration == "1 hr. 22 min."
    assert drama.content_rating == "15+ - Teens 15 or older"
    assert drama.score == "8.8 (scored by 123,456 users)"
    assert (drama.ranked, drama.popularity) == ("#187", "#12")
    assert (drama.watchers, drama.favorites) == ("250,000", "40,000")
    assert drama.native_title == "쓸쓸하고 찬란하神 - 도깨비"
    assert drama.also_known_as == ("Guardian: The Lonely and Great God", "Dokkaebi")
    assert drama.genres == ("Comedy", "Romance", "Fantasy", "Melodrama")
    assert drama.tags == ("Immortality", "Grim Reaper", "Reincarnation", "Fate")
    # Goblin finished airing: kuryana finds no nextEpisodeAiring script and sends neither key.
    assert (drama.current_episode, drama.next_episode) == ("", None)
    assert drama.cast[0] == CastMember(
        name="Gong Yoo",
        slug="1-gong-yoo",
        link="https://mydramalist.com/people/1-gong-yoo",
        image="https://i.mydramalist.com/p1_5s.jpg",
    )
    assert len(drama.cast) == 4


def test_airing_drama_has_its_next_episode() -> None:
    drama = parse_drama(data("drama_airing.json"), "90210-moonlit-harbour")
    assert drama.current_episode == "6"
    assert drama.next_episode == NextEpisode(7, datetime(2026, 4, 3, 11, 0, tzinfo=UTC))


def test_movie_uses_release_date_and_movie_kind() -> None:
    movie = parse_drama(data("movie_parasite.json"), "28311-parasite")
    assert movie.type == "Movie"
    assert movie.title == "Parasite"
    assert movie.aired == "May 30, 2019"
    assert movie.episodes == ""
    assert movie.tags == ("Class Struggle", "Dark Comedy")
    assert movie.next_episode is None


def test_odd_drama_never_raises_and_falls_back() -> None:
    drama = parse_drama(data("drama_odd.json"), "99999-odd-one")
    assert drama.title == "Odd, One"
    assert drama.rating is None
    assert drama.year == ""
    assert drama.poster == ""
    assert drama.synopsis == "First half., Second half."
    assert drama.country == "China, Taiwan"
    assert drama.episodes == "40"
    assert drama.native_title == "奇怪的一个"
    assert drama.genres == ("Mystery", "Thriller")
    assert drama.tags == ()
    assert drama.also_known_as == ()
    assert drama.current_episode == "6"
    assert drama.next_episode == NextEpisode(7, None)
    assert [(m.name, m.slug, m.link) for m in drama.cast] == [
        ("Real Person", "42", "https://mydramalist.com/people/42"),
        ("Nameless Slug", "555-x", "https://mydramalist.com/people/555-x"),
    ]


def test_script_title_is_kept_raw_and_long_synopsis_whole() -> None:
    raw = data("drama_script.json")
    drama = parse_drama(raw, "77777-script-and-friends")
    assert drama.title == "<script>alert(1)</script> &amp; Friends"
    assert drama.synopsis == raw["synopsis"]
    assert len(drama.synopsis) > 4096
    assert drama.rating is None
    assert drama.tags == ("Letters", "Long Distance <3")


@pytest.mark.parametrize(
    ("rating", "expected"),
    [(8.5, 8.5), ("8.5", 8.5), (9, 9.0), ("N/A", None), ("", None), (None, None), ([], None)],
)
def test_rating_forms(rating: Any, expected: float | None) -> None:
    assert parse_drama({"title": "T", "rating": rating}, "1-t").rating == expected


def test_rating_falls_back_to_the_score_row() -> None:
    drama = parse_drama({"rating": "N/A", "details": {"score": "7.4 (scored by 10 users)"}}, "1-t")
    assert drama.rating == 7.4


@pytest.mark.parametrize(
    ("year", "title", "expected"),
    [
        ("2021", "Mouse (2021)", "2021"),
        ("2020 - 2021", "Long (2020 - 2021)", "2020 - 2021"),
        (None, "Mouse (2021)", "2021"),
        ("Drama", "Mouse (2021)", "2021"),  # an old kuryana parsing bug
        (2019, "Plain", "2019"),
        (None, "No Year", ""),
    ],
)
def test_year_forms(year: Any, title: str, expected: str) -> None:
    assert parse_drama({"title": title, "year": year}, "1-t").year == expected


@pytest.mark.parametrize(
    ("details", "fallback", "expected"),
    [
        ({"drama": "X"}, "", "Drama"),
        ({"movie": "X"}, "", "Movie"),
        ({"special": "X"}, "", "Special"),
        ({"country": "Japan"}, "", ""),
        ({"type": "Korean Drama", "movie": "X"}, "", "Korean Drama"),
        ({"drama": "X"}, "Japanese Drama", "Japanese Drama"),
    ],
)
def test_type_forms(details: dict[str, Any], fallback: str, expected: str) -> None:
    assert parse_drama({"details": details}, "1-t", fallback_type=fallback).type == expected


def test_missing_everything_gives_defaults() -> None:
    drama = parse_drama({}, "18452-goblin")
    assert drama.title == "18452-goblin"
    assert drama.link == "https://mydramalist.com/18452-goblin"
    assert drama.cast == ()
    assert drama.next_episode is None


def test_title_falls_back_to_the_kind_row() -> None:
    assert parse_drama({"details": {"drama": "Row Title"}}, "1-t").title == "Row Title"


@pytest.mark.parametrize(
    "airing",
    [
        None,
        "soon",
        {},
        {"episode_number": None},
        {"episode_number": "x"},
        [1],
        {"episode_number": 2.5},
    ],
)
def test_odd_next_episode_is_dropped(airing: Any) -> None:
    assert parse_drama({"next_episode_airing": airing}, "1-t").next_episode is None


def test_next_episode_with_out_of_range_time_keeps_the_number() -> None:
    airing = {"episode_number": 3.0, "released_at": 1e20}
    assert parse_drama({"next_episode_airing": airing}, "1-t").next_episode == NextEpisode(3)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=20,
)
keys = st.sampled_from(
    [
        "title",
        "year",
        "rating",
        "casts",
        "details",
        "others",
        "next_episode_airing",
        "episodes",
        "link",
    ]
)


@given(st.dictionaries(keys, json_values, max_size=9) | json_values)
def test_any_json_parses_without_raising(value: Any) -> None:
    parse_drama(value, "1-t")
    parse_cast(value, "1-t")
    parse_episodes(value, "1-t")
    parse_search(value)
    parse_search({"results": {"dramas": [value]}})


def test_scalar_helpers() -> None:
    assert text("  a ") == "a"
    assert text(3) == "3"
    assert text(float("nan")) == ""
    assert text({"a": 1}) == ""
    assert texts("a, b") == ("a", "b")
    assert texts([" a ", None, "", 2]) == ("a", "2")
    assert number("inf") is None
    assert number(False) is None


# -------------------------------------------------------------------- cast


def test_cast_sections_in_page_order_with_roles() -> None:
    cast = parse_cast(data("cast_goblin.json"), "18452-goblin")
    assert cast.title == "Goblin"
    assert [s.heading for s in cast.sections] == [
        "Director",
        "Screenwriter",
        "Main Role",
        "Support Role",
    ]
    lead = cast.sections[2].members[0]
    assert (lead.name, lead.character, lead.role, lead.slug) == (
        "Gong Yoo",
        "Kim Shin",
        "Main Role",
        "1-gong-yoo",
    )
    assert cast.sections[0].members[0].character == ""


def test_cast_odd_shapes() -> None:
    odd = {"title": None, "casts": {"Main Role": [{"name": "A"}], "Empty": [], "Junk": "x"}}
    cast = parse_cast(odd, "1-t")
    assert cast.title == "1-t"
    assert [(s.heading, len(s.members)) for s in cast.sections] == [("Main Role", 1)]
    as_list = parse_cast({"casts": [{"name": "B", "role": "not a dict"}]}, "1-t")
    assert as_list.sections[0].heading == "Cast"
    assert as_list.sections[0].members[0].role == ""


# ---------------------------------------------------------------- episodes


def test_sixteen_episodes_numbered_from_titles() -> None:
    eps = parse_episodes(data("episodes_goblin.json"), "18452-goblin")
    assert eps.title == "Goblin"  # kuryana's "Goblin(2016)" loses the space
    assert [e.number for e in eps.episodes] == list(range(1, 17))
    first, last = eps.episodes[0], eps.episodes[-1]
    assert first.title == "Goblin Episode 1"  # MDL's episode titles carry no year
    assert first.air_date == "Dec 2, 2016"  # nor zero-padded days
    assert first.rating == 8.1
    assert first.link == "https://mydramalist.com/18452-goblin/episode/1"
    assert (last.air_date, last.rating) == ("", None)


def test_episode_numbers_fall_back_to_position() -> None:
    body = {"episodes": [{"title": "Pilot"}, None, {"title": "Episode 7"}, {}]}
    eps = parse_episodes(body, "1-t")
    assert [(e.number, e.title) for e in eps.episodes] == [
        (1, "Pilot"),
        (2, "Episode 2"),
        (7, "Episode 7"),
        (4, "Episode 4"),
    ]


# ------------------------------------------------------------ answer shapes


@pytest.mark.parametrize(
    ("endpoint", "body"),
    [
        ("search", load("search_empty.json")),  # a real search without hits
        ("search", load("search_goblin.json")),
        ("details", load("drama_goblin.json")),
        ("cast", load("cast_goblin.json")),
        ("cast", {"data": {"title": "New Show (2026)", "casts": {}}}),  # nothing listed yet
        ("episodes", load("episodes_goblin.json")),
        ("episodes", {"data": {"title": "New Show(2026)", "episodes": []}}),
    ],
)
def test_real_answers_have_the_shape_of_an_answer(endpoint: str, body: Any) -> None:
    assert shape_problem(endpoint, body) == ""


@pytest.mark.parametrize(
    ("endpoint", "body"),
    [
        ("search", {"query": "goblin", "results": {}}),  # a page that is not a search page
        ("details", {"data": {"link": "https://mydramalist.com/1-x"}}),
        ("cast", {"data": {"title": "Just a moment...", "casts": {}}}),
        ("cast", {"data": {"link": "https://mydramalist.com/1-x/cast"}}),
        ("episodes", {"data": {"title": "", "episodes": []}}),
    ],
)
def test_placeholder_pages_are_not_answers(endpoint: str, body: Any) -> None:
    assert shape_problem(endpoint, body)
