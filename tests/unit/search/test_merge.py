"""Merging MyDramaList and IMDb hits into one list, and what that list says."""

from __future__ import annotations

import zlib
from typing import Any

import pytest

from domain.search.merge import (
    Combined,
    CombinedRow,
    SourceState,
    Status,
    combine,
    merge,
    normalise_title,
    same_title_key,
)
from domain.search.text import (
    IMDB_SIDE,
    MDL_SIDE,
    button_labels,
    notes,
    nothing_found,
    results_page,
    row_line,
)
from domain.text import TEXT_LIMIT, visible_len
from domain.titles import DramaHit, MovieHit
from infra.codec import JsonCodec

ANSWERED = SourceState(Status.ANSWERED)


def drama(title: str, year: int | None = 2019, slug: str = "", **extra: Any) -> DramaHit:
    return DramaHit(slug or f"1-{normalise_title(title).replace(' ', '-')}", title, year, **extra)


def movie(title: str, year: int | None = 2019, imdb_id: str = "", **extra: Any) -> MovieHit:
    return MovieHit(imdb_id or f"tt{zlib.crc32(title.encode()) % 10**7:07d}", title, year, **extra)


# -- normalising titles --------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Parasite", "parasite"),
        ("  PARASITE!  ", "parasite"),
        ("Spider-Man: No Way Home", "spider man no way home"),
        ("Love  ,  Next   Door", "love next door"),
        ("Straße", "strasse"),  # casefold, not lower
        ("ＡＢＣ", "abc"),  # full-width letters fold to ASCII
        ("기생충", "기생충"),  # other scripts are words too
        ("Tom_&_Jerry", "tom jerry"),
        ("!!!", ""),
    ],
)
def test_normalise_title(title: str, expected: str) -> None:
    assert normalise_title(title) == expected


def test_a_title_without_year_or_words_has_no_identity() -> None:
    assert same_title_key("Parasite", None) is None
    assert same_title_key("?!", 2019) is None
    assert same_title_key("Parasite!", 2019) == ("parasite", 2019)


# -- merging -------------------------------------------------------------------


def test_same_title_and_year_on_both_sides_is_one_row_with_both_hits() -> None:
    rows = merge([drama("Parasite")], [movie("PARASITE")])

    assert len(rows) == 1
    assert rows[0].drama is not None and rows[0].movie is not None
    assert rows[0].title == "Parasite" and rows[0].year == 2019


def test_same_title_in_another_year_stays_apart() -> None:
    rows = merge([drama("Parasite", 2019)], [movie("Parasite", 1982)])

    assert [(r.drama is not None, r.movie is not None) for r in rows] == [
        (True, False),
        (False, True),
    ]


def test_titles_without_a_year_are_never_merged() -> None:
    rows = merge([drama("Untitled", None)], [movie("Untitled", None)])

    assert len(rows) == 2


def test_rows_interleave_by_rank_so_both_sources_lead() -> None:
    dramas = [drama("D1"), drama("D2"), drama("D3")]
    movies = [movie("M1"), movie("M2")]

    titles = [r.title for r in merge(dramas, movies)]

    assert titles == ["D1", "M1", "D2", "M2", "D3"]


def test_a_pair_sits_at_the_dramas_rank_and_the_movie_is_not_repeated() -> None:
    dramas = [drama("Goblin", 2016), drama("Parasite")]
    movies = [movie("Parasite"), movie("The Host", 2006)]

    rows = merge(dramas, movies)

    assert [r.title for r in rows] == ["Goblin", "Parasite", "The Host"]
    assert rows[1].movie is not None and rows[1].movie.title == "Parasite"


def test_each_hit_pairs_once() -> None:
    dramas = [drama("Twins", slug="1-a"), drama("Twins", slug="2-b")]
    movies = [movie("Twins", imdb_id="tt0000001")]

    rows = merge(dramas, movies)

    assert [
        (r.drama.slug if r.drama else "", r.movie.imdb_id if r.movie else "") for r in rows
    ] == [
        ("1-a", "tt0000001"),
        ("2-b", ""),
    ]


def test_only_the_best_of_each_source_are_kept() -> None:
    dramas = [drama(f"D{n}") for n in range(15)]
    movies = [movie(f"M{n}") for n in range(15)]

    rows = merge(dramas, movies, per_source=4)

    assert len(rows) == 8
    assert [r.title for r in rows][-2:] == ["D3", "M3"]


def test_one_source_empty_gives_the_other_in_order() -> None:
    assert [r.title for r in merge([], [movie("A"), movie("B")])] == ["A", "B"]
    assert merge([], []) == []


def test_combine_counts_what_each_source_contributed() -> None:
    combined = combine(
        [drama("Parasite"), drama("Goblin", 2016)],
        [movie("Parasite"), movie("Matrix", 1999)],
        ANSWERED,
        SourceState(Status.ANSWERED, stale=True),
    )

    assert len(combined.rows) == 3
    assert combined.mdl.count == 2 and combined.imdb.count == 2
    assert combined.imdb.stale


