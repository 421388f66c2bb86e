"""Person pages from both upstreams, read leniently; the card's pieces render safely."""

from __future__ import annotations

from datetime import date

from imdbinfo.parsers import parse_json_person_detail

from adapters.imdb.people import to_person
from adapters.mydramalist.people import parse_person
from app.templates.proof import prove_template
from domain.people import cards
from domain.people.cards import DEFAULT_PERSON_TEMPLATE
from domain.people.links import find_person_link
from domain.people.models import Person, Work, split_ref, works_by_year
from tests.fakes import imdb_people, kuryana_people


def test_kuryana_person_with_tba_years_null_role_names_and_na_ratings() -> None:
    person = parse_person(kuryana_people.GONG_YOO, "1-gong-yoo")
    assert person.name == "Gong Yoo" and person.native_name == "공유"
    trunk = next(w for w in person.works if w.title == "The Trunk")
    assert (trunk.year, trunk.rating, trunk.character, trunk.role) == (None, None, "", "Main Role")
    goblin = next(w for w in person.works if w.title == "Goblin")
    assert (goblin.key, goblin.year, goblin.rating, goblin.episodes) == (
        "18452-goblin",
        2016,
        8.8,
        16,
    )
    assert goblin.kind == "Drama"


def test_kuryana_person_with_every_field_the_wrong_type() -> None:
    data = {
        "name": ["not", "text"],
        "profile": 5,
        "details": "oops",
        "works": {
            "Drama": "not a list",
            "Movie": [
                None,
                {"title": None},
                {"title": {"name": "Kept", "link": "https://evil.example/1-x"}, "year": "Drama"},
                {"title": {"name": "Odd", "link": 7}, "rating": True, "role": "x", "year": 2.5},
            ],
        },
    }
    person = parse_person(data, "5-someone")
    assert person.name == "not, text"
    assert person.born == "" and person.nationality == ""
    assert [(w.title, w.key, w.year, w.rating) for w in person.works] == [
        ("Kept", "", None, None),
        ("Odd", "", None, None),
    ]


def test_a_page_without_a_name_falls_back_to_its_names_rows_or_key() -> None:
    named = parse_person({"details": {"first_name": "Yoo", "family_name": "Gong"}}, "1-gong-yoo")
    assert named.name == "Yoo Gong"
    assert parse_person({}, "1-gong-yoo").name == "1-gong-yoo"


def test_imdb_person_detail_from_its_own_parser() -> None:
    detail = parse_json_person_detail(imdb_people.person_page_json(imdb_people.KEANU))
    person = to_person(detail, "nm0000206")
    assert person.born == "1964-09-02" and person.birthplace == "Beirut, Lebanon"
    assert person.professions == "Actor, Director"
    assert [(w.title, w.role, w.year) for w in works_by_year(person.works)] == [
        ("Man of Tai Chi", "Director", 2013),
        ("The Matrix Reloaded", "Actor", 2003),
        ("The Matrix", "Actor", 1999),
        ("Untitled Keanu Project", "Actor", None),
    ]


def test_imdb_person_without_photo_bio_or_birth() -> None:
    detail = parse_json_person_detail(imdb_people.person_page_json(imdb_people.LANA))
    person = to_person(detail, "nm0905154")
    assert person.photo == "" and person.bio == ""
    # Director and writer of one title: two credits, one per job.
    assert sorted(w.role for w in person.works if w.title == "The Matrix") == ["Director", "Writer"]


def test_references_are_checked() -> None:
    assert split_ref("m:1-gong-yoo") == ("mdl", "1-gong-yoo")
    assert split_ref("i:nm0000206") == ("imdb", "nm0000206")
    for bad in ("", "m:", "x:1", "i:tt0133093", "m:../id/1", "m:a b", "i:nm12"):
        assert split_ref(bad) is None


def test_a_long_bio_is_cut_after_a_sentence_and_never_inside_an_entity() -> None:
    bio = "First sentence & more. " * 10 + "<b>" * 200
    cut = cards.short_bio(bio, 120)
    assert cut.endswith(" …") and len(cut) <= 122
    card = cards.person_card(Person("mdl", "1-x", "X", bio=bio), date(2026, 1, 1))
    assert "&amp; more." in card and "<b>" not in card.replace("<b>X</b>", "")


def test_age_from_the_birth_date_or_the_page() -> None:
    today = date(2026, 7, 9)
    assert cards.age_text(Person("mdl", "k", "n", born="July 10, 1979"), today) == "(age 46)"
    assert cards.age_text(Person("imdb", "k", "n", born="1979-07-10"), date(2026, 7, 10)) == (
        "(age 47)"
    )
    died = Person("imdb", "k", "n", born="1950-01-01", died="2000-06-01")
    assert cards.age_text(died, today) == "(aged 50)"
    assert cards.age_text(Person("mdl", "k", "n", born="1980", age="46"), today) == "(age 46)"
    assert cards.age_text(Person("mdl", "k", "n", born="soon"), today) == ""


def test_hangul_and_kanji_names_and_a_work_line() -> None:
    person = Person(
        "mdl", "50-k", "木村拓哉", native_name="木村拓哉", works=(Work("HERO", year=2001),)
    )
    card = cards.person_card(person, date(2026, 1, 1))
    assert "<b>木村拓哉</b>" in card
    assert "🈶" not in card  # the native name equals the name: not repeated
    assert cards.work_line(Work("Goblin", year=None, role="Director")) == "TBA · Goblin — Director"


async def test_the_default_person_template_passes_its_own_proof() -> None:
    await prove_template("person", DEFAULT_PERSON_TEMPLATE, "")
    await prove_template("person", DEFAULT_PERSON_TEMPLATE, "N/A")


def test_person_links_in_free_text() -> None:
    assert find_person_link("see mydramalist.com/people/1-gong-yoo!") == "m:1-gong-yoo"
    assert find_person_link("https://www.imdb.com/name/nm0000206/bio") == "i:nm0000206"
    assert find_person_link("https://mydramalist.com/18452-goblin") is None
    assert find_person_link("https://notimdb.com/name/nm0000206") is None
    assert find_person_link("") is None
