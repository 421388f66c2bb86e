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
from domain.i18n import N_, gettext, ngettext
from domain.render import fill, parse_fields
from domain.text import (
    LITERAL_TAGS,
    MAX_URL_CHARS,
    TAG_NAMES,
    UNNESTABLE_TAGS,
    emoji_id_problem,
    isolate,
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
# Every refusal below is shown as "⚠️ Template not saved: <problem>" (app/wiring/errors.py),
# translated where it is raised: validation runs inside the update, in the user's language.
# Tag names, attribute names and placeholder names stay as written: they are code.
_HINTS = {
    "br": N_("use a new line instead of <br>"),
    "p": N_("use blank lines instead of <p>"),
    "div": N_("use new lines instead of <div>"),
    "font": N_("Telegram has no fonts or colours; try <b>, <i> or <code>"),
    # Translators: {poster} is a placeholder name: keep it as written.
    "img": N_("the poster is sent with the card; use {poster} for its link"),
}
# What ``domain.text`` says is wrong with a link or a custom emoji id, translated here
# where it is shown (only template refusals show it).
_PROBLEMS = (
    N_("is empty"),
    N_("holds spaces or invisible characters"),
    N_("mentions a Telegram user (tg://user?id=…), which templates do not support"),
    N_("must start with http://, https:// or tg:// and be a whole address"),
    N_('emoji-id must be the emoji\'s number, e.g. emoji-id="5368324170671202286"'),
    N_("emoji-id is out of range (it is a 64-bit number)"),
)


def _hint(tag: str) -> str:
    """What to write instead of ``tag``, in the current language."""
    if tag in _HINTS:
        return gettext(_HINTS[tag], poster=isolate("{poster}"))
    tags = ", ".join(f"<{t}>" for t in ALLOWED_TAGS)
    return gettext("allowed: {tags}", tags=isolate(tags))


# Code quoted in a refusal (tags, placeholders, examples) is set apart in a right-to-left
# language, so "</b>" does not read "<b/>" inside an Arabic sentence (``isolate``).
def _opening(tag: str, rest: str = "") -> str:
    return isolate(f"<{tag}{rest}>")


def _closing(tag: str) -> str:
    return isolate(f"</{tag}>")


def _braced(name: str) -> str:
    return isolate(f"{{{name}}}")


def _at(line: int, column: int) -> str:
    # Translators: where in the user's template a problem is; the other messages say
    # "<b> at {where} …" with this in {where}.
    return gettext("line {line}, column {column}", line=line, column=column)


def _where(template: str, index: int) -> str:
    line = template.count("\n", 0, index) + 1
    column = index - (template.rfind("\n", 0, index) + 1) + 1
    return _at(line, column)


class _TagChecker(HTMLParser):
    """Reads the template with the parser Kurigram uses, so a tag here is a tag there."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, tuple[int, int]]] = []
        self.emoji_text = ""

    def _at(self) -> str:
        line, offset = self.getpos()
        return _at(line, offset + 1)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS:
            raise TemplateError(
                # Translators: {tag} is an HTML tag such as <br>; {hint} says what to use instead.
                gettext(
                    "{tag} at {where} is not supported by Telegram ({hint})",
                    tag=_opening(tag),
                    where=self._at(),
                    hint=_hint(tag),
                )
            )
        self._check_nesting(tag)
        for name, value in attrs:
            if name not in ALLOWED_TAGS[tag]:
                raise TemplateError(
                    # Translators: {written} is the tag as written, e.g. <b class="…">;
                    # {attribute} is the attribute's name, e.g. class.
                    gettext(
                        '{written} at {where}: {tag} takes no "{attribute}"',
                        written=_opening(tag, f' {name}="…"'),
                        where=self._at(),
                        tag=_opening(tag),
                        attribute=isolate(name),
                    )
                )
            self._check_attribute(tag, name, value)
        if tag == "a" and "href" not in dict(attrs):
            raise TemplateError(
                gettext(
                    "<a> at {where} needs an href, e.g. {example}",
                    where=self._at(),
                    example=isolate('<a href="{link}">'),
                )
            )
        if tag == "tg-emoji" and "emoji-id" not in dict(attrs):
            self._emoji_problem(emoji_id_problem(None))
        self.stack.append((tag, self.getpos()))
        self.emoji_text = ""

    def _emoji_problem(self, problem: str | None) -> None:
        raise TemplateError(
            gettext("<tg-emoji> at {where}: {problem}", where=self._at(), problem=_said(problem))
        )

    def _check_nesting(self, tag: str) -> None:
        inside = [TAG_NAMES[opened] for opened, _ in self.stack]
        literal = next((t for t in inside if t in LITERAL_TAGS), None)
        if literal:
            raise TemplateError(
                # Translators: {inside} is <code> or <pre>, whose content Telegram shows as is.
                gettext(
                    "{tag} at {where} cannot go inside {inside}: Telegram shows {inside} as "
                    "plain text; close {closing} first",
                    tag=_opening(tag),
                    where=self._at(),
                    inside=_opening(literal),
                    closing=_closing(literal),
                )
            )
        if TAG_NAMES[tag] in UNNESTABLE_TAGS and TAG_NAMES[tag] in inside:
            raise TemplateError(
                gettext(
                    "{tag} at {where} cannot go inside another {tag}",
                    tag=_opening(tag),
                    where=self._at(),
                )
            )

    def _check_attribute(self, tag: str, name: str, value: str | None) -> None:
        if tag == "a":
            _check_href(value or "", self._at())
        elif value is not None and ("{" in value or "}" in value):
            raise TemplateError(
                gettext(
                    "{tag} at {where}: placeholders go in text or in <a href>",
                    tag=_opening(tag, f" {name}"),
                    where=self._at(),
                )
            )
        if tag == "span" and value != "tg-spoiler":
            raise TemplateError(
                gettext('<span> at {where} must be <span class="tg-spoiler">', where=self._at())
            )
        if tag == "tg-emoji" and (problem := emoji_id_problem(value)):
            self._emoji_problem(problem)
        if tag == "pre" and not language_ok(value):
            raise TemplateError(
                # Translators: "python" is the name of a programming language: keep it.
                gettext(
                    '<pre language="…"> at {where}: the language is a short name, '
                    'e.g. <pre language="python">',
                    where=self._at(),
                )
            )

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        hint = gettext(_HINTS[tag], poster=isolate("{poster}")) if tag in _HINTS else None
        raise TemplateError(
            # Translators: {tag} is a self-closed tag such as <br/>; {hint} what to write.
            gettext(
                "{tag} at {where}: {hint}",
                tag=_opening(tag, "/"),
                where=self._at(),
                hint=hint or gettext("write <tag>…</tag>"),
            )
        )

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1][0] == "tg-emoji":
            self.emoji_text += data

    def handle_endtag(self, tag: str) -> None:
        if not self.stack:
            raise TemplateError(
                gettext(
                    "{tag} at {where} closes a tag that was never opened",
                    tag=_closing(tag),
                    where=self._at(),
                )
            )
        opened, (line, offset) = self.stack.pop()
        if opened != tag:
            raise TemplateError(
                # Translators: {tag} is a closing tag such as </b>, {opened} the opening tag
                # it should have closed, e.g. <i>, and {closing} that tag's own closing tag.
                gettext(
                    "{tag} at {where} does not match {opened} opened at {opened_at}; "
                    "close {closing} first",
                    tag=_closing(tag),
                    where=self._at(),
                    opened=_opening(opened),
                    opened_at=_at(line, offset + 1),
                    closing=_closing(opened),
                )
            )
        if tag == "tg-emoji":
            self._check_emoji_text(line, offset)

    def _check_emoji_text(self, line: int, offset: int) -> None:
        # A custom emoji stands in for one ordinary emoji written between the tags.
        text = self.emoji_text.strip()
        if not text or "{" in text or any(c.isalnum() for c in text) or len(text) > 10:
            raise TemplateError(
                gettext(
                    "<tg-emoji> at {where} must hold the one emoji it replaces, e.g. {example}",
                    where=_at(line, offset + 1),
                    example=isolate('<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>'),
                )
            )

    def handle_comment(self, data: str) -> None:
        raise TemplateError(
            gettext(
                "HTML comments (<!-- … -->) at {where} are not supported in templates",
                where=self._at(),
            )
        )

    def handle_decl(self, decl: str) -> None:
        raise TemplateError(
            gettext(
                "HTML declarations (<!…>) at {where} are not supported in templates",
                where=self._at(),
            )
        )

    def unknown_decl(self, data: str) -> None:
        raise TemplateError(
            gettext(
                "HTML declarations (<![…]>) at {where} are not supported in templates",
                where=self._at(),
            )
        )

    def handle_pi(self, data: str) -> None:
        raise TemplateError(
            gettext(
                "Processing instructions (<?…>) at {where} are not supported in templates",
                where=self._at(),
            )
        )


def _said(problem: str | None) -> str:
    """A problem ``domain.text`` named, in the current language (as given when unknown)."""
    return gettext(problem) if problem else ""


def _check_href(href: str, where: str) -> None:
    href = href.strip()
    if href.startswith("{") and href.endswith("}") and href[1:-1].strip() in URL_PLACEHOLDERS:
        return
    if "{" in href or "}" in href:
        names = ", ".join(f"{{{n}}}" for n in sorted(URL_PLACEHOLDERS))
        raise TemplateError(
            gettext(
                "the link at {where} may hold one whole placeholder: {names}",
                where=where,
                names=isolate(names),
            )
        )
    problem = link_problem(href)
    if problem == _TOO_LONG:
        raise TemplateError(
            gettext(
                "the link at {where} is longer than {limit} characters",
                where=where,
                limit=MAX_URL_CHARS,
            )
        )
    if problem:
        # Translators: {problem} says what is wrong with the link, e.g. "is empty".
        raise TemplateError(
            gettext("the link at {where} {problem}", where=where, problem=_said(problem))
        )


_TOO_LONG = f"is longer than {MAX_URL_CHARS} characters"  # as domain.text says it


def validate_template(template: str, placeholders: Collection[str]) -> None:
    """Raise ``TemplateError`` naming the first problem; return quietly when it is fine."""
    if not template.strip():
        raise TemplateError(gettext("the template is empty"))
    length = utf16_len(template)
    if length > MAX_TEMPLATE_CHARS:
        raise TemplateError(
            ngettext(
                "the template has {n} character (as Telegram counts them: an emoji is 2); "
                "the limit is {limit}",
                "the template has {n} characters (as Telegram counts them: an emoji is 2); "
                "the limit is {limit}",
                length,
                limit=MAX_TEMPLATE_CHARS,
            )
        )
    for index, char in enumerate(template):
        if unicodedata.category(char) in ("Cc", "Cs") and char not in "\n\t":
            raise TemplateError(
                gettext(
                    "the template has an invisible control character at {where}",
                    where=_where(template, index),
                )
            )
    for field in parse_fields(template):
        if field.name not in placeholders:
            guess = difflib.get_close_matches(field.name, list(placeholders), n=1)
            where = _where(template, field.start)
            name = _braced(field.name)
            raise TemplateError(
                gettext(
                    "unknown placeholder {placeholder} at {where} — did you mean {guess}?",
                    placeholder=name,
                    where=where,
                    guess=_braced(guess[0]),
                )
                if guess
                else gettext(
                    "unknown placeholder {placeholder} at {where}", placeholder=name, where=where
                )
            )
    checker = _TagChecker()
    checker.feed(template)
    checker.close()
    if checker.stack:
        tag, (line, offset) = checker.stack[-1]
        raise TemplateError(
            gettext(
                "{tag} opened at {where} is never closed",
                tag=_opening(tag),
                where=_at(line, offset + 1),
            )
        )


def check_shows_something(template: str, sample: Mapping[str, str]) -> None:
    """Refuse a template that shows nothing even for a title with every field filled."""
    if shows_nothing(fill(template, sample)):
        raise TemplateError(
            gettext(
                "the template shows nothing: add some text or a placeholder, e.g. {example}",
                example=isolate("<b>{title}</b>"),
            )
        )
