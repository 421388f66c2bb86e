"""Rebuild the catalog template from the code, and merge it into every language's .po file.

    python -m app.i18n.extract          # or: make messages

Messages are what Babel finds in ``app/`` and ``domain/`` under ``gettext``,
``ngettext`` and ``N_``, plus every registered command's description and
usage (data, translated where /help and the menus show them). A message new
to a language is added to its .po file untranslated, which keeps that language
away from users until a translator fills it in (infra/i18n/catalogs.py).
"""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import write_po

from app.i18n.languages import LOCALES
from app.wiring.bot import all_routes
from infra.i18n.catalogs import DOMAIN, read_catalog

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ("app", "domain")
KEYWORDS = {"gettext": None, "ngettext": (1, 2), "N_": None}
COMMENT_TAGS = ["Translators:"]


def template() -> Catalog:
    catalog = Catalog(project="dramabot", domain=DOMAIN, fuzzy=False)
    for source in SOURCES:
        found = extract_from_dir(
            ROOT / source,
            method_map=[("**.py", "python")],
            keywords=KEYWORDS,
            comment_tags=COMMENT_TAGS,
            strip_comment_tags=True,
        )
        for filename, lineno, message, comments, context in found:
            catalog.add(
                message,
                locations=[(f"{source}/{filename}", lineno)],
                auto_comments=comments,
                context=context,
            )
    for route in all_routes():
        spec = route.spec
        where = [(f"/{spec.name}", 0)]
        catalog.add(spec.description, locations=where, auto_comments=["command description"])
        if spec.usage:
            catalog.add(spec.usage, locations=where, auto_comments=["command arguments"])
    return catalog


def _write(catalog: Catalog, path: Path) -> None:
    """Write ``catalog`` unless only its creation date would change (no churn in git)."""
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, sort_output=True, include_lineno=False)
    if not path.exists() or _dateless(path.read_bytes()) != _dateless(buffer.getvalue()):
        path.write_bytes(buffer.getvalue())


def _dateless(po: bytes) -> bytes:
    return re.sub(rb'"POT-Creation-Date: [^"]*"', b"", po)


def main(root: Path = LOCALES) -> int:
    pot = template()
    _write(pot, root / f"{DOMAIN}.pot")
    for path in sorted(root.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        catalog = read_catalog(path, locale=path.parent.parent.name)
        catalog.update(pot, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        _write(catalog, path)
        print(f"{path.relative_to(root)}: {len(catalog)} messages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
