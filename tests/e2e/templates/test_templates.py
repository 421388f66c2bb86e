"""Per-user templates end to end: set, get, remove, preview, placeholders, and use."""

from __future__ import annotations

from datetime import datetime

import pytest
from pyrogram import raw

from domain.errors import StorageUnavailable
from domain.templates.per_user import UserTemplates
from domain.templates.placeholders import IMDB, MDL
from tests.conftest import BotUnderTest
from tests.harness.telegram import People, Sent

GOBLIN = "https://mydramalist.com/18452-goblin"
MATRIX = "https://www.imdb.com/title/tt0133093/"


async def said(bot: BotUnderTest, user: raw.types.User, text: str, **kw: object) -> Sent:
    await bot.tg.send_text(user, text, **kw)  # type: ignore[arg-type]
    return bot.tg.last_to(user.id)


async def test_a_custom_template_is_used_by_the_next_lookup(
    bot: BotUnderTest, people: People
) -> None:
    saved = await said(bot, people.alice, "/setmdltemplate <b>{title}</b> ({year})\n⭐ {rating}")
    assert "Saved your MyDramaList template" in saved.text
    card = await said(bot, people.alice, f"/mdlurl {GOBLIN}")
    assert card.html == "<b>Goblin</b> (2016)\n⭐ 8.8"
    assert card.photo  # still a card with its poster
    # Someone else still gets the default card.
    other = await said(bot, people.bob, f"/mdlurl {GOBLIN}")
    assert "📅 Year: 2016" in other.text


async def test_a_template_from_the_old_bot_pastes_in_unchanged(
    bot: BotUnderTest, people: People
) -> None:
    old = "<b>{title}</b> ({year})\n⭐ {rating}\n{synopsis}"
    await said(bot, people.alice, f"/setmdltemplate {old}")
    card = await said(bot, people.alice, f"/mdlurl {GOBLIN}")
    assert card.text.startswith("Goblin (2016)\n⭐ 8.8\nA goblin who has lived for 939 years")


async def test_imdb_cards_use_the_imdb_template(bot: BotUnderTest, people: People) -> None:
    await said(bot, people.alice, "/setimdbtemplate 🎬 <i>{title}</i> — {director} · {runtime}")
    card = await said(bot, people.alice, f"/imdburl {MATRIX}")
    assert card.html == "🎬 <i>The Matrix</i> — Lana Wachowski, Lilly Wachowski · 2h 16m"
    mdl_card = await said(bot, people.alice, f"/mdlurl {GOBLIN}")
    assert "📅 Year: 2016" in mdl_card.text  # the MyDramaList template is separate


async def test_set_as_a_reply_to_a_formatted_message(bot: BotUnderTest, people: People) -> None:
    text = "{title} aired {aired}"
    bold = raw.types.MessageEntityBold(offset=0, length=len("{title}"))
    held = await bot.tg.send_text(people.alice, text, entities=[bold])
    saved = await said(bot, people.alice, "/setmdltemplate", reply_to=held)
    assert "Saved" in saved.text
    shown = await said(bot, people.alice, "/getmdltemplate")
    assert "<b>{title}</b> aired {aired}" in shown.text


async def test_formatting_sent_with_the_command_becomes_html(
    bot: BotUnderTest, people: People
) -> None:
    text = "/setmdltemplate ⭐ {rating} & {title}"
    start = len("/setmdltemplate ⭐ ".encode("utf-16-le")) // 2
    italic = raw.types.MessageEntityItalic(offset=start, length=len("{rating}"))
    await bot.tg.send_text(people.alice, text, entities=[italic])
    card = await said(bot, people.alice, f"/mdlurl {GOBLIN}")
    assert card.text == "⭐ 8.8 & Goblin"
    assert card.html == "⭐ <i>8.8</i> &amp; Goblin"


@pytest.mark.parametrize(
    ("template", "problem"),
    [
        (
            "<b>{titel}</b>",
            "unknown placeholder {titel} at line 1, column 4 — did you mean {title}?",
        ),
        ("{title}<br>{year}", "<br> at line 1, column 8 is not supported by Telegram"),
        ("<b>{title}", "<b> opened at line 1, column 1 is never closed"),
        ("<b><i>{title}</b></i>", "does not match <i>"),
        ('<a href="javascript:alert(1)">{title}</a>', "must start with http://, https:// or tg://"),
        ("{title.__class__}", "is not a placeholder"),
        ("{0}", "is not a placeholder"),
        ("{title:>30}", "is not a placeholder"),
        ("x" * 3001, "the limit is 3000"),
        ("<!-- note -->{title}", "HTML comments (<!-- … -->) at line 1, column 1"),
        ("<pre language>{title}</pre>", "the language is a short name"),
        ("<code><b>{title}</b></code>", "<b> at line 1, column 7 cannot go inside <code>"),
        ('<a href="{link}"><a href="{link}">{title}</a></a>', "cannot go inside another <a>"),
        ('<tg-emoji emoji-id="1">{title}</tg-emoji>', "must hold the one emoji it replaces"),
        ('<a href="https://a b">{title}</a>', "holds spaces or invisible characters"),
        ('<code class="{title}">x</code>', "placeholders go in text or in <a href>"),
    ],
)
async def test_a_bad_template_is_refused_naming_the_problem_and_nothing_changes(
    bot: BotUnderTest, people: People, template: str, problem: str
) -> None:
    await said(bot, people.alice, "/setmdltemplate <b>{title}</b>")
    refused = await said(bot, people.alice, f"/setmdltemplate {template}")
    assert refused.text.startswith("⚠️ Template not saved:")
    assert problem in refused.text
    shown = await said(bot, people.alice, "/getmdltemplate")
    assert "<b>{title}</b>" in shown.text  # the previous one stays


