"""Cards in every shipped language: the default templates' labels, numbers, right-to-left
isolation, and the render memo that must never hand one language's card to another."""

from __future__ import annotations

import pytest

from app.i18n.languages import LOCALES
from domain.i18n import ENGLISH, gettext, speaking
from domain.imdb.cards import DEFAULT_IMDB_TEMPLATE, IMDB_TEMPLATE, movie_card
from domain.mydramalist.cards import DEFAULT_MDL_TEMPLATE, MDL_TEMPLATE, drama_card
from domain.render import NOTHING_TO_SHOW, render
from domain.templates.samples import SAMPLE_DRAMA, SAMPLE_MOVIE
from domain.text import FSI, PDI, telegram_html
from infra.i18n.catalogs import Catalogs

CATALOGS = Catalogs(LOCALES)
SHIPPED = [code for code in CATALOGS.complete() if code != "en"]


def test_english_cards_are_the_templates_as_written() -> None:
    assert MDL_TEMPLATE.text() == DEFAULT_MDL_TEMPLATE
    assert DEFAULT_MDL_TEMPLATE.startswith("🎬 <b>{title}</b>\n🈶 <i>{native_title}</i>\n📅 Year:")
    assert IMDB_TEMPLATE.text() == DEFAULT_IMDB_TEMPLATE
    assert "⭐ Rating: <b>{rating}</b>/10 ({votes} votes)" in DEFAULT_IMDB_TEMPLATE


@pytest.mark.parametrize("code", SHIPPED)
def test_every_default_label_is_translated_and_the_card_stays_valid(code: str) -> None:
    english = {
        "mdl": drama_card(SAMPLE_DRAMA).split("\n"),
        "imdb": movie_card(SAMPLE_MOVIE).split("\n"),
    }
    with speaking(CATALOGS.speech(code)):
        cards = {"mdl": drama_card(SAMPLE_DRAMA), "imdb": movie_card(SAMPLE_MOVIE)}
        # Loanwords the language writes as English does ("Rating" in Indonesian).
        kept = {
            label
            for line in (*DEFAULT_MDL_TEMPLATE.split("\n"), *DEFAULT_IMDB_TEMPLATE.split("\n"))
            if ": " in line
            for label in [line.split(" ", 1)[1].partition(":")[0]]
            if gettext(line.split(" ", 1)[1]).startswith(label + ":")
        }
    for source, card in cards.items():
        assert telegram_html(card) == card  # canonical markup: tags as the source's
        lines = card.split("\n")
        assert len(lines) == len(english[source])  # the same lines are shown, none dropped
        for theirs, ours in zip(lines, english[source], strict=True):
            label = ours.partition(":")[0]
            if (
                ":" in ours
                and not ours.startswith("<blockquote")
                and label.split(" ", 1)[-1] not in kept
            ):
                assert not theirs.startswith(label + ":"), f"{code}: {theirs!r} is English"


def test_numbers_follow_the_language() -> None:
    assert "⭐ Rating: <b>8.7</b>/10 (2,100,000 votes)" in movie_card(SAMPLE_MOVIE)
    with speaking(CATALOGS.speech("id")):
        card = movie_card(SAMPLE_MOVIE)
    assert "⭐ Rating: <b>8,7</b>/10 (2.100.000 suara)" in card
    assert "🎞 Jenis: Film" in card and "⏱ Durasi: 2 j 16 mnt" in card


def test_a_users_own_template_is_never_translated() -> None:
    template = "📅 Year: {year} · {kind}"
    with speaking(CATALOGS.speech("id")):
        assert movie_card(SAMPLE_MOVIE, template) == "📅 Year: 1999 · Film"
        assert drama_card(SAMPLE_DRAMA, "Rating: {rating}") == "Rating: 8,8"