def test_combined_answers_survive_the_cache_codec() -> None:
    codec: JsonCodec[Combined] = JsonCodec(Combined)
    combined = combine(
        [drama("Parasite", rating=8.9)], [movie("Parasite", rating=8.5)], ANSWERED, ANSWERED
    )

    assert codec.decode(codec.encode(combined)) == combined


# -- the text ------------------------------------------------------------------


def test_a_row_found_on_both_shows_both_sources() -> None:
    row = CombinedRow(
        drama("Parasite", type="Korean Movie", rating=8.9),
        movie("Parasite", kind="movie", rating=8.5),
    )

    assert (
        row_line(1, row) == "1. <b>Parasite</b> — 2019 · 🎎 Korean Movie ⭐ 8.9 · 🎬 Movie ⭐ 8.5"
    )
    assert button_labels(1, row) == [("1. 🎎 MDL", MDL_SIDE), ("1. 🎬 IMDb", IMDB_SIDE)]


def test_a_row_from_one_source_has_one_labelled_button() -> None:
    only_mdl = CombinedRow(drama=drama("Goblin", 2016, type="Korean Drama"))
    only_imdb = CombinedRow(movie=movie("The Matrix", 1999, kind="movie"))

    assert row_line(2, only_mdl) == "2. <b>Goblin</b> — 2016 · 🎎 Korean Drama"
    assert button_labels(2, only_mdl) == [("2. 🎎 Goblin (2016)", MDL_SIDE)]
    assert button_labels(3, only_imdb) == [("3. 🎬 The Matrix (1999)", IMDB_SIDE)]


def test_everything_from_upstream_is_escaped() -> None:
    row = CombinedRow(drama=drama("<script>alert(1)</script> &amp;", type="<b>x</b>"))

    line = row_line(1, row)

    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp;amp;" in line
    assert "&lt;b&gt;x&lt;/b&gt;" in line
    assert "<script>" not in line


def test_button_labels_are_short() -> None:
    row = CombinedRow(movie=movie("A" * 300))

    assert len(button_labels(1, row)[0][0]) <= 60


def test_results_text_labels_sources_and_pages() -> None:
    combined = combine(
        [drama(f"D{n}") for n in range(5)], [movie(f"M{n}") for n in range(5)], ANSWERED, ANSWERED
    )

    text, page = results_page("love <3", combined, 1)

    assert text.startswith("🔎 <b>MyDramaList + IMDb</b> · 10 results for “love &lt;3” · page 2/2")
    assert "🎎 MyDramaList: 5 · 🎬 IMDb: 5" in text
    assert [r.title for r in page.items] == ["D3", "M3", "D4", "M4"]
    assert "7. <b>D3</b>" in text


@pytest.mark.parametrize(
    ("mdl", "imdb", "expected"),
    [
        (Status.ANSWERED, Status.DOWN, ["⚠️ IMDb is not answering right now."]),
        (Status.DOWN, Status.ANSWERED, ["⚠️ MyDramaList is not answering right now."]),
        (Status.ANSWERED, Status.LATE, ["⏳ IMDb took too long; showing MyDramaList only."]),
        (Status.LATE, Status.ANSWERED, ["⏳ MyDramaList took too long; showing IMDb only."]),
        (Status.ANSWERED, Status.ANSWERED, []),
    ],
)
def test_one_short_line_per_missing_source(mdl: Status, imdb: Status, expected: list[str]) -> None:
    combined = Combined([], SourceState(mdl), SourceState(imdb))

    assert notes(combined) == expected


def test_a_saved_copy_is_said_to_be_one() -> None:
    combined = Combined([], ANSWERED, SourceState(Status.ANSWERED, stale=True))

    assert notes(combined) == ["⚠️ IMDb is not answering; its results are a saved copy."]


def test_a_missing_source_has_no_count_and_a_note() -> None:
    combined = combine([drama("Goblin")], [], ANSWERED, SourceState(Status.DOWN))

    text, _ = results_page("goblin", combined, 0)

    assert "🎎 MyDramaList: 1\n" in text and "IMDb: " not in text
    assert "<i>⚠️ IMDb is not answering right now.</i>" in text


def test_results_text_fits_telegram() -> None:
    dramas = [drama("字" * 1500 + str(n)) for n in range(6)]
    combined = combine(dramas, [], ANSWERED, ANSWERED)

    text, _ = results_page("x", combined, 0)

    assert visible_len(text) <= TEXT_LIMIT


def test_nothing_found_anywhere_names_both_and_gives_a_tip() -> None:
    message = nothing_found("zzz", Combined([], ANSWERED, ANSWERED))

    assert message.startswith("Nothing found on MyDramaList or IMDb for “zzz”.")
    assert "Tip:" in message


@pytest.mark.parametrize(
    ("imdb", "why"), [(Status.DOWN, "is not answering right now"), (Status.LATE, "took too long")]
)
def test_nothing_found_on_one_while_the_other_is_missing_says_so(imdb: Status, why: str) -> None:
    message = nothing_found("zzz", Combined([], ANSWERED, SourceState(imdb)))

    assert message.startswith(f"Nothing found on MyDramaList for “zzz”, and IMDb {why}.")
