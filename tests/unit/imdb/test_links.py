from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.errors import InvalidInput
from domain.imdb.links import (
    find_imdb_link,
    imdb_url,
    parse_imdb_link,
    resize_imdb_image,
    split_year,
)

ids = st.integers(min_value=1, max_value=9_999_999_999).map(lambda n: f"tt{n:07d}")
hosts = st.sampled_from(["imdb.com", "www.imdb.com", "m.imdb.com", "WWW.IMDB.COM"])
schemes = st.sampled_from(["https://", "http://", ""])
locales = st.sampled_from(["", "/it", "/fr-ca", "/es-es", "/de"])
subpaths = st.sampled_from(["", "/", "/reviews", "/fullcredits/", "/reference?ref_=x", "/#cast"])
queries = st.sampled_from(["", "?ref_=nv_sr_srsg_0", "?a=1&b=2"])
fragments = st.sampled_from(["", "#top"])
plain_words = st.text(alphabet="abcdefghijklmnopqrsuvwxyz ,!?", max_size=30)


@pytest.mark.parametrize(
    "text",
    [
        "https://www.imdb.com/title/tt0133093/",
        "http://imdb.com/title/tt0133093",
        "https://m.imdb.com/title/tt0133093/?ref_=m_nv_sr_1",
        "https://www.imdb.com/it/title/tt0133093/",
        "https://www.imdb.com/title/tt0133093/reviews?ref_=tt_ov_rt",
        "https://www.imdb.com/title/tt0133093/fullcredits#cast",
        "www.imdb.com/title/tt0133093",
        "  tt0133093  ",
        "TT0133093",
        "tt00133093",
    ],
)
def test_parse_accepts_the_forms_users_paste(text: str) -> None:
    assert parse_imdb_link(text) == "tt0133093"


def test_parse_keeps_eight_digit_ids() -> None:
    assert parse_imdb_link("https://www.imdb.com/title/tt10872600/") == "tt10872600"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "matrix",
        "tt013309",  # six digits
        "tt0000000",
        "https://imdb.com.evil.org/title/tt0133093/",
        "https://evilimdb.com/title/tt0133093/",
        "https://imdb.com@evil.org/title/tt0133093/",
        "https://evil.org/www.imdb.com/title/tt0133093/",
        "https://www.imdb.com/name/nm0000206/",
        "https://www.imdb.com/title/tt0133093x/",
        "ftp://www.imdb.com/title/tt0133093/",
        "https://www.imdb.com:99999/title/tt0133093/",
        "https://www.imdb.com/title/",
    ],
)
def test_parse_refuses_everything_else_with_an_example(text: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_imdb_link(text)
    assert caught.value.message == "That is not an IMDb title link or id."
    assert "tt0133093" in caught.value.hint


@given(ids, schemes, hosts, locales, subpaths, queries, fragments)
def test_parse_finds_the_id_in_any_title_link(
    imdb_id: str, scheme: str, host: str, locale: str, sub: str, query: str, fragment: str
) -> None:
    url = f"{scheme}{host}{locale}/title/{imdb_id}{sub}{query}{fragment}"
    assert parse_imdb_link(url) == imdb_id


@given(ids)
def test_canonical_url_round_trips(imdb_id: str) -> None:
    assert imdb_url(imdb_id) == f"https://www.imdb.com/title/{imdb_id}/"
    assert parse_imdb_link(imdb_url(imdb_id)) == imdb_id


@given(st.text(max_size=80))
def test_parse_returns_an_id_or_refuses_never_crashes(text: str) -> None:
    try:
        result = parse_imdb_link(text)
    except InvalidInput:
        return
    assert result.startswith("tt") and result[2:].isdigit() and len(result) >= 9


@given(st.text(max_size=120))
def test_find_never_crashes(text: str) -> None:
    found = find_imdb_link(text)
    assert found is None or found.startswith("tt")


@given(plain_words, ids, plain_words, st.sampled_from(["{}", "({})", "<{}>", "{}.", "see:{}"]))
def test_find_picks_the_link_out_of_free_text(
    before: str, imdb_id: str, after: str, wrapper: str
) -> None:
    link = wrapper.format(f"https://www.imdb.com/title/{imdb_id}/")
    assert find_imdb_link(f"{before} {link} {after}") == imdb_id


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("look at tt0133093 and tt0903747", "tt0133093"),
        ("https://www.imdb.com/name/nm0000206/ then tt0903747", "tt0903747"),
        ("(https://m.imdb.com/title/tt0133093/reviews)", "tt0133093"),
        ("https://imdb.com.evil.org/title/tt0133093/", None),
        ("nothing here", None),
        ("", None),
    ],
)
def test_find_examples(text: str, expected: str | None) -> None:
    assert find_imdb_link(text) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("matrix 1999", ("matrix", 1999)),
        ("The Matrix (1999)", ("The Matrix", 1999)),
        ("The Matrix ( 1999 )", ("The Matrix", 1999)),
        ("Matrix - 1999", ("Matrix", 1999)),
        ("1917", ("1917", None)),
        ("(1999)", ("(1999)", None)),
        ("blade runner 2049", ("blade runner 2049", None)),
        ("wonder woman 1984", ("wonder woman", 1984)),
        ("2001 a space odyssey", ("2001 a space odyssey", None)),
        ("fahrenheit 451", ("fahrenheit 451", None)),
        ("movie 1869", ("movie 1869", None)),
        ("movie 2999", ("movie 2999", None)),
        ("  spaced  out  ", ("spaced  out", None)),
        ("", ("", None)),
    ],
)
def test_split_year_examples(query: str, expected: tuple[str, int | None]) -> None:
    assert split_year(query, max_year=2030) == expected


