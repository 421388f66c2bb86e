"""Person cards use the template machinery: set, get, preview, placeholders, checks."""

from __future__ import annotations

from tests.conftest import BotUnderTest
from tests.harness.telegram import People, Sent


async def ask(bot: BotUnderTest, people: People, text: str) -> Sent:
    await bot.tg.send_text(people.alice, text)
    return bot.tg.last_to(people.alice.id)


async def open_gong_yoo(bot: BotUnderTest, people: People) -> Sent:
    results = await ask(bot, people, "/person gong yoo")
    await bot.tg.press(people.alice, results, button="MDL")
    return bot.tg.last_to(people.alice.id)


async def test_a_person_template_shapes_the_cards(bot: BotUnderTest, people: People) -> None:
    saved = await ask(bot, people, "/setpersontemplate <b>{name}</b> · {works_count} works\n{bio}")
    assert "✅ Saved your person template" in saved.text
    card = await open_gong_yoo(bot, people)
    assert card.html.startswith("<b>Gong Yoo</b> · 4 works\nGong Yoo is a South Korean actor.")
    assert "Known for" not in card.text
    shown = await ask(bot, people, "/getpersontemplate")
    assert "{works_count}" in shown.text


async def test_the_preview_shows_the_last_person_opened(bot: BotUnderTest, people: People) -> None:
    sample = await ask(bot, people, "/previewpersontemplate")
    assert "👤 Gong Yoo" in sample.text  # the built-in sample before any lookup
    results = await ask(bot, people, "/person keanu")
    await bot.tg.press(people.alice, results, button="Keanu Reeves")
    preview = await ask(bot, people, "/previewpersontemplate")
    assert "👤 Keanu Reeves" in preview.text
    assert preview.photo is not None and "keanu" in preview.photo


async def test_unknown_placeholders_are_refused_with_a_suggestion(
    bot: BotUnderTest, people: People
) -> None:
    reply = await ask(bot, people, "/setpersontemplate <b>{nam}</b>")
    assert "Template not saved" in reply.text
    assert "{name}" in reply.text
    card = await open_gong_yoo(bot, people)
    assert "👤 Gong Yoo" in card.text  # the default stays


async def test_title_placeholders_are_not_person_placeholders(
    bot: BotUnderTest, people: People
) -> None:
    reply = await ask(bot, people, "/setpersontemplate {synopsis}")
    assert "Template not saved" in reply.text


async def test_unbalanced_html_is_refused(bot: BotUnderTest, people: People) -> None:
    reply = await ask(bot, people, "/setpersontemplate <b>{name}")
    assert "Template not saved" in reply.text


async def test_placeholders_list_meanings_and_examples(bot: BotUnderTest, people: People) -> None:
    reply = await ask(bot, people, "/personplaceholders")
    assert "person placeholders" in reply.text
    assert "{known_for} — Works by year, with role and rating" in reply.text
    assert "{birthplace} — Birthplace (IMDb) · Busan, South Korea" in reply.text


async def test_removing_goes_back_to_the_default(bot: BotUnderTest, people: People) -> None:
    await ask(bot, people, "/setpersontemplate {name}!")
    removed = await ask(bot, people, "/removepersontemplate")
    assert "🗑 Removed" in removed.text
    card = await open_gong_yoo(bot, people)
    assert "👤 Gong Yoo" in card.text and "Known for" in card.text


async def test_the_title_templates_do_not_change_person_cards(
    bot: BotUnderTest, people: People
) -> None:
    await ask(bot, people, "/setmdltemplate <b>{title}</b>!")
    card = await open_gong_yoo(bot, people)
    assert "👤 Gong Yoo" in card.text
