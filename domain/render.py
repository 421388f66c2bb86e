"""Card templates: ``{placeholder}`` substitution over Telegram HTML.

Deliberately not ``str.format``: only bare names are substituted, so user text
can never reach attributes, indexing or format specs. ``{{`` and ``}}`` are
literal braces. Values are HTML-escaped exactly once here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from domain.errors import TemplateError
from domain.text import escape

_FIELD_RE = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")
NAME_RE = re.compile(r"^[a-z][a-z0-9_]*$")
_TAG_RE = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)[^>]*>")


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    start: int


def parse_fields(template: str) -> list[Field]:
    """Every placeholder, in order; a malformed one is a ``TemplateError`` naming where."""
    fields = []
    for match in _FIELD_RE.finditer(template):
        token = match.group(0)
        if token in ("{{", "}}"):
            continue
        if token in ("{", "}"):
            raise TemplateError(
                f"unmatched '{token}' at character {match.start() + 1}; write {token * 2} "
                "for a literal brace"
            )
        name = match.group(1).strip()
        if not NAME_RE.match(name):
            raise TemplateError(
                f"'{{{match.group(1)}}}' at character {match.start() + 1} is not a placeholder: "
                "use plain names such as {title}"
            )
        fields.append(Field(name, match.start()))
    return fields


def _substitute(line: str, values: Mapping[str, str], missing: str) -> tuple[str, bool, bool]:
    """(rendered line, had placeholders, all of them empty)."""
    seen = any_value = False

    def one(match: re.Match[str]) -> str:
        nonlocal seen, any_value
        piece = match.group(0)
        if piece == "{{":
            return "{"
        if piece == "}}":
            return "}"
        seen = True
        value = values.get(match.group(1).strip(), "")
        if value:
            any_value = True
            return escape(value)
        return escape(missing)

    return _FIELD_RE.sub(one, line), seen, seen and not any_value


def _balanced(line: str) -> bool:
    depth: list[str] = []
    for closing, name in _TAG_RE.findall(line):
        if not closing:
            depth.append(name.lower())
        elif not depth or depth.pop() != name.lower():
            return False
    return not depth


def render(template: str, values: Mapping[str, str], missing: str = "") -> str:
    """Fill ``template``; a line whose placeholders are all empty is left out.

    Leaving such lines out keeps cards free of "Network: " stubs; a line is
    only dropped when its own tags are balanced, so the markup stays valid.
    """
    parse_fields(template)
    lines = []
    for line in template.split("\n"):
        rendered, _, all_empty = _substitute(line, values, missing)
        if all_empty and not missing and _balanced(line):
            continue
        lines.append(rendered)
    return "\n".join(lines).strip()
