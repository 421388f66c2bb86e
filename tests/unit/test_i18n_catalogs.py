"""The shipped catalogs: complete against the code, faithful to their sources, loadable."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import write_po

from app.i18n.extract import template
from app.i18n.languages import LOCALES
from app.wiring import buttons
from app.wiring.bot import all_routes, build_registry
from domain.i18n import gettext, ngettext, speaking
from infra.i18n.catalogs import Catalogs, message_ids, missing, read_catalog

SHIPPED = sorted(p.parent.parent.name for p in LOCALES.glob("*/LC_MESSAGES/messages.po"))
RATE = (
    "🐢 Slow down a little: try again in {n} second.",
    "🐢 Slow down a little: try again in {n} seconds.",
)
# The Telegram HTML tags a translation must keep, as many as its source has.
_TAG_RE = re.compile(r"</?(?:b|i|u|s|code|pre|a|blockquote|tg-spoiler)\b[^>]*>")


def catalog_of(code: str) -> Catalog:
    return read_catalog(LOCALES / code / "LC_MESSAGES" / "messages.po", locale=code)


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def forms(message: Message) -> list[str]:
    return list(message.string) if isinstance(message.string, tuple | list) else [message.string]


@pytest.fixture(scope="module")
def extracted() -> Catalog:
    return template()


def test_indonesian_arabic_spanish_and_brazilian_portuguese_are_shipped() -> None:
    assert {"id", "ar", "es", "pt_BR"} <= set(SHIPPED)


def test_the_template_holds_every_message_the_code_uses(extracted: Catalog) -> None:
    """Babel's extraction from app/ and domain/ now, against the committed messages.pot."""
    committed = read_catalog(LOCALES / "messages.pot")
    assert message_ids(extracted) == message_ids(committed), "run `make messages`"
    # The registry's descriptions are data, shown through gettext: each one is in it too.
    registry = build_registry(all_routes())
    for spec in registry.public() + registry.admin():
        assert spec.description in message_ids(committed)
        assert not spec.usage or spec.usage in message_ids(committed)


@pytest.mark.parametrize("code", SHIPPED)
def test_every_catalog_translates_every_message_with_nothing_fuzzy_or_empty(
    code: str, extracted: Catalog
) -> None:
    catalog = catalog_of(code)
    assert missing(extracted, catalog) == []
    assert message_ids(catalog) == message_ids(extracted)  # nothing left over either
    assert not catalog.fuzzy


@pytest.mark.parametrize("code", SHIPPED)
def test_every_translation_keeps_exactly_the_placeholders_and_tags_of_its_source(
    code: str,
) -> None:
    for message in catalog_of(code):
        if not message.id:
            continue
        sources = [message.id] if isinstance(message.id, str) else list(message.id)
        wanted = placeholders(sources[-1])
        tags = sorted(_TAG_RE.findall(sources[-1]))
        for text in forms(message):
            found = placeholders(text)
            # A plural form may name its number in words ("ثانيتين"): {n} alone may go.
            ok = found == wanted or (len(sources) > 1 and found == wanted - {"n"})
            assert ok, f"{code}: {text!r} has {found}, its source {wanted}"
            assert sorted(_TAG_RE.findall(text)) == tags, f"{code}: tags of {text!r}"
            text.format(**dict.fromkeys(found, "x"))  # and it formats


def test_catalogs_load_complete_with_each_languages_plural_rules() -> None:
    catalogs = Catalogs(LOCALES)
    assert catalogs.incomplete() == {}
    assert set(catalogs.complete()) == {"en", *SHIPPED}
    assert catalog_of("id").num_plurals == 1
    assert catalog_of("ar").num_plurals == 6
    arabic = catalogs.speech("ar").translations
    # CLDR's six Arabic categories: zero, one, two, few (3-10), many (11-99), other (100-102).
    assert [arabic.plural(n) for n in (0, 1, 2, 3, 11, 100)] == [0, 1, 2, 3, 4, 5]  # type: ignore[attr-defined]
    # Spanish and Brazilian Portuguese: one and other, as gettext writes them (Babel's CLDR
    # would add a third form for round millions, which no message here needs). Brazilian
    # Portuguese says "0 segundo", like 1; Spanish says "0 segundos".
    assert catalog_of("es").num_plurals == 2
    assert catalog_of("pt_BR").num_plurals == 2
    spanish = catalogs.speech("es").translations
    portuguese = catalogs.speech("pt_BR").translations
    assert [spanish.plural(n) for n in (0, 1, 2, 1000000)] == [1, 0, 1, 1]  # type: ignore[attr-defined]
    assert [portuguese.plural(n) for n in (0, 1, 2, 1000000)] == [0, 0, 1, 1]  # type: ignore[attr-defined]