def test_arabic_isolates_values_in_text_but_never_in_a_link() -> None:
    template = '<a href="{link}">{title}</a> — {year}\n<i>{country}</i>'
    values = {
        "link": "https://mydramalist.com/18452-goblin",
        "title": "Goblin (2016)",
        "year": "2016",
        "country": "",
    }
    with speaking(CATALOGS.speech("ar")):
        card = render(template, values, isolated=True)
    assert card == (
        f'<a href="https://mydramalist.com/18452-goblin">{FSI}Goblin (2016){PDI}</a> — 2016'
    )
    # Only what holds left-to-right letters: Arabic, Hangul, bare numbers.
    with speaking(CATALOGS.speech("ar")):
        shown = {"a": "فيلم", "b": "공유", "c": "2,100,000"}
        assert render("{a} · {b} · {c}", shown, isolated=True) == (
            f"فيلم · {FSI}공유{PDI} · 2,100,000"
        )
    assert render(template, values) == (
        '<a href="https://mydramalist.com/18452-goblin">Goblin (2016)</a> — 2016'
    )


def test_the_render_memo_keeps_each_language_its_own_card() -> None:
    """One template and values, rendered in turn for readers of three languages."""
    values = {"title": " ", "rating": ""}
    said = []
    for speech in (ENGLISH, CATALOGS.speech("ar"), ENGLISH, CATALOGS.speech("id")):
        with speaking(speech):
            title = drama_card(SAMPLE_DRAMA, "⭐ {title}x")
            said.append((render("{rating}", values), title))
    assert said[0] == said[2] == (NOTHING_TO_SHOW, "⭐ Goblinx")
    assert said[1] == ("ℹ️ لا توجد تفاصيل لعرضها عن هذا العنوان.", f"⭐ {FSI}Goblin{PDI}x")
    assert said[3] == ("ℹ️ Tidak ada detail yang bisa ditampilkan untuk judul ini.", "⭐ Goblinx")


def test_a_default_template_is_built_once_per_language() -> None:
    with speaking(CATALOGS.speech("ar")):
        first = MDL_TEMPLATE.text()
        assert MDL_TEMPLATE.text() is first
    # Another set of catalogs (a reload) under the same code is read afresh.
    with speaking(Catalogs(LOCALES).speech("ar")):
        assert MDL_TEMPLATE.text() == first


def test_people_notes_use_each_languages_plurals() -> None:
    from domain.imdb.cards import people_note as imdb_people_note
    from domain.mydramalist.cards import people_note
    from domain.titles import DramaHit, MovieHit

    def dramas(n: int) -> list[DramaHit]:
        return [DramaHit(slug=f"people/{i}-x", title=f"Person {i}", person=True) for i in range(n)]

    with speaking(CATALOGS.speech("ar")):
        one = people_note(dramas(1), titles_found=True)
        two = people_note(dramas(2), titles_found=False)
        five = people_note(dramas(5), titles_found=True)
        movies = [MovieHit(imdb_id=f"nm{i:07d}", title=f"P {i}", person=True) for i in range(14)]
        many = imdb_people_note(movies, titles_found=False)
    assert one.startswith("👤 وطابق البحث أيضًا شخصًا واحدًا:")
    assert two.startswith("👤 لا توجد مسلسلات، لكن البحث طابق شخصين:")
    assert five.startswith("👤 وطابق البحث أيضًا 5 أشخاص:")
    assert "… وشخصان آخران على MyDramaList." in five  # five matched, three shown
    assert f"• {FSI}Person 0{PDI}" in five or f">{FSI}Person 0{PDI}</a>" in five
    assert many.startswith("👤 لا توجد عناوين، لكن البحث طابق 14 شخصًا:")
    assert "… و11 شخصًا آخر على IMDb." in many
    assert many.endswith("بطاقات هؤلاء الأشخاص: /person &lt;الاسم&gt;.")
    with speaking(CATALOGS.speech("id")):
        assert people_note(dramas(1000), titles_found=True).startswith(
            "👤 Juga cocok dengan 1.000 tokoh:"
        )
