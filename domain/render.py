"""Card templates: ``{placeholder}`` substitution over Telegram HTML.

Deliberately not ``str.format``: only bare names are substituted, so user text
can never reach attributes, indexing or format specs. ``{{`` and ``}}`` are
literal braces. Values are HTML-escaped exactly once here.

The default templates speak the reader's language (``DefaultTemplate``: each
labelled line is a catalog message); a user's own template is shown as written.
In a right-to-left language every value shown as text that holds left-to-right
letters is isolated (FSI … PDI), so a Latin title or "1 hr. 10 min." keeps its
order inside an Arabic line (Arabic values and bare numbers need no isolating).
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from html.parser import HTMLParser

from domain.errors import TemplateError
from domain.i18n import N_, current, gettext
from domain.text import FSI, PDI, escape, has_left_to_right, shows_nothing, telegram_html

_FIELD_RE = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")
NAME_RE = re.compile(r"^[a-z][a-z0-9_]*$")
_TAG_RE = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)[^>]*>")
# In a prepared template every "<" of text is escaped: a "<" starts a tag.
_ANY_TAG_RE = re.compile(r"<[^>]*>")


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    start: int


def _braced(text: str) -> str:
    return f"{{{text}}}"


def parse_fields(template: str) -> list[Field]:
    """Every placeholder, in order; a malformed one is a ``TemplateError`` naming where."""
    fields = []
    for match in _FIELD_RE.finditer(template):
        token = match.group(0)
        if token in ("{{", "}}"):
            continue
        if token in ("{", "}"):
            raise TemplateError(
                # Translators: shown after "Template not saved:"; {brace} is { or }, {literal}
                # the same brace written twice.
                gettext(
                    "unmatched '{brace}' at character {position}; write {literal} for a "
                    "literal brace",
                    brace=token,
                    position=match.start() + 1,
                    literal=token * 2,
                )
            )
        name = match.group(1).strip()
        if not NAME_RE.match(name):
            raise TemplateError(
                # Translators: shown after "Template not saved:"; {written} is what the user
                # wrote between braces, {example} a placeholder name: keep both as they are.
                gettext(
                    "'{written}' at character {position} is not a placeholder: use plain names "
                    "such as {example}",
                    written=_braced(match.group(1)),
                    position=match.start() + 1,
                    example="{title}",
                )
            )
        fields.append(Field(name, match.start()))
    return fields


def _substitute(
    line: str, values: Mapping[str, str], missing: str, isolated: bool = False
) -> tuple[str, bool, bool]:
    """(rendered line, had placeholders, all of them empty).

    ``isolated``: values in the text (not in a tag's attribute) go between FSI and PDI.
    """
    seen = any_value = False
    tags = [m.span() for m in _ANY_TAG_RE.finditer(line)] if isolated and "<" in line else []

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
            if (
                isolated
                and has_left_to_right(value)
                and not any(a < match.start() < b for a, b in tags)
            ):
                return f"{FSI}{escape(value)}{PDI}"
            return escape(value)
        return escape(missing)

    return _FIELD_RE.sub(one, line), seen, seen and not any_value


class _Preparer(HTMLParser):
    """Re-escapes a template's literal text the way Kurigram's parser will read it.

    A stray ``<`` (``I <3 it``) or ``&`` is text to Telegram; escaped here, a
    value substituted next to it can never complete a tag or an entity. Tags
    are kept as written (their placeholders are filled next).
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)  # as Kurigram's parser
        self.out: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.out.append(self.get_starttag_text() or "")

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag: str) -> None:
        self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        # Placeholders are hidden while parsing, so a brace here was written as a
        # character reference (&#123;): it stays a literal brace, never a placeholder.
        text = html.escape(data, quote=False)
        self.out.append(text.replace("{", "{{").replace("}", "}}"))


_HIDDEN_RE = re.compile(r"\x00(\d+)\x01")