def test_plural_forms_follow_the_language() -> None:
    catalogs = Catalogs(LOCALES)
    said = {}
    for code in ("en", "id", "ar", "es", "pt_BR"):
        with speaking(catalogs.speech(code)):
            said[code] = [ngettext(*RATE, n) for n in (1, 2, 5, 11, 100)]
    assert said["en"][:2] == [
        "🐢 Slow down a little: try again in 1 second.",
        "🐢 Slow down a little: try again in 2 seconds.",
    ]
    # Indonesian has one form, the number does all the work.
    assert {
        s.replace(str(n), "N") for s, n in zip(said["id"], (1, 2, 5, 11, 100), strict=True)
    } == {"🐢 Pelan-pelan dulu, ya: coba lagi dalam N detik."}
    one, two, few, many, other = said["ar"]
    assert "ثانية واحدة" in one and "1" not in one
    assert "ثانيتين" in two and "2" not in two
    assert "5 ثوانٍ" in few
    assert "11 ثانية" in many and "100 ثانية" in other
    assert said["es"][:3] == [
        "🐢 Tómatelo con calma: inténtalo de nuevo en 1 segundo.",
        "🐢 Tómatelo con calma: inténtalo de nuevo en 2 segundos.",
        "🐢 Tómatelo con calma: inténtalo de nuevo en 5 segundos.",
    ]
    assert said["pt_BR"][:2] == [
        "🐢 Vai com calma: tente de novo em 1 segundo.",
        "🐢 Vai com calma: tente de novo em 2 segundos.",
    ]
    with speaking(catalogs.speech("pt_BR")):
        assert ngettext(*RATE, 0) == "🐢 Vai com calma: tente de novo em 0 segundo."


def test_a_message_not_in_a_catalog_stays_as_written() -> None:
    with speaking(Catalogs(LOCALES).speech("ar")):
        assert gettext("No such message {x}", x="<b>") == "No such message <b>"


def test_every_translation_fits_telegram_with_room_for_its_values() -> None:
    """Translations run longer than English: each leaves room for long values in a message,
    a menu description stays within 256 characters and an alert within 200."""
    alerts = {
        "That language is not available.",
        buttons.INVALID,
        buttons.EXPIRED,
        buttons.NOT_YOURS,
        buttons.NOT_YOURS_CHAT,
    }
    menu = {spec.description for spec in build_registry(all_routes()).public()}
    for code in SHIPPED:
        for message in catalog_of(code):
            if not message.id:
                continue
            key = message.id if isinstance(message.id, str) else message.id[0]
            for text in forms(message):
                filled = text.format(**dict.fromkeys(placeholders(text), "x" * 256))
                assert len(filled) < 4096 // 2
                if key in menu:
                    assert 3 <= len(text) <= 256
                if key in alerts:
                    assert len(text) <= 200


def _write(root: Path, code: str, catalog: Catalog) -> None:
    folder = root / code / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / "messages.po").open("wb") as file:
        write_po(file, catalog)


def test_the_gate_refuses_a_catalog_with_a_gap(tmp_path: Path) -> None:
    """Untranslated, fuzzy or short of a plural form: each keeps the language from users."""
    root = tmp_path / "locales"
    root.mkdir()
    (root / "messages.pot").write_bytes((LOCALES / "messages.pot").read_bytes())
    greeting = next(m.id for m in catalog_of("id") if str(m.id).startswith("👋 Hello"))

    _write(root, "id", catalog_of("id"))
    untranslated = catalog_of("id")
    untranslated[greeting].string = ""
    _write(root, "ms", untranslated)
    fuzzy = catalog_of("id")
    fuzzy[greeting].flags.add("fuzzy")
    _write(root, "jv", fuzzy)
    short = catalog_of("ar")
    short[RATE].string = short[RATE].string[:5]
    _write(root, "ar", short)
    _write(root, "not-a-locale", catalog_of("id"))

    catalogs = Catalogs(root)
    assert catalogs.complete() == ["en", "id"]
    problems = catalogs.incomplete()
    assert set(problems) == {"ms", "jv", "ar"}  # and the folder that names no locale is skipped
    assert [p for p in problems["ms"] if p.startswith("untranslated")] != []
    assert [p for p in problems["jv"] if p.startswith("fuzzy")] != []
    assert [p for p in problems["ar"] if "plural form" in p] != []
    # A message the code gained and the catalog lacks: incomplete too.
    (root / "messages.pot").write_bytes(
        (LOCALES / "messages.pot").read_bytes() + b'\nmsgid "A new message"\nmsgstr ""\n'
    )
    assert Catalogs(root).complete() == ["en"]


def test_make_messages_on_the_committed_catalogs_changes_nothing(tmp_path: Path) -> None:
    """The .po files are in step with the code; re-extracting leaves every byte as it is."""
    import shutil

    from app.i18n.extract import main

    root = tmp_path / "locales"
    shutil.copytree(LOCALES, root)
    main(root)
    for path in LOCALES.rglob("*.po*"):
        assert (root / path.relative_to(LOCALES)).read_bytes() == path.read_bytes(), path
