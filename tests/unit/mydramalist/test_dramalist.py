"""A MyDramaList user's drama list from kuryana's JSON, and the user names /import accepts."""

from __future__ import annotations

import json

import pytest

from adapters.mydramalist.parse_views import parse_dramalist
from domain.mydramalist.dramalist import ListedDrama, mdl_user
from tests.fakes.kuryana import FIXTURES


def test_the_list_of_kuryanas_own_test_page() -> None:
    # tests/fixture/dramalist.html in kuryana, as its test_fetch_dramalist expects it.
    data = json.loads((FIXTURES / "dramalist_example.json").read_text())["data"]
    found = parse_dramalist(data, "ExampleList")
    assert list(found.lists) == ["Currently Watching"]
    assert found.lists["Currently Watching"][0] == ListedDrama(
        "733445-i-will-die-soon", "Death's Game", "4", "4"
    )
    assert [t.title for _, t in found.titles_in("plan to watch", "currently watching")] == [
        "Death's Game",
        "Tomorrow",
        "Welcome to Samdal-ri",
    ]


def test_a_page_without_lists_and_odd_rows() -> None:
    assert parse_dramalist({"link": "x", "list": {}}, "u").lists == {}
    assert parse_dramalist({"list": []}, "u").lists == {}
    odd = {"list": {"Plan to Watch": {"items": [{"id": "../x"}, "junk", {"id": 5}, {"id": "7-a"}]}}}
    # A number is a bare id (MyDramaList answers "5" as "5-<name>"); a path is nothing.
    expected = (ListedDrama("5", "5"), ListedDrama("7-a", "7-a"))
    assert parse_dramalist(odd, "u").lists == {"Plan to Watch": expected}


@pytest.mark.parametrize(
    ("text", "user"),
    [
        ("dramafan", "dramafan"),
        ("@dramafan", "dramafan"),
        ("https://mydramalist.com/dramalist/dramafan", "dramafan"),
        ("https://www.mydramalist.com/profile/drama_fan-2?tab=x", "drama_fan-2"),
        ("mydramalist.com/dramalist/a.b", "a.b"),
        ("../admin", None),
        ("a..b", None),
        ("", None),
        ("x" * 65, None),
        ("name with space", None),
        ("https://evil.example/dramalist/x", None),
    ],
)
def test_user_names(text: str, user: str | None) -> None:
    assert mdl_user(text) == user
