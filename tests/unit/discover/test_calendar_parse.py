"""MyDramaList's calendar JSON (relayed by kuryana) read leniently into the domain."""

from __future__ import annotations

from datetime import UTC, datetime

from adapters.mydramalist.calendar import genres, instant, parse_schedule, parse_season, slug_of
from tests.fakes.kuryana_calendar import calendar_item, calendar_title, episode_calendar

NOON = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


def test_an_episode_takes_its_title_from_the_relationship_it_names() -> None:
    body = episode_calendar(
        [calendar_title(18452, "Goblin", slug="18452-goblin", country="South Korea")],
        [calendar_item(18452, 5, NOON)],
    )
    (airing,) = parse_schedule(body)
    assert (airing.slug, airing.title, airing.country) == ("18452-goblin", "Goblin", "South Korea")
    assert (airing.episode, airing.airs_at, airing.kind) == (5, NOON, "Drama")


def test_awkward_episodes_are_read_or_left_out_never_raised() -> None:
    titles = [calendar_title(1, "One"), {"id": "2", "title": "Two"}, "junk", {"title": "No id"}]
    items = [
        calendar_item(1, 3, None),  # no air time: kept, with none
        {"rid": 2, "episode_number": "7", "released_at": NOON.timestamp() * 1000},  # ms
        {"rid": 3, "episode_number": 1, "released_at": 1},  # a title the calendar lacks
        {"rid": 1, "episode_number": None, "released_at": "2026-11-24T12:00:00+00:00"},
        {"rid": 1, "episode_number": -4, "released_at": "soon"},
        ["not", "an", "item"],
    ]
    found = parse_schedule(episode_calendar(titles, items))
    assert [(a.slug, a.episode, a.airs_at) for a in found] == [
        ("1-one", 3, None),
        ("2", 7, NOON),
        ("1-one", None, NOON),
        ("1-one", None, None),
    ]
    assert parse_schedule({"items": [], "relationships": "oops"}) == []


def test_slugs_come_from_the_url_or_the_id_and_nothing_else() -> None:
    assert slug_of({"url": "/18452-goblin"}) == "18452-goblin"
    assert slug_of({"url": "https://mydramalist.com/18452-goblin/episodes?x=1"}) == "18452-goblin"
    assert slug_of({"url": "/people/123-someone", "id": 9}) == "9"
    assert slug_of({"url": "javascript:alert(1)", "id": "x"}) == ""
    assert slug_of({"id": -3}) == ""


def test_times_genres_and_ratings_are_read_in_every_seen_form() -> None:
    assert instant(int(NOON.timestamp())) == NOON
    assert instant(str(int(NOON.timestamp()))) == NOON
    assert instant("2026-11-24 12:00:00") == NOON  # naive text is taken as UTC
    assert instant(None) is instant(0) is instant("") is instant(1e300) is None
    assert genres("Romance, Comedy,, ") == ["Romance", "Comedy"]
    assert genres([{"name": "Thriller"}, "Drama", 3, None]) == ["Thriller", "Drama", "3"]
    assert genres({"oops": 1}) == []


def test_season_titles_without_a_rating_or_rank_say_so() -> None:
    rows = [
        calendar_title(1, "Rated", rating=8.4, popularity=12, episodes=16),
        calendar_title(2, "Unrated", rating=None, popularity=None, episodes=None),
        {**calendar_title(3, "Zero"), "rating": 0, "popularity": 0, "episodes": 0},
        {**calendar_title(4, "Text"), "rating": "7.5", "popularity": "9", "genres": None},
        {"id": 5},  # no title: left out
        42,
    ]
    found = {t.title: t for t in parse_season(rows)}
    assert set(found) == {"Rated", "Unrated", "Zero", "Text"}
    assert (found["Rated"].rating, found["Rated"].popularity, found["Rated"].episodes) == (
        8.4,
        12,
        16,
    )
    for name in ("Unrated", "Zero"):
        assert (found[name].rating, found[name].popularity, found[name].episodes) == (
            None,
            None,
            None,
        )
    assert (found["Text"].rating, found["Text"].popularity, found["Text"].genres) == (7.5, 9, [])
    assert found["Rated"].genres == ["Romance", "Comedy"]


def test_huge_calendars_and_titles_are_cut() -> None:
    rows = [calendar_title(i, "T" * 10_000) for i in range(1, 6_000)]
    titles = parse_season(rows)
    assert len(titles) == 5_000 and len(titles[0].title) == 200
