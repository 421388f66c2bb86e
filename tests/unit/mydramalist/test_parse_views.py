"""Related titles and reviews from kuryana's JSON, including what its parsers leave half-built."""

from __future__ import annotations

import json

import pytest

from adapters.mydramalist.parse import parse_drama, parse_related
from adapters.mydramalist.parse_views import parse_reviews
from domain.mydramalist.reviews import (
    PARTS,
    DramaReviews,
    Review,
    excerpt,
    part_of,
    reviews_text,
)
from domain.text import CAPTION_LIMIT, TEXT_LIMIT, visible_len
from domain.titles import RelatedTitle
from tests.fakes.kuryana import FIXTURES


def test_related_content_of_the_goblin_page() -> None:
    data = json.loads((FIXTURES / "drama_goblin.json").read_text())["data"]
    drama = parse_drama(data, "18452-goblin")
    assert drama.related == (
        RelatedTitle(
            "Goblin: Special Edition",
            "40001-goblin-special",
            "(Special)",
            "https://mydramalist.com/40001-goblin-special",
        ),
    )


def test_a_page_without_related_content_has_none_known_not_unknown() -> None:
    assert parse_drama({"title": "X (2020)"}, "1-x").related == ()


def test_related_rows_of_the_wrong_shape_are_dropped_or_defaulted() -> None:
    rows = [{"title": ""}, "x", None, {"title": "Plain"}, {"title": ["a", "b"], "slug": "/2-b/"}]
    assert parse_related(rows) == (RelatedTitle("Plain"), RelatedTitle("a, b", "2-b"))
    assert parse_related({"title": "not a list"}) == ()
    assert len(parse_related([{"title": "t"}] * 1000)) == 200


def test_reviews_of_the_fixture_page() -> None:
    data = json.loads((FIXTURES / "reviews_goblin.json").read_text())["data"]
    page = parse_reviews(data, "18452-goblin", 1)
    assert page.title == "Goblin"
    assert [r.reviewer for r in page.reviews] == [
        "seoulsearcher",
        "quietviewer",
        "<b>Tom & Jerry</b>",
    ]
    first, second, third = page.reviews
    assert first.overall == 9.5
    assert first.headline == "A fairy tale that earns its tears"
    assert first.text.startswith("Kim Shin is cursed")
    assert second == Review("quietviewer", None, "", "Too slow for me after the first act.")
    assert third.headline == "<script>alert(1)</script>"


def test_odd_scores_are_no_score() -> None:
    def score(value: object) -> float | None:
        row = {"review": ["text"], "ratings": {"overall": value}}
        return parse_reviews({"reviews": [row]}, "1-x", 1).reviews[0].overall

    assert score(0.0) is None
    assert score("N/A") is None
    assert score(11) is None
    assert score(float("nan")) is None
    assert score("7.5") == 7.5


def test_excerpt_keeps_the_first_lines_and_says_it_cut() -> None:
    assert excerpt("one\n\n  two   three ", 100) == "one\ntwo three"
    cut = excerpt("word " * 100, 50)
    assert cut.endswith("…") and len(cut) <= 51


@pytest.mark.parametrize(("limit", "shown"), [(CAPTION_LIMIT, 3), (TEXT_LIMIT, 10)])
def test_each_part_of_many_long_reviews_fits_its_message_uncut(limit: int, shown: int) -> None:
    reviews = tuple(Review("u" * 300, 8.0, "h" * 500, "<&> " * 2000) for _ in range(100))
    page = DramaReviews("1-x", "X" * 200, 1, reviews)
    first = part_of(page, 0, limit)
    assert len(first.items) == shown
    # Past PARTS parts, the rest of a huge page is left to MyDramaList's link.
    assert first.count == min(PARTS, -(-100 // shown))
    for number in (0, first.count - 1):
        html = reviews_text(page, part_of(page, number, limit), limit, "https://x.example/r")
        # Fits as rendered: nothing is cut off the end by the sending helpers.
        assert visible_len(html) <= limit
        assert html.count("<tg-spoiler>") == shown
