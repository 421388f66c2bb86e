"""Person cards, their counts and the where-to-watch texts in every shipped language."""

from __future__ import annotations

from datetime import date

import pytest

from app.i18n.languages import LOCALES
from app.people.cards import count, dates
from app.watch.countries import local_country_code, local_country_name
from domain.i18n import speaking
from domain.people import cards
from domain.people.models import Person
from domain.tmdb import text as watch_text
from infra.i18n.catalogs import Catalogs

CATALOGS = Catalogs(LOCALES)
GONG = Person("mdl", "1-gong-yoo", "Gong Yoo", born="July 10, 1979", nationality="South Korean")
LABELS = {
    "en": ("🎂 Born: July 10, 1979 (age 46)", "🌏 Nationality: South Korean"),
    "id": ("🎂 Lahir: 10 Juli 1979 (46 tahun)", "🌏 Kewarganegaraan: South Korean"),
    "es": ("🎂 Nacimiento: 10 de julio de 1979 (46 años)", "🌏 Nacionalidad: South Korean"),
    "pt_BR": ("🎂 Nascimento: 10 de julho de 1979 (46 anos)", "🌏 Nacionalidade: South Korean"),
}


def card_in(code: str) -> str:
    with speaking(CATALOGS.speech(code)):
        return cards.person_card(GONG, date(2026, 1, 1), number=count, dates=dates())


@pytest.mark.parametrize("code", sorted(LABELS))
def test_the_default_card_speaks_each_language(code: str) -> None:
    card = card_in(code)
    for line in LABELS[code]:
        assert line in card


def test_one_languages_labels_never_reach_another() -> None:
    """The default template is memoised per language: asked in turns, each keeps its own."""
    for _ in range(2):
        assert "Lahir:" in card_in("id") and "Born:" not in card_in("id")
        assert "Born:" in card_in("en") and "Lahir:" not in card_in("en")
        assert "تاريخ الميلاد:" in card_in("ar")


def test_a_users_own_template_is_never_translated() -> None:
    with speaking(CATALOGS.speech("id")):
        card = cards.person_card(GONG, date(2026, 1, 1), "Born: {born}", dates=dates())
    assert card == "Born: 10 Juli 1979"  # the value in the user's language, the words theirs


def test_counts_keep_english_digits_and_group_elsewhere() -> None:
    assert count(3000) == "3000"
    with speaking(CATALOGS.speech("id")):
        assert count(3000) == "3.000"
    with speaking(CATALOGS.speech("ar")):
        assert count(3000) == "3,000"


def test_arabic_ages_use_the_six_plural_forms() -> None:
    today = date(2026, 7, 11)
    with speaking(CATALOGS.speech("ar")):
        ages = [
            cards.age_text(Person("mdl", "k", "n", born=f"July 10, {2026 - n}"), today)
            for n in (1, 2, 5, 46, 101)
        ]
    assert ages == [
        "(العمر: عام واحد)",
        "(العمر: عامان)",
        "(العمر: 5 أعوام)",
        "(العمر: 46 عامًا)",
        "(العمر: 101 عام)",
    ]


def test_country_names_come_from_cldr_and_english_keeps_its_own() -> None:
    assert local_country_name("KR") == "South Korea"
    assert local_country_code("Korea Selatan") == ""  # English reads codes and English names
    expected = {"id": "Korea Selatan", "ar": "كوريا الجنوبية", "es": "Corea del Sur"}
    for code, name in expected.items():
        with speaking(CATALOGS.speech(code)):
            assert local_country_name("KR") == name
            assert local_country_code(name.upper()) == "KR"
            assert local_country_name("HK") in ("Hong Kong", "هونغ كونغ")
            text = watch_text.region_set("KR", local_country_name)
            assert f"🇰🇷 {name}" in text and "/region reset" in text
