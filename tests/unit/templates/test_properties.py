"""Properties of templates: any accepted template with any values gives valid, escaped,
Telegram-sized HTML; any refused template leaves the stored one alone."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from hypothesis import example, given, settings
from hypothesis import strategies as st
from pyrogram.parser.html import HTML

from app.telegram.html import for_kurigram
from domain.errors import TemplateError
from domain.render import render
from domain.templates.per_user import UserTemplates
from domain.templates.placeholders import MDL
from domain.templates.rules import validate_template
from domain.text import TEXT_LIMIT, fit_html, utf16_len, visible_text
from infra.cache.memory import MemoryCache

NAMES = sorted(MDL)
TAGS = ["b", "i", "u", "s", "code", "tg-spoiler", "blockquote", "blockquote expandable"]
# Literal template text: anything but what would start a tag or a placeholder.
LITERAL = st.text(
    st.characters(blacklist_characters="{}<>&", blacklist_categories=("Cs", "Cc")), max_size=20
)


def _wrap(parts: tuple[str, list[str]]) -> str:
    tag, inner = parts
    return f"<{tag}>{''.join(inner)}</{tag.split()[0]}>"


TEMPLATES = st.recursive(
    st.one_of(LITERAL, st.sampled_from(NAMES).map(lambda n: f"{{{n}}}"), st.just("\n")),
    lambda inner: st.one_of(
        st.tuples(st.sampled_from(TAGS), st.lists(inner, max_size=4)).map(_wrap),
        st.lists(inner, min_size=1, max_size=4).map("".join),
        inner.map(lambda body: f'<a href="{{link}}">{body}</a>'),
    ),
    max_leaves=15,
).filter(lambda t: t.strip())

VALUE = st.one_of(
    st.just(""),
    st.text(max_size=50),
    # Entity-shaped text too: Kurigram decodes entities twice.
    st.text(alphabet="<>&\"'/;#=ltgampquo0123456789x 𝕏😀", max_size=40),
    st.text(min_size=500, max_size=2500),
)
VALUES = st.fixed_dictionaries(dict.fromkeys(NAMES, VALUE))


class Clock:
    def now(self) -> datetime:
        return datetime(2026, 1, 1, tzinfo=UTC)


def kurigram_parse(markup: str) -> str:
    return str(asyncio.run(HTML(None).parse(markup))["message"])


@settings(max_examples=150, deadline=None)
@given(TEMPLATES, VALUES)
@example("<b>{title}</b> {year}", {"title": "&lt;b&gt; &amp;amp;", "year": "<i>&#60;"})
def test_any_accepted_template_renders_valid_escaped_html_within_the_limit(
    template: str, values: dict[str, str]
) -> None:
    validate_template(template, MDL)  # generated from the accepted grammar
    values = {**values, "link": "https://mydramalist.com/1-x"}
    card = fit_html(render(template, values), TEXT_LIMIT)
    shown = kurigram_parse(for_kurigram(card))
    # What Telegram shows is exactly our visible text: no value escaped its escaping.
    assert shown.strip() == visible_text(card).strip()
    assert utf16_len(shown) <= TEXT_LIMIT


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_a_refused_template_leaves_the_stored_one_unchanged(candidate: str) -> None:
    class Repo:
        def __init__(self) -> None:
            self.stored: dict[tuple[int, str], str] = {}

        async def get(self, user_id: int, source: str) -> str | None:
            return self.stored.get((user_id, source))

        async def put(self, user_id: int, source: str, template: str, at: datetime) -> None:
            self.stored[(user_id, source)] = template

        async def delete(self, user_id: int, source: str) -> bool:
            return self.stored.pop((user_id, source), None) is not None

    async def scenario() -> None:
        repo = Repo()
        templates = UserTemplates(repo, MemoryCache(), Clock())
        await templates.set(1, "mdl", "<b>{title}</b>")
        try:
            await templates.set(1, "mdl", candidate)
        except TemplateError:
            assert await templates.custom(1, "mdl") == "<b>{title}</b>"
            assert repo.stored[(1, "mdl")] == "<b>{title}</b>"
        else:
            assert await templates.custom(1, "mdl") == candidate.strip()

    asyncio.run(scenario())
