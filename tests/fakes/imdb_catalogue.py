"""The fake IMDb's titles: written for these tests, not copied from IMDb.

Searches match on the title, so "the matrix" finds both Matrix films and
"the matrix" with year 1999 finds only ``MATRIX_ID``; "keanu" also finds a person.
"""

from __future__ import annotations

from imdbinfo.parsers import newCreditCategoryIdToOldCategoryIdObject as _JOB_IDS

from tests.fakes.imdb_pages import Certificate, CompanyKind, CrewJob, FakeTitle

MATRIX_ID = "tt0133093"
MATRIX_RELOADED_ID = "tt0234215"
BREAKING_BAD_ID = "tt0903747"
PILOT_ID = "tt0959621"
SPARSE_ID = "tt9900001"
HOSTILE_ID = "tt9900002"
UNKNOWN_ID = "tt9999999"

POSTER = "https://m.media-amazon.com/images/M/MV5BZmFrZU1hdHJpeFBvc3Rlcg@@._V1_UX182_CR0,0,182,268_AL_.jpg"
HOSTILE_TITLE = '<script>alert("x")</script> Tom &amp; Jerry & Co'

# IMDb's category ids for jobs, by the short names imdbinfo keys its ``categories`` by.
JOB_ID = {short: long for long, short in _JOB_IDS.items()}

# A real title lists certificates for dozens of countries; the US has one
# entry per board (TV Parental Guidelines first, then the MPA's with its
# certificate number), Canada one per group of provinces. Values invented.
_COUNTRIES = (
    ("AR", "Argentina", "13"),
    ("AU", "Australia", "M"),
    ("AT", "Austria", "14"),
    ("BE", "Belgium", "12"),
    ("BR", "Brazil", "14"),
    ("BG", "Bulgaria", "C"),
    ("CL", "Chile", "14"),
    ("CO", "Colombia", "15"),
    ("CZ", "Czechia", "12"),
    ("DK", "Denmark", "15"),
    ("EE", "Estonia", "K-14"),
    ("FI", "Finland", "K-16"),
    ("FR", "France", "Tous publics"),
    ("DE", "Germany", "16"),
    ("GR", "Greece", "K-15"),
    ("HK", "Hong Kong", "IIB"),
    ("HU", "Hungary", "16"),
    ("IS", "Iceland", "16"),
    ("IN", "India", "A"),
    ("ID", "Indonesia", "17+"),
    ("IE", "Ireland", "15A"),
    ("IT", "Italy", "T"),
    ("JP", "Japan", "PG12"),
    ("KR", "South Korea", "15"),
    ("MY", "Malaysia", "18"),
    ("MX", "Mexico", "B"),
    ("NL", "Netherlands", "16"),
    ("NZ", "New Zealand", "R13"),
    ("NO", "Norway", "15"),
    ("PE", "Peru", "14"),
    ("PH", "Philippines", "R-13"),
    ("PL", "Poland", "15"),
    ("PT", "Portugal", "M/16"),
    ("RO", "Romania", "AP-12"),
    ("SG", "Singapore", "NC16"),
    ("ZA", "South Africa", "16"),
    ("ES", "Spain", "13"),
    ("SE", "Sweden", "15"),
    ("CH", "Switzerland", "14"),
    ("TW", "Taiwan", "PG-12"),
    ("TR", "Turkey", "15+"),
    ("GB", "United Kingdom", "15"),
)


def world_certificates(us_tv: str, us_board: str, reason: str) -> tuple[Certificate, ...]:
    """Certificates as a real page lists them: every country, some several times."""
    entries: list[Certificate] = [(c, n, r, None, (), None) for c, n, r in _COUNTRIES]
    entries += [
        ("CA", "Canada", "14A", None, ("Alberta", "British Columbia", "Ontario"), None),
        ("CA", "Canada", "13+", None, ("Quebec",), None),
        ("DE", "Germany", "18", None, ("original rating",), None),
        ("GB", "United Kingdom", "18", None, ("video rating",), None),
        ("US", "United States", us_tv, None, (), None),
        ("US", "United States", us_board, reason, ("certificate #41207",), "MPAA"),
    ]
    return tuple(sorted(entries, key=lambda e: e[1]))


def _people_for(job: str, count: int, seed: int) -> tuple[tuple[str, str], ...]:
    return tuple(
        (f"nm{seed:03d}{n:04d}", f"{job.replace('_', ' ').title()} Person {n}")
        for n in range(1, count + 1)
    )


# ~30 jobs, as a film's full credits page has them.
_CREW_JOBS = (
    "writer",
    "producer",
    "composer",
    "cinematographer",
    "editor",
    "casting_director",
    "production_designer",
    "art_director",
    "set_decorator",
    "costume_designer",
    "make_up_department",
    "production_manager",
    "assistant_director",
    "art_department",
    "sound_department",
    "special_effects",
    "visual_effects",
    "stunts",
    "camera_department",
    "animation_department",
    "casting_department",
    "costume_department",
    "editorial_department",
    "location_management",
    "music_department",
    "script_department",
    "transportation_department",
    "miscellaneous",
)


def full_crew(seed: int) -> tuple[CrewJob, ...]:
    return tuple(
        (JOB_ID[job], job.replace("_", " ").title(), _people_for(job, 1 + n % 10, seed + n))
        for n, job in enumerate(_CREW_JOBS)
    )