@given(st.text(alphabet="abcdefghij ", min_size=1, max_size=20).filter(str.strip))
def test_split_year_takes_a_year_after_a_title(title: str) -> None:
    year = 1999
    assert split_year(f"{title} {year}") == (title.strip(), year)
    assert split_year(f"{title} ({year})") == (title.strip(), year)


@given(st.text(max_size=40))
def test_split_year_never_loses_the_query(query: str) -> None:
    rest, year = split_year(query)
    assert (rest == query.strip()) if year is None else (rest and str(year) in query)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "https://m.media-amazon.com/images/M/MV5Babc@._V1_.jpg",
            "https://m.media-amazon.com/images/M/MV5Babc@._V1_UX600_.jpg",
        ),
        (
            "https://m.media-amazon.com/images/M/MV5Babc@@._V1_UX182_CR0,0,182,268_AL_.jpg",
            "https://m.media-amazon.com/images/M/MV5Babc@@._V1_UX600_.jpg",
        ),
        ("https://example.org/poster._V1_.jpg", "https://example.org/poster._V1_.jpg"),
        (
            "https://m.media-amazon.com/images/M/plain.jpg",
            "https://m.media-amazon.com/images/M/plain.jpg",
        ),
        ("not a url", "not a url"),
        ("", ""),
    ],
)
def test_resize_examples(url: str, expected: str) -> None:
    assert resize_imdb_image(url) == expected


@given(
    st.text(alphabet="ABCDEFabcdef0123456789@", min_size=1, max_size=30),
    st.sampled_from(["", "UX182_CR0,0,182,268_AL_", "SY1000_", "QL75_UX380_CR0,1,380,562_"]),
    st.integers(min_value=1, max_value=4000),
)
def test_resize_is_idempotent_and_sets_the_width(stem: str, ops: str, width: int) -> None:
    url = f"https://m.media-amazon.com/images/M/{stem}._V1_{ops}.jpg"
    once = resize_imdb_image(url, width)
    assert once.endswith(f"._V1_UX{width}_.jpg")
    assert resize_imdb_image(once, width) == once


@given(st.text(max_size=60))
def test_resize_leaves_other_urls_alone(text: str) -> None:
    url = f"https://example.com/{text}"
    assert resize_imdb_image(url) == url


def test_resize_refuses_a_silly_width() -> None:
    with pytest.raises(ValueError, match="positive"):
        resize_imdb_image("https://m.media-amazon.com/images/M/x._V1_.jpg", 0)