@functools.lru_cache(maxsize=512)
def _prepared(template: str) -> str:
    tokens: list[str] = []

    def hide(match: re.Match[str]) -> str:
        tokens.append(match.group(0))
        return f"\x00{len(tokens) - 1}\x01"

    # The markers are control characters, which templates may not hold.
    hidden = _FIELD_RE.sub(hide, template.replace("\x00", "").replace("\x01", ""))
    preparer = _Preparer()
    preparer.feed(hidden)
    preparer.close()
    return _HIDDEN_RE.sub(lambda m: tokens[int(m.group(1))], "".join(preparer.out))


def _balanced(line: str) -> bool:
    depth: list[str] = []
    for closing, name in _TAG_RE.findall(line):
        if not closing:
            depth.append(name.lower())
        elif not depth or depth.pop() != name.lower():
            return False
    return not depth


def fill(
    template: str, values: Mapping[str, str], missing: str = "", *, isolated: bool = False
) -> str:
    """Fill ``template``; a line whose placeholders are all empty is left out.

    Leaving such lines out keeps cards free of "Network: " stubs; a line is
    only dropped when its own tags are balanced, so the markup stays valid.
    The result is canonical Telegram HTML (``telegram_html``), and may show
    nothing at all when every placeholder of the template is empty.
    ``isolated``: each value shown as text is set apart (FSI … PDI), for right-to-left text.
    """
    parse_fields(template)
    lines = []
    for line in _prepared(template).split("\n"):
        rendered, _, all_empty = _substitute(line, values, missing, isolated)
        if all_empty and not missing and _balanced(line):
            continue
        lines.append(rendered)
    return telegram_html("\n".join(lines).strip()).strip()


NOTHING_TO_SHOW = N_("ℹ️ No details to show for this title.")


def fallback_card(values: Mapping[str, str]) -> str:
    """What a card says when its template shows nothing for this title: the title, linked."""
    title = escape(values.get("title", ""))
    link = values.get("link") or values.get("imdb_url") or ""
    linked = f'<a href="{escape(link)}">{title}</a>' if link else title
    card = telegram_html(f"<b>{linked}</b>")
    return card if not shows_nothing(card) else gettext(NOTHING_TO_SHOW)


# Cached answers show the same few cards again and again, in the same templates;
# each is rendered once while it stays among the most recent.
RENDERED_CARDS = 512


def render(
    template: str, values: Mapping[str, str], missing: str = "", *, isolated: bool = False
) -> str:
    """``fill``, but never a card that shows nothing (Telegram refuses empty messages).

    ``isolated``: set the values apart (FSI … PDI) as ``fill`` does, for a right-to-left
    reader (the MyDramaList and IMDb cards pass ``right_to_left()``).
    """
    # The language is part of the key: a card may say NOTHING_TO_SHOW in it.
    return _render(template, tuple(values.items()), missing, current().code, isolated)


@functools.lru_cache(maxsize=RENDERED_CARDS)
def _render(
    template: str,
    values: tuple[tuple[str, str], ...],
    missing: str,
    language: str,
    isolated: bool,
) -> str:
    fields = dict(values)
    card = fill(template, fields, missing, isolated=isolated)
    return card if not shows_nothing(card) else fallback_card(fields)


# A line of a default template: as written (no words), or (emoji, label marked with N_).
Line = str | tuple[str, str]


class DefaultTemplate:
    """A default card template, its labels in the current language (English as written).

    Built once per language: the cached card path asks for it on every send.
    """

    def __init__(self, *lines: Line) -> None:
        self._lines = lines
        self.english = self._build(lambda label: label)
        self._by_language: dict[str, tuple[object, str]] = {}

    def _build(self, label: Callable[[str], str]) -> str:
        return "\n".join(
            line if isinstance(line, str) else f"{line[0]} {label(line[1])}" for line in self._lines
        )

    def text(self) -> str:
        speech = current()
        known = self._by_language.get(speech.code)
        if known is not None and known[0] is speech.translations:
            return known[1]
        text = self._build(gettext)
        self._by_language[speech.code] = (speech.translations, text)
        return text

    def localise(self, template: str) -> str:
        """``template`` in the current language when it is this default, else as it is."""
        return self.text() if template == self.english else template