def many_companies(prefix: str) -> tuple[CompanyKind, ...]:
    """Up to 100 companies: a handful of producers, dozens of distributors."""
    return (
        ("production", "Production Companies", tuple(f"{prefix} Pictures {n}" for n in range(5))),
        ("sales", "Sales", ()),
        ("distribution", "Distributors", tuple(f"{prefix} Releasing {n}" for n in range(60))),
        ("specialEffects", "Special Effects", tuple(f"{prefix} FX {n}" for n in range(6))),
        ("miscellaneous", "Other Companies", tuple(f"{prefix} Services {n}" for n in range(29))),
    )


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
    certificates=world_certificates("TV-14", "R", "Rated R for sci-fi violence and brief language"),
    rating_reason="Rated R for sci-fi violence and brief language",
    plot="A programmer finds out that the world he lives in is a simulation and joins a revolt.",
    cover_url=POSTER,
    # IMDb gives the release in the requester's country, not the premiere.
    release_date=(1999, 6, 11),
    release_country=("GB", "United Kingdom"),
    gross=(467_222_728, "USD"),
    budget=(63_000_000, "USD"),
    metacritic=73,
    crew=full_crew(101),
    companies=many_companies("Matrix"),
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
    crew=full_crew(202),
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

# An episode page of the older layout: directors and stars only in the crew by job.
GRAY_MATTER_ID = "tt9900003"
GRAY_MATTER = FakeTitle(
    imdb_id=GRAY_MATTER_ID,
    title="Gray Matter",
    kind="tvEpisode",
    year=2008,
    rating=8.2,
    votes=31_000,
    runtime_minutes=47,
    directors=(("nm0000910", "Tricia Lantern"),),
    stars=(("nm0186505", "Bryan Cranston"), ("nm0666739", "Aaron Paul")),
    crew=(("writer", "Writers", (("nm0000911", "Pat Quill"),)),),
    legacy_layout=True,
    episode_of=(BREAKING_BAD_ID, "Breaking Bad", 1, 5),
)

# A title whose name IMDb localises for the requester's country.
QUIET_HARBOUR_ID = "tt9900004"
QUIET_HARBOUR = FakeTitle(
    imdb_id=QUIET_HARBOUR_ID,
    title="Der stille Hafen",
    localized="The Quiet Harbour",
    year=2019,
    rating=7.4,
    votes=12_000,
    runtime_minutes=104,
    genres=("Drama",),
    countries=(("DE", "Germany"),),
    languages=(("de", "German"),),
    # Listed by country name, as on a real page; the country of origin is not first.
    certificates=(
        ("AT", "Austria", "10", None, (), None),
        ("DE", "Germany", "12", None, (), "FSK"),
        ("CH", "Switzerland", "14", None, ("canton of Zurich",), None),
    ),
)

# A search for a common word: ~18 titles of many kinds, some without a year,
# rating or cover, and people among them.
NIGHT_KINDS = (
    ("movie", 2003, 7.6, True),
    ("tvSeries", 2016, 7.9, True),
    ("video", 2008, 6.1, True),
    ("tvShort", 2012, None, False),
    ("videoGame", 2018, 6.8, True),
    ("tvMovie", 1999, 5.9, True),
    ("tvSpecial", 2021, None, True),
    ("movie", None, None, False),
    ("short", 2015, 6.4, False),
    ("tvMiniSeries", 2020, 7.1, True),
    ("movie", 1977, 6.9, True),
    ("video", None, None, False),
    ("tvEpisode", 2011, 8.0, True),
    ("movie", 2024, None, True),
    ("musicVideo", 2010, 7.3, True),
    ("podcastSeries", 2022, None, False),
    ("tvSeries", 1988, 6.2, True),
    ("movie", 1954, 7.0, True),
)
NIGHT_TITLES = tuple(
    FakeTitle(
        imdb_id=f"tt98{n:05d}",
        title=f"Night Train No. {n}",
        kind=kind,
        year=year,
        rating=rating,
        votes=1000 * n if rating else None,
        cover_url=f"https://m.media-amazon.com/images/M/MV5BTmlnaHQ{n:02d}@._V1_.jpg"
        if cover
        else None,
    )
    for n, (kind, year, rating, cover) in enumerate(NIGHT_KINDS, start=1)
)
NIGHT_PEOPLE = (("nm9800001", "Nightingale Fairweather"), ("nm9800002", "Courtney Knight"))

# Only what imdbinfo needs to build a model: every optional field missing.
SPARSE = FakeTitle(imdb_id=SPARSE_ID, title="Untitled Sparse Project")

HOSTILE = FakeTitle(
    imdb_id=HOSTILE_ID,
    title=HOSTILE_TITLE,
    year=2020,
    plot="Plot with <b>markup</b> & an ampersand.",
)

CATALOGUE: tuple[FakeTitle, ...] = (
    MATRIX,
    MATRIX_RELOADED,
    BREAKING_BAD,
    PILOT,
    GRAY_MATTER,
    QUIET_HARBOUR,
    SPARSE,
    HOSTILE,
    *NIGHT_TITLES,
)
# People a search finds besides titles (the fake also finds every title's stars).
SEARCH_PEOPLE: tuple[tuple[str, str], ...] = NIGHT_PEOPLE
