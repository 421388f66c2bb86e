"""The error boundary says a domain error in the reader's language, escaped once."""

from __future__ import annotations

from app.i18n.languages import LOCALES
from app.wiring.errors import user_message
from domain.errors import InvalidInput, NotFound
from domain.i18n import N_, speaking
from infra.i18n.catalogs import Catalogs

CATALOGS = Catalogs(LOCALES)
TOO_LONG = N_("That query is too long ({length} characters; the limit is {limit}).")


def said(code: str, exc: InvalidInput | NotFound) -> str:
    with speaking(CATALOGS.speech(code)):
        return user_message(exc)


def test_a_message_with_values_is_translated_then_filled_then_escaped() -> None:
    exc = InvalidInput(TOO_LONG, "/mdl <title or link>", length="201", limit="200")
    assert said("en", exc) == (
        "⚠️ That query is too long (201 characters; the limit is 200).\n/mdl &lt;title or link&gt;"
    )
    assert said("es", exc).startswith(
        "⚠️ Esa búsqueda es demasiado larga (201 caracteres; el límite es 200)."
    )
    hostile = NotFound("IMDb has no title {id}", id="<b>tt1</b>")
    assert said("id", hostile) == "🔍 IMDb tidak punya judul &lt;b&gt;tt1&lt;/b&gt;"


def test_what_the_adapters_raise_in_english_is_translated_too() -> None:
    assert said("pt_BR", NotFound("MyDramaList has no such page (dramalist)")) == (
        "🔍 O MyDramaList não tem essa página (dramalist)"
    )
    assert said("ar", NotFound("IMDb has no such person.")) == "🔍 لا يوجد هذا الشخص على IMDb."
    assert said("es", NotFound()) == "🔍 No se encontró nada."
    refused = InvalidInput(
        "MyDramaList could not search for that.",
        hint="Try the title in plain words, for example: /mdl goblin",
    )
    assert said("id", refused) == (
        "⚠️ MyDramaList tidak bisa mencari itu.\n"
        "Coba tulis judulnya dengan kata-kata biasa, misalnya: /mdl goblin"
    )


def test_text_translated_where_it_was_raised_or_unknown_stays_as_it_is() -> None:
    assert said("ar", InvalidInput("أخبرني {x}")) == "⚠️ أخبرني {x}"
    assert said("es", NotFound("Some <odd> text")) == "🔍 Some &lt;odd&gt; text"
