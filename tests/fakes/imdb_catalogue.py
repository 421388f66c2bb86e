"""The fake IMDb's titles: written for these tests, not copied from IMDb.

Searches match on the title, so "the matrix" finds both Matrix films and
"the matrix" with year 1999 finds only ``MATRIX_ID``; "keanu" also finds a person.
"""

from __future__ import annotations

from tests.fakes.imdb_pages import FakeTitle

MATRIX_ID = "tt0133093"
MATRIX_RELOADED_ID = "tt0234215"
BREAKING_BAD_ID = "tt0903747"
PILOT_ID = "tt0959621"
SPARSE_ID = "tt9900001"
HOSTILE_ID = "tt9900002"
UNKNOWN_ID = "tt9999999"

POSTER = "https://m.media-amazon.com/images/M/MV5BZmFrZU1hdHJpeFBvc3Rlcg@@._V1_UX182_CR0,0,182,268_AL_.jpg"
HOSTILE_TITLE = '<script>alert("x")</script> Tom &amp; Jerry & Co'

MATRIX = FakeTitle(
    imdb_id=MATRIX_ID,
    title="The Matrix",
    year=1999,
    rating=8.7,
    votes=2_100_000,
    runtime_minutes=136,
    genres=("Action", "Sci-Fi"),
    directors=(("nm0905154", "Lana Wachowski"), ("nm0905152", "Lilly Wachowski")),
    stars=(
        ("nm0000206", "Keanu Reeves"),
        ("nm0000401", "Laurence Fishburne"),
        ("nm0005251", "Carrie-Anne Moss"),
        ("nm0915989", "Hugo Weaving"),
        ("nm0001592", "Joe Pantoliano"),
        ("nm0159059", "Marcus Chong"),
    ),
    countries=(("US", "United States"), ("AU", "Australia")),
    languages=(("en", "English"),),
    certificate="R",
    rating_reason="Rated R for sci-fi violence and brief language",
    plot="A programmer finds out that the world he lives in is a simulation and joins a revolt.",
    cover_url=POSTER,
    release_date=(1999, 3, 31),
    gross=(467_222_728, "USD"),
)

MATRIX_RELOADED = FakeTitle(
    imdb_id=MATRIX_RELOADED_ID,
    title="The Matrix Reloaded",
    year=2003,
    rating=7.2,
    votes=650_000,
    runtime_minutes=138,
    genres=("Action", "Sci-Fi"),
    stars=(("nm0000206", "Keanu Reeves"),),
)

BREAKING_BAD = FakeTitle(
    imdb_id=BREAKING_BAD_ID,
    title="Breaking Bad",
    kind="tvSeries",
    year=2008,
    end_year=2013,
    rating=9.5,
    votes=2_300_000,
    runtime_minutes=49,
    genres=("Crime", "Drama", "Thriller"),
    creators=(("nm0319213", "Vince Gilligan"),),
    stars=(("nm0186505", "Bryan Cranston"), ("nm0666739", "Aaron Paul")),
    countries=(("US", "United States"),),
    languages=(("en", "English"), ("es", "Spanish")),
    certificate="TV-MA",
    plot="A chemistry teacher with a grim diagnosis turns to making drugs.",
    cover_url="https://m.media-amazon.com/images/M/MV5BQnJlYWtpbmdCYWQ@._V1_.jpg",
    seasons=5,
)

PILOT = FakeTitle(
    imdb_id=PILOT_ID,
    title="Pilot",
    kind="tvEpisode",
    year=2008,
    rating=9.0,
    votes=60_000,
    runtime_minutes=58,
    episode_of=(BREAKING_BAD_ID, "Breaking Bad", 1, 1),
)

# Only what imdbinfo needs to build a model: every optional field missing.
SPARSE = FakeTitle(imdb_id=SPARSE_ID, title="Untitled Sparse Project")

HOSTILE = FakeTitle(
    imdb_id=HOSTILE_ID,
    title=HOSTILE_TITLE,
    year=2020,
    plot="Plot with <b>markup</b> & an ampersand.",
)

CATALOGUE: tuple[FakeTitle, ...] = (MATRIX, MATRIX_RELOADED, BREAKING_BAD, PILOT, SPARSE, HOSTILE)
