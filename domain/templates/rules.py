"""Checking a user's template when it is set, so a bad one is never stored.

Every refusal names the problem and where it is (line and column), and
suggests the fix; rendering can then trust what was stored.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Collection, Mapping
from html.parser import HTMLParser

from domain.errors import TemplateError
from domain.render import fill, parse_fields
from domain.text import (
    LITERAL_TAGS,
    TAG_NAMES,
    UNNESTABLE_TAGS,
    emoji_id_problem,
    language_ok,
    link_problem,
    shows_nothing,
    utf16_len,
)

# Counted as Telegram counts (UTF-16 units: an emoji is 2), so that the template
# always fits in the message that /get…template shows it back in.
MAX_TEMPLATE_CHARS = 3000
URL_PLACEHOLDERS = frozenset({"link", "imdb_url", "poster"})

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
    """Reads the template with the parser Kurigram uses, so a tag here is a tag there."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, tuple[int, int]]] = []
        self.emoji_text = ""

    def _at(self) -> str:
        line, offset = self.getpos()
        return f"line {line}, column {offset + 1}"

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS:
            hint = _HINTS.get(tag, "allowed: " + ", ".join(f"<{t}>" for t in ALLOWED_TAGS))
            raise TemplateError(f"<{tag}> at {self._at()} is not supported by Telegram ({hint})")
        self._check_nesting(tag)
        for name, value in attrs:
            if name not in ALLOWED_TAGS[tag]:
                raise TemplateError(
                    f'<{tag} {name}="…"> at {self._at()}: <{tag}> takes no "{name}"'
                )
            self._check_attribute(tag, name, value)
        if tag == "a" and "href" not in dict(attrs):
            raise TemplateError(f'<a> at {self._at()} needs an href, e.g. <a href="{{link}}">')
        if tag == "tg-emoji" and "emoji-id" not in dict(attrs):
            raise TemplateError(f"<tg-emoji> at {self._at()}: {emoji_id_problem(None)}")
        self.stack.append((tag, self.getpos()))
        self.emoji_text = ""

    def _check_nesting(self, tag: str) -> None:
        inside = [TAG_NAMES[opened] for opened, _ in self.stack]
        literal = next((t for t in inside if t in LITERAL_TAGS), None)
        if literal:
            raise TemplateError(
                f"<{tag}> at {self._at()} cannot go inside <{literal}>: Telegram shows "
                f"<{literal}> as plain text; close </{literal}> first"
            )
        if TAG_NAMES[tag] in UNNESTABLE_TAGS and TAG_NAMES[tag] in inside:
            raise TemplateError(f"<{tag}> at {self._at()} cannot go inside another <{tag}>")

    def _check_attribute(self, tag: str, name: str, value: str | None) -> None:
        if tag == "a":
            _check_href(value or "", self._at())
        elif value is not None and ("{" in value or "}" in value):
            raise TemplateError(
                f"<{tag} {name}> at {self._at()}: placeholders go in text or in <a href>"
            )
        if tag == "span" and value != "tg-spoiler":
            raise TemplateError(f'<span> at {self._at()} must be <span class="tg-spoiler">')
        if tag == "tg-emoji" and (problem := emoji_id_problem(value)):
            raise TemplateError(f"<tg-emoji> at {self._at()}: {problem}")
        if tag == "pre" and not language_ok(value):
            raise TemplateError(
                f'<pre language="…"> at {self._at()}: the language is a short name, '
                'e.g. <pre language="python">'
            )

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        raise TemplateError(f"<{tag}/> at {self._at()}: {_HINTS.get(tag, 'write <tag>…</tag>')}")

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1][0] == "tg-emoji":
            self.emoji_text += data

    def handle_endtag(self, tag: str) -> None:
        if not self.stack:
            raise TemplateError(f"</{tag}> at {self._at()} closes a tag that was never opened")
        opened, (line, offset) = self.stack.pop()
        if opened != tag:
            raise TemplateError(
                f"</{tag}> at {self._at()} does not match <{opened}> opened at line {line}, "
                f"column {offset + 1}; close </{opened}> first"
            )
        if tag == "tg-emoji":
            self._check_emoji_text(line, offset)

    def _check_emoji_text(self, line: int, offset: int) -> None:
        # A custom emoji stands in for one ordinary emoji written between the tags.
        text = self.emoji_text.strip()
        if not text or "{" in text or any(c.isalnum() for c in text) or len(text) > 10:
            raise TemplateError(
                f"<tg-emoji> at line {line}, column {offset + 1} must hold the one emoji it "
                'replaces, e.g. <tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>'
            )

    def _refuse(self, what: str) -> None:
        raise TemplateError(f"{what} at {self._at()} are not supported in templates")

    def handle_comment(self, data: str) -> None:
        self._refuse("HTML comments (<!-- … -->)")

    def handle_decl(self, decl: str) -> None:
        self._refuse("HTML declarations (<!…>)")

    def unknown_decl(self, data: str) -> None:
        self._refuse("HTML declarations (<![…]>)")

    def handle_pi(self, data: str) -> None:
        self._refuse("Processing instructions (<?…>)")


def _check_href(href: str, where: str) -> None:
    href = href.strip()
    if href.startswith("{") and href.endswith("}") and href[1:-1].strip() in URL_PLACEHOLDERS:
        return
    if "{" in href or "}" in href:
        names = ", ".join(f"{{{n}}}" for n in sorted(URL_PLACEHOLDERS))
        raise TemplateError(f"the link at {where} may hold one whole placeholder: {names}")
    problem = link_problem(href)
    if problem:
        raise TemplateError(f"the link at {where} {problem}")


def validate_template(template: str, placeholders: Collection[str]) -> None:
    """Raise ``TemplateError`` naming the first problem; return quietly when it is fine."""
    if not template.strip():
        raise TemplateError("the template is empty")
    length = utf16_len(template)
    if length > MAX_TEMPLATE_CHARS:
        raise TemplateError(
            f"the template has {length} characters (as Telegram counts them: an emoji is 2); "
            f"the limit is {MAX_TEMPLATE_CHARS}"
        )
    for index, char in enumerate(template):
        if unicodedata.category(char) in ("Cc", "Cs") and char not in "\n\t":
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


def check_shows_something(template: str, sample: Mapping[str, str]) -> None:
    """Refuse a template that shows nothing even for a title with every field filled."""
    if shows_nothing(fill(template, sample)):
        raise TemplateError(
            "the template shows nothing: add some text or a placeholder, e.g. <b>{title}</b>"
        )
