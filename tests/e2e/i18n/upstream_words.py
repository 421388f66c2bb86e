"""What the fake upstreams say, so a scan for English can leave their data alone.

Titles, synopses, reviews, tags and names come from MyDramaList and IMDb as they
are and stay so in every language; the labels around them must not be English.
The scan strips every string the fakes serve (and its HTML-escaped form, and a
shortened start of it, as cards cut long synopses) before it looks for English.
"""

from __future__ import annotations

import ast
import dataclasses
import html
import json
import re
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

from domain.templates import placeholders, samples
from tests.e2e.i18n.test_languages import _ENGLISH
from tests.fakes import imdb_catalogue, imdb_people, kuryana_calendar, kuryana_people
from tests.fakes.kuryana import FIXTURES

_PREFIX = 16  # a cut synopsis keeps at least this much of its start


def _strings(value: Any, seen: set[int] | None = None) -> Iterator[str]:
    seen = seen if seen is not None else set()
    if id(value) in seen:
        return
    if isinstance(value, str):
        yield value
        return
    if isinstance(value, dict):
        seen.add(id(value))
        for item in value.values():
            yield from _strings(item, seen)
    elif isinstance(value, list | tuple | set | frozenset):
        seen.add(id(value))
        for item in value:
            yield from _strings(item, seen)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        seen.add(id(value))
        for f in dataclasses.fields(value):
            yield from _strings(getattr(value, f.name), seen)


def _module_data(module: Any) -> Iterator[str]:
    for name, value in vars(module).items():
        if not name.startswith("__") and not callable(value) and not isinstance(value, ModuleType):
            yield from _strings(value)


def _sample_values(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    marked = {
        id(arg)
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) in ("N_", "gettext")
        for arg in node.args
    }
    return {
        n.value
        for n in ast.walk(tree)
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in marked
    }


@cache
def upstream_strings() -> tuple[str, ...]:
    found: set[str] = set()
    for path in FIXTURES.rglob("*.json"):
        found.update(_strings(json.loads(path.read_text(encoding="utf-8"))))
    for module in (imdb_catalogue, imdb_people, kuryana_calendar, kuryana_people):
        found.update(_module_data(module))
    # The templates' sample values stand for upstream data too ("The Walking Dead"); their
    # labels (marked with N_) do not.
    for module in (samples, placeholders):
        found.update(_sample_values(Path(module.__file__)))
    kept = {
        s.strip()
        for s in found
        if len(s.strip()) >= 3 and not s.startswith("http") and not _only_common_words(s)
    }
    return tuple(sorted(kept, key=len, reverse=True))


def _only_common_words(value: str) -> bool:
    """A fake's "Open" or "Show" must not hide the bot's own English from the scan."""
    return all(w.lower() in _ENGLISH for w in re.findall(r"\w+", value))


def strip_upstream(text: str, extra: Iterable[str] = ()) -> str:
    """``text`` with the upstreams' own strings (whole, escaped or cut short) blanked out."""
    for value in (*sorted(extra, key=len, reverse=True), *upstream_strings()):
        for form in {value, html.escape(value, quote=False), html.escape(value)}:
            if form in text:
                # Whole words only: a fake's "person" must not eat into "personas".
                text = re.sub(rf"(?<!\w){re.escape(form)}(?!\w)", " ", text)
            elif len(form) > _PREFIX and form[:_PREFIX] in text:
                text = _strip_prefixes(text, form)
    return text


def _strip_prefixes(text: str, value: str) -> str:
    out = []
    at = 0
    for match in re.finditer(re.escape(value[:_PREFIX]), text):
        if match.start() < at:
            continue
        end = match.end()
        k = _PREFIX
        while end < len(text) and k < len(value) and text[end] == value[k]:
            end += 1
            k += 1
        out.append(text[at : match.start()])
        out.append(" ")
        at = end
    out.append(text[at:])
    return "".join(out)