async def test_set_without_a_template_explains_usage(bot: BotUnderTest, people: People) -> None:
    reply = await said(bot, people.alice, "/setimdbtemplate")
    assert "Send the template after the command." in reply.text
    assert "/setimdbtemplate <b>{title}</b>" in reply.text


async def test_get_shows_the_default_until_one_is_set(bot: BotUnderTest, people: People) -> None:
    shown = await said(bot, people.alice, "/getmdltemplate")
    assert "You use the default MyDramaList template" in shown.text
    assert "<pre>🎬 &lt;b&gt;{title}&lt;/b&gt;" in shown.html  # copyable, as text


async def test_remove_returns_to_the_default(bot: BotUnderTest, people: People) -> None:
    await said(bot, people.alice, "/setmdltemplate {title}!")
    assert "Removed" in (await said(bot, people.alice, "/removemdltemplate")).text
    card = await said(bot, people.alice, f"/mdlurl {GOBLIN}")
    assert "📅 Year: 2016" in card.text
    again = await said(bot, people.alice, "/removemdltemplate")
    assert "You had no MyDramaList template" in again.text


async def test_preview_uses_the_last_title_looked_up(bot: BotUnderTest, people: People) -> None:
    await said(bot, people.alice, "/setmdltemplate Preview of <b>{title}</b> · {original_network}")
    await said(bot, people.alice, f"/mdlurl {GOBLIN}")
    preview = await said(bot, people.alice, "/previewmdltemplate")
    assert preview.html == "Preview of <b>Goblin</b> · tvN"
    assert preview.photo == "https://i.mydramalist.com/Lx0Kg_4c.jpg"


async def test_preview_before_any_lookup_uses_a_sample(bot: BotUnderTest, people: People) -> None:
    await said(bot, people.alice, "/setimdbtemplate {title} by {director}")
    preview = await said(bot, people.alice, "/previewimdbtemplate")
    assert preview.text == "The Matrix by Lana Wachowski, Lilly Wachowski"
    assert bot.imdb.call_count == 0


@pytest.mark.parametrize(
    ("command", "names"), [("/mdlplaceholders", MDL), ("/imdbplaceholders", IMDB)]
)
async def test_placeholders_lists_every_name_with_an_example(
    bot: BotUnderTest, people: People, command: str, names: dict[str, object]
) -> None:
    listing = await said(bot, people.alice, command)
    for name in names:
        assert f"{{{name}}} — " in listing.text


async def test_values_are_escaped_in_custom_templates(bot: BotUnderTest, people: People) -> None:
    await said(bot, people.alice, "/setmdltemplate <b>{title}</b>")
    await said(bot, people.alice, "/mdl script")
    results = bot.tg.last_to(people.alice.id)
    await bot.tg.press(people.alice, results, button="1. ")
    card = bot.tg.last_to(people.alice.id)
    assert "<script>" in card.text
    assert card.html.startswith("<b>") and "&lt;script&gt;" in card.html


class DownDatabase:
    """A template repository whose database is unreachable."""

    async def get(self, user_id: int, source: str) -> str | None:
        raise StorageUnavailable("database down")

    async def put(self, user_id: int, source: str, template: str, at: datetime) -> None:
        raise StorageUnavailable("database down")

    async def delete(self, user_id: int, source: str) -> bool:
        raise StorageUnavailable("database down")


async def test_with_the_database_down_a_save_says_so_and_lookups_still_work(
    bot: BotUnderTest, people: People
) -> None:
    services = bot.services
    services.templates = UserTemplates(DownDatabase(), services.cache, services.clock)
    refused = await said(bot, people.alice, "/setmdltemplate {title}")
    assert "could not save that just now; nothing was changed" in refused.text
    card = await said(bot, people.alice, f"/mdlurl {GOBLIN}")
    assert "📅 Year: 2016" in card.text  # the default card
