from __future__ import annotations

import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.errors import InvalidInput
from domain.mydramalist.links import find_mdl_link, mdl_url, parse_mdl_link

slugs = st.builds(
    lambda digits, words: digits + ("-" + "-".join(words) if words else ""),
    st.from_regex(r"[1-9][0-9]{0,6}", fullmatch=True),
    st.lists(st.from_regex(r"[a-z0-9]{1,10}", fullmatch=True), max_size=5),
)
schemes = st.sampled_from(["", "http://", "https://", "HTTPS://", "//"])
hosts = st.sampled_from(["mydramalist.com", "www.mydramalist.com", "m.mydramalist.com"])
tails = st.sampled_from(
    ["", "/", "/cast", "/episodes", "/reviews", "/recs", "/episode/3", "/photos/"]
)
queries = st.sampled_from(["", "?lang=en-US", "?utm_source=tg&x=1", "?"])
fragments = st.sampled_from(["", "#cast", "#"])
wrappers = st.sampled_from([("", ""), ("  ", "\n"), ("<", ">"), ("\t<", ">  ")])


@given(slugs, schemes, hosts, tails, queries, fragments, wrappers)
def test_any_accepted_link_form_gives_back_the_slug(
    slug: str,
    scheme: str,
    host: str,
    tail: str,
    query: str,
    fragment: str,
    wrap: tuple[str, str],
) -> None:
    link = f"{wrap[0]}{scheme}{host}/{slug}{tail}{query}{fragment}{wrap[1]}"
    assert parse_mdl_link(link) == slug


@given(slugs)
def test_bare_slugs_parse_as_themselves(slug: str) -> None:
    assert parse_mdl_link(slug) == slug
    assert parse_mdl_link(f" {slug} ") == slug


@given(st.text())
def test_arbitrary_text_only_ever_raises_invalid_input(text: str) -> None:
    with contextlib.suppress(InvalidInput):
        assert parse_mdl_link(text)[0].isdigit()


@given(st.text())
def test_find_never_raises(text: str) -> None:
    found = find_mdl_link(text)
    assert found is None or found[0].isdigit()


@given(slugs, st.text(max_size=30), st.text(max_size=30))
def test_find_recovers_a_link_between_words(slug: str, before: str, after: str) -> None:
    text = f"{before} https://mydramalist.com/{slug} {after}"
    assert find_mdl_link(text) == (find_mdl_link(before) or slug)


@pytest.mark.parametrize(
    "text",
    [
        "https://mydramalist.com/18452-goblin",
        "mydramalist.com/18452-goblin/cast",
        "http://m.mydramalist.com/18452-goblin?ref=share#top",
        "<https://www.mydramalist.com/18452-goblin/episode/3>",
        "https://MyDramaList.com/18452-goblin/reviews",
        "https://mydramalist.com./18452-goblin",
        "https://mydramalist.com:443/18452-goblin",
        "18452-goblin",
    ],
)
def test_examples(text: str) -> None:
    assert parse_mdl_link(text) == "18452-goblin"


def test_bare_numeric_id_is_accepted() -> None:
    assert parse_mdl_link("18452") == "18452"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "goblin",
        "https://mydramalist.com.evil.org/18452-goblin",
        "https://evilmydramalist.com/18452-goblin",
        "https://evil.org/mydramalist.com/18452-goblin",
        "https://mydramalist.com@evil.org/18452-goblin",
        "https://user@mydramalist.com/18452-goblin",
        "https://mydramalist.com/people/123-gong-yoo",
        "https://mydramalist.com/search?q=goblin",
        "https://mydramalist.com/",
        "https://mydramalist.com",
        "ftp://mydramalist.com/18452-goblin",
        "javascript:alert(1)//mydramalist.com/18452",
        "https://mydramalist.com:8080/18452-goblin",
        "https://mydramalist.com/18452goblin",
        "18452 goblin",
        "https://[::1/18452",
    ],
)
def test_rejects(text: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_mdl_link(text)
    assert caught.value.message == "That is not a MyDramaList title link."
    assert caught.value.hint == "Example: https://mydramalist.com/18452-goblin"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("look: https://mydramalist.com/18452-goblin/cast so good", "18452-goblin"),
        ("m.mydramalist.com/702267-the-glory, and more", "702267-the-glory"),
        ("first mydramalist.com/1-a then mydramalist.com/2-b", "1-a"),
        ("(https://www.mydramalist.com/18452-goblin)", "18452-goblin"),
        ("https://mydramalist.com.evil.org/18452-goblin", None),
        ("https://evil.org/mydramalist.com/18452-goblin", None),
        ("https://mydramalist.com/people/123-gong-yoo", None),
        ("no link here", None),
        ("notmydramalist.com/18452-goblin", None),
    ],
)
def test_find_in_text(text: str, expected: str | None) -> None:
    assert find_mdl_link(text) == expected


def test_canonical_url() -> None:
    assert mdl_url("18452-goblin") == "https://mydramalist.com/18452-goblin"
    assert parse_mdl_link(mdl_url("18452-goblin")) == "18452-goblin"
