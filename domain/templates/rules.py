"""Checking a user's template when it is set, so a bad one is never stored.

Every refusal names the problem and where it is (line and column), and
suggests the fix; rendering can then trust what was stored.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Collection
from html.parser import HTMLParser

from domain.errors import TemplateError
from domain.render import parse_fields

MAX_TEMPLATE_CHARS = 3000
URL_PLACEHOLDERS = frozenset({"link", "imdb_url", "poster"})
SAFE_SCHEMES = ("http://", "https://", "tg://")

# Telegram's HTML: tag → attributes it may carry.
ALLOWED_TAGS: dict[str, frozenset[str]] = {
    "b": frozenset(),
    "strong": frozenset(),
    "i": frozenset(),
    "em": frozenset(),
    "u": frozenset(),
    "ins": frozenset(),
    "s": frozenset(),
    "strike": frozenset(),
    "del": frozenset(),
    "tg-spoiler": frozenset(),
    "span": frozenset({"class"}),
    "a": frozenset({"href"}),
    "code": frozenset({"class"}),
    "pre": frozenset({"language"}),
    "blockquote": frozenset({"expandable"}),
    "tg-emoji": frozenset({"emoji-id"}),
}
_HINTS = {
    "br": "use a new line instead of <br>",
    "p": "use blank lines instead of <p>",
    "div": "use new lines instead of <div>",
    "font": "Telegram has no fonts or colours; try <b>, <i> or <code>",
    "img": "the poster is sent with the card; use {poster} for its link",
}


def _where(template: str, index: int) -> str:
    line = template.count("\n", 0, index) + 1
    column = index - (template.rfind("\n", 0, index) + 1) + 1
    return f"line {line}, column {column}"


class _TagChecker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, tuple[int, int]]] = []

    def _at(self) -> str:
        line, offset = self.getpos()
        return f"line {line}, column {offset + 1}"

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS:
            hint = _HINTS.get(tag, "allowed: " + ", ".join(f"<{t}>" for t in ALLOWED_TAGS))
            raise TemplateError(f"<{tag}> at {self._at()} is not supported by Telegram ({hint})")
        for name, value in attrs:
            if name not in ALLOWED_TAGS[tag]:
                raise TemplateError(
                    f'<{tag} {name}="…"> at {self._at()}: <{tag}> takes no "{name}"'
                )
            if tag == "a":
                _check_href(value or "", self._at())
            if tag == "span" and value != "tg-spoiler":
                raise TemplateError(f'<span> at {self._at()} must be <span class="tg-spoiler">')
        if tag == "a" and "href" not in dict(attrs):
            raise TemplateError(f'<a> at {self._at()} needs an href, e.g. <a href="{{link}}">')
        self.stack.append((tag, self.getpos()))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        raise TemplateError(f"<{tag}/> at {self._at()}: {_HINTS.get(tag, 'write <tag>…</tag>')}")

    def handle_endtag(self, tag: str) -> None:
        if not self.stack:
            raise TemplateError(f"</{tag}> at {self._at()} closes a tag that was never opened")
        opened, (line, offset) = self.stack.pop()
        if opened != tag:
            raise TemplateError(
                f"</{tag}> at {self._at()} does not match <{opened}> opened at line {line}, "
                f"column {offset + 1}; close </{opened}> first"
            )


def _check_href(href: str, where: str) -> None:
    href = href.strip()
    if href.startswith("{") and href.endswith("}") and href[1:-1].strip() in URL_PLACEHOLDERS:
        return
    if "{" in href or "}" in href:
        names = ", ".join(f"{{{n}}}" for n in sorted(URL_PLACEHOLDERS))
        raise TemplateError(f"the link at {where} may hold one whole placeholder: {names}")
    if not href.lower().startswith(SAFE_SCHEMES):
        raise TemplateError(f"the link at {where} must start with http://, https:// or tg://")


def validate_template(template: str, placeholders: Collection[str]) -> None:
    """Raise ``TemplateError`` naming the first problem; return quietly when it is fine."""
    if not template.strip():
        raise TemplateError("the template is empty")
    if len(template) > MAX_TEMPLATE_CHARS:
        raise TemplateError(
            f"the template has {len(template)} characters; the limit is {MAX_TEMPLATE_CHARS}"
        )
    for index, char in enumerate(template):
        if unicodedata.category(char) == "Cc" and char not in "\n\t":
            raise TemplateError(
                f"the template has an invisible control character at {_where(template, index)}"
            )
    for field in parse_fields(template):
        if field.name not in placeholders:
            guess = difflib.get_close_matches(field.name, list(placeholders), n=1)
            hint = f" — did you mean {{{guess[0]}}}?" if guess else ""
            raise TemplateError(
                f"unknown placeholder {{{field.name}}} at {_where(template, field.start)}{hint}"
            )
    checker = _TagChecker()
    checker.feed(template)
    checker.close()
    if checker.stack:
        tag, (line, offset) = checker.stack[-1]
        raise TemplateError(f"<{tag}> opened at line {line}, column {offset + 1} is never closed")
