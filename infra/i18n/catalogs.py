"""The .po catalogs, read at start-up, and the gate that keeps half a translation from users.

Catalogs are read straight from the .po files in the repository (Babel's
``read_po``), so there is no compile step to forget: ``make run`` on a fresh
clone speaks every complete language. A catalog is *complete* when it
translates every message of the template (``messages.pot``, extracted from the
code), in every plural form its Plural-Forms header declares, with no fuzzy
entry: only complete catalogs are ever used.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from babel.core import Locale, UnknownLocaleError
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from domain.i18n import ENGLISH, Speech
from infra.i18n.formatting import number_writer

DOMAIN = "messages"
SOURCE_LANGUAGE = "en"  # the msgids themselves: English needs no catalog


def read_catalog(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as file:
        return read_po(file, locale=locale, domain=DOMAIN)


def message_ids(catalog: Catalog) -> set[str]:
    """The template's keys: the msgid, or the singular of a plural message."""
    return {_key(m.id) for m in catalog if m.id}


def _key(msgid: str | tuple[str, ...] | list[str]) -> str:
    return msgid if isinstance(msgid, str) else msgid[0]


def missing(template: Catalog, catalog: Catalog) -> list[str]:
    """What keeps ``catalog`` from being complete against ``template``; empty when complete."""
    problems = []
    for source in template:
        if not source.id:
            continue
        message = catalog.get(source.id)
        key = _key(source.id)
        if message is None or not message.string:
            problems.append(f"untranslated: {key!r}")
            continue
        if message.fuzzy:
            problems.append(f"fuzzy: {key!r}")
        forms = message.string if isinstance(message.string, tuple | list) else (message.string,)
        if isinstance(source.id, tuple | list) and len(forms) != catalog.num_plurals:
            problems.append(f"{len(forms)} plural forms, {catalog.num_plurals} expected: {key!r}")
        if not all(forms):
            problems.append(f"an empty plural form: {key!r}")
    return problems


def translations_of(catalog: Catalog) -> Translations:
    """The catalog as gettext translations, plural rules from its own Plural-Forms header."""
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)


@dataclass(frozen=True, slots=True)
class LoadedCatalog:
    code: str  # the folder's name: "id", "ar", "pt_BR"
    speech: Speech
    problems: tuple[str, ...]  # empty: complete

    @property
    def complete(self) -> bool:
        return not self.problems


class Catalogs:
    """Every catalog under ``root`` (``<code>/LC_MESSAGES/messages.po``), English built in."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.template = read_catalog(root / f"{DOMAIN}.pot")
        self.loaded: dict[str, LoadedCatalog] = {
            SOURCE_LANGUAGE: LoadedCatalog(SOURCE_LANGUAGE, ENGLISH, ())
        }
        for path in sorted(root.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
            code = path.parent.parent.name
            if code == SOURCE_LANGUAGE or not _is_locale(code):
                continue
            catalog = read_catalog(path, locale=code)
            rtl = Locale.parse(code).character_order == "right-to-left"
            speech = Speech(code, translations_of(catalog), number_writer(code), rtl)
            self.loaded[code] = LoadedCatalog(code, speech, tuple(missing(self.template, catalog)))

    def complete(self) -> list[str]:
        """English first, then every complete catalog by code."""
        return [code for code, loaded in self.loaded.items() if loaded.complete]

    def incomplete(self) -> dict[str, tuple[str, ...]]:
        return {code: c.problems for code, c in self.loaded.items() if not c.complete}

    def speech(self, code: str) -> Speech:
        return self.loaded[code].speech


def _is_locale(code: str) -> bool:
    try:
        Locale.parse(code)
    except (ValueError, UnknownLocaleError):
        return False
    return True


def native_name(code: str) -> str:
    """The language's name in itself, as its speakers write it ("Bahasa Indonesia", "العربية")."""
    locale = Locale.parse(code)
    name = locale.get_display_name(locale) or code
    return name[:1].upper() + name[1:]


def telegram_code(code: str) -> str:
    """The two-letter code Telegram's command menus take (``pt_BR`` → ``pt``)."""
    return Locale.parse(code).language
