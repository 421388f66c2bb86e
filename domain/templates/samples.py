"""Built-in titles for previewing a template before any lookup."""

from __future__ import annotations

from datetime import date

from domain.people.models import Person as PersonPage
from domain.people.models import Work
from domain.titles import CastMember, Drama, Movie, Person

SAMPLE_DRAMA = Drama(
    slug="18452-goblin",
    title="Goblin",
    link="https://mydramalist.com/18452-goblin",
    complete_title="Goblin (2016)",
    native_title="쓸쓸하고 찬란하神 - 도깨비",
    year="2016",
    synopsis="A goblin who has lived for 939 years looks for the human bride who can end "
    "his immortal life.",
    rating=8.8,
    country="South Korea",
    type="Drama",
    episodes="16",
    aired="Dec 2, 2016 - Jan 21, 2017",
    aired_on="Friday, Saturday",
    original_network="tvN",
    duration="1 hr. 22 min.",
    content_rating="15+ - Teens 15 or older",
    score="8.8 (scored by 123,456 users)",
    ranked="#187",
    popularity="#31",
    genres=("Comedy", "Romance", "Fantasy", "Melodrama"),
    tags=("Immortality", "Grim Reaper", "Reincarnation"),
    also_known_as=("Guardian: The Lonely and Great God",),
    cast=(CastMember("Gong Yoo"), CastMember("Kim Go Eun"), CastMember("Lee Dong Wook")),
)

SAMPLE_MOVIE = Movie(
    imdb_id="tt0133093",
    title="The Matrix",
    url="https://www.imdb.com/title/tt0133093/",
    kind="movie",
    year=1999,
    rating=8.7,
    votes=2_100_000,
    runtime_minutes=136,
    genres=("Action", "Sci-Fi"),
    directors=(Person("Lana Wachowski"), Person("Lilly Wachowski")),
    stars=(Person("Keanu Reeves"), Person("Laurence Fishburne"), Person("Carrie-Anne Moss")),
    countries=("United States", "Australia"),
    languages=("English",),
    certificate="R",
    plot="When a beautiful stranger leads computer hacker Neo to a forbidding underworld, "
    "he discovers the shocking truth: the life he knows is the elaborate deception of an "
    "evil cyber-intelligence.",
    release_date="1999-03-31",
    box_office="$467,222,728",
    credits={
        "writer": ("Lilly Wachowski", "Lana Wachowski"),
        "producer": ("Joel Silver",),
        "composer": ("Don Davis",),
        "cinematographer": ("Bill Pope",),
        "distribution": ("Warner Bros.",),
    },
)

# A title with every optional field empty, as a broken scrape may return it.
EMPTY_DRAMA = Drama(slug="0-empty", title="")
EMPTY_MOVIE = Movie(imdb_id="tt0000000", title="")

# Long, hostile values: markup, entities, emoji (surrogate pairs once encoded) and
# text long enough to need cutting, in every field a template may show.
_HOSTILE = "<b>&amp;</b> &lt;3 😀𝕏 {title} " * 60
HOSTILE_DRAMA = Drama(
    slug="1-hostile",
    title=_HOSTILE,
    link="https://mydramalist.com/1-hostile",
    complete_title=_HOSTILE,
    native_title=_HOSTILE,
    year=_HOSTILE,
    poster="https://i.mydramalist.com/hostile.jpg",
    synopsis=_HOSTILE * 3,
    rating=10.0,
    country=_HOSTILE,
    genres=(_HOSTILE,),
    cast=(CastMember(_HOSTILE),),
)
HOSTILE_MOVIE = Movie(
    imdb_id="tt0000001",
    title=_HOSTILE,
    url="https://www.imdb.com/title/tt0000001/",
    title_localized=_HOSTILE,
    plot=_HOSTILE * 3,
    genres=(_HOSTILE,),
    stars=(Person(_HOSTILE),),
    box_office=_HOSTILE,
)

# Person cards: a full page, an empty one and a hostile one, rendered on a fixed day.
SAMPLE_DAY = date(2026, 1, 1)
SAMPLE_PERSON = PersonPage(
    source="mdl",
    key="1-gong-yoo",
    name="Gong Yoo",
    link="https://mydramalist.com/people/1-gong-yoo",
    native_name="공유",
    also_known_as="Gong Ji Cheol",
    photo="https://i.mydramalist.com/p1_5c.jpg",
    bio="Gong Yoo is a South Korean actor, best known for Coffee Prince and Goblin.",
    born="July 10, 1979",
    nationality="South Korean",
    gender="Male",
    works=(
        Work("Goblin", "18452-goblin", 2016, "Drama", "Main Role", "Kim Shin", 8.8, 16),
        Work("Train to Busan", "15893-train-to-busan", 2016, "Movie", "Main Role", "Seok Woo"),
        Work("Coffee Prince", "2304-coffee-prince", 2007, "Drama", "Main Role", "", 8.1),
    ),
)
EMPTY_PERSON = PersonPage(source="mdl", key="0-empty", name="")
HOSTILE_PERSON = PersonPage(
    source="imdb",
    key="nm0000001",
    name=_HOSTILE,
    link="https://www.imdb.com/name/nm0000001/",
    native_name=_HOSTILE,
    bio=_HOSTILE * 3,
    born=_HOSTILE,
    birthplace=_HOSTILE,
    professions=_HOSTILE,
    works=tuple(Work(_HOSTILE, "tt0000001", None, role=_HOSTILE) for _ in range(20)),
)
