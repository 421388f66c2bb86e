"""Every main path, walked by a user of each shipped language beside an English twin.

Each step is taken by both. What the translated user reads must differ from
what the twin reads (it went through the catalog), must hold no English once
the upstreams' own data (titles, synopses, reviews, names: they stay as they
come) is set aside, and must fit Telegram's limits. A string that bypasses the
catalog anywhere on these paths fails here, naming the step and the words.
"""

from __future__ import annotations

import html
import re
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from pyrogram import raw

from tests.conftest import BotUnderTest, bot_settings, running_bot
from tests.e2e.i18n.test_languages import _ENGLISH, _KEPT, english_words
from tests.e2e.i18n.upstream_words import strip_upstream
from tests.fakes.imdb import FakeImdb
from tests.fakes.kuryana import FakeKuryana, Fault
from tests.harness.telegram import Sent, make_user

LANGUAGES = ["id", "ar", "es", "pt_BR"]
TELEGRAM_CODE = {"id": "id", "ar": "ar", "es": "es-419", "pt_BR": "pt-br"}

# Words of the bot's own English that the translations never use (beyond test_languages'
# function words), less those the target language writes too.
_LABELS = frozenset(
    re.findall(
        r"\w+",
        """
        results result found episodes rating votes watch watching next previous page people today
        season reviews nothing expired sorry busy template notify cast country minutes ago days
        hours airs aired where when more here yet yes all none only now soon later right answering
        unavailable saved copy couldn sent shared year type network duration rated pick title also
        matched person their cards role screenwriter main support reviews has such open
        """,
    )
)


def english_in(text: str, code: str) -> list[str]:
    """``text``: the HTML sent (examples in <code> are commands, kept in English)."""
    # Placeholder names stay English ({title}), and so do example queries (@bot imdb the
    # matrix) and the cache's namespaces (mdl:search).
    kept = re.sub(r"\{\w+\}|@\w+(?: [a-z0-9]+)*|\b[a-z]+:[a-z-]+\b", " ", text)
    kept = _KEPT.sub(" ", kept)
    kept = strip_upstream(html.unescape(re.sub(r"<[^>]+>", " ", kept)))
    return english_words(kept, code, _ENGLISH | _LABELS)


@dataclass
class Walk:
    bot: BotUnderTest
    code: str
    user: raw.types.User = field(init=False)
    twin: raw.types.User = field(init=False)
    problems: list[str] = field(default_factory=list)
    steps: int = 0

    def __post_init__(self) -> None:
        n = LANGUAGES.index(self.code)
        self.user = make_user(7100 + n, "Nadia", f"nadia{n}", lang=TELEGRAM_CODE[self.code])
        self.twin = make_user(7200 + n, "Nadia", f"twin{n}", lang="en")

    def last(self, user: raw.types.User) -> Sent:
        return self.bot.tg.last_to(user.id)

    def check(self, step: str, said: str, english: str, *, limit: int = 4096) -> None:
        self.steps += 1
        leaked = english_in(said, self.code)
        if leaked:
            self.problems.append(f"{step}: English {leaked} in {said[:300]!r}")
        if said == english and re.search(r"[^\W\d_]", _KEPT.sub(" ", strip_upstream(said))):
            self.problems.append(f"{step}: the same as in English: {said[:200]!r}")
        if len(said) > limit and limit < 1024:  # an alert; messages are measured as text
            self.problems.append(f"{step}: {len(said)} characters")

    def check_message(self, step: str) -> None:
        mine, theirs = self.last(self.user), self.last(self.twin)
        limit = 1024 if mine.photo else 4096
        self.check(step, mine.html, theirs.html, limit=limit)
        if len(mine.text) > limit:
            self.problems.append(f"{step}: {len(mine.text)} characters")
        for a in mine.flat_buttons:
            self.steps += 1
            leaked = english_in(a.text, self.code)
            if leaked:
                self.problems.append(f"{step}: button {a.text!r} is English")

    async def both(self, step: str, act: Callable[[raw.types.User], Awaitable[object]]) -> None:
        await act(self.twin)
        await act(self.user)
        self.check_message(step)

    async def send(self, text: str) -> None:
        await self.both(text, lambda u: self.bot.tg.send_text(u, text))

    async def press(self, step: str, index: int) -> None:
        """The ``index``-th callback button of each one's last message (labels differ)."""

        async def act(u: raw.types.User) -> None:
            message = self.last(u)
            buttons = [b for b in message.flat_buttons if b.data]
            assert len(buttons) > index, f"{step}: {[b.text for b in message.flat_buttons]}"
            query = await self.bot.tg.press(u, message, data=buttons[index].data)
            answer = self.bot.tg.answer_for(query)
            if answer.text:
                answers.append((u.id, answer.text))

        answers: list[tuple[int, str]] = []
        await self.both(step, act)
        mine = [t for uid, t in answers if uid == self.user.id]
        theirs = [t for uid, t in answers if uid == self.twin.id]
        for said, english in zip(mine, theirs, strict=False):
            self.check(f"{step} (alert)", said, english, limit=200)

    async def inline(self, query: str) -> None:
        said = []
        for u in (self.twin, self.user):
            answer = self.bot.tg.inline_answer_for(await self.bot.tg.inline(u, query))
            said.append([f"{r.title}\n{r.description}\n{r.text}" for r in answer.results])
        english, mine = said
        assert mine, f"inline {query!r} answered nothing"
        for a, b in zip(mine, english, strict=False):
            self.check(f"inline {query!r}", a, b)


@pytest.fixture
async def bot(tmp_path: Path, kuryana: FakeKuryana, imdb: FakeImdb) -> AsyncIterator[BotUnderTest]:
    async with running_bot(bot_settings(tmp_path, kuryana), kuryana, imdb) as running:
        yield running


@pytest.mark.parametrize("code", LANGUAGES)
async def test_every_main_path_speaks_the_users_language(bot: BotUnderTest, code: str) -> None:
    walk = Walk(bot, code)
    for command in ("/start", "/help", "/language", "/mdl goblin"):
        await walk.send(command)
    await walk.press("open the first result", 0)
    card_buttons = [b for b in walk.last(walk.twin).flat_buttons if b.data]
    for i, button in enumerate(card_buttons):  # cast, episodes, 🔔, similar, reviews, IMDb…
        await walk.send("/mdl goblin")
        await walk.press("open the first result again", 0)
        await walk.press(f"the card's {button.text!r}", i)
        if [b for b in walk.last(walk.twin).flat_buttons if b.data][1:]:
            await walk.press(f"the second button after {button.text!r}", 1)
    await walk.send("/person gong yoo")
    await walk.press("open the person", 0)
    await walk.press("the person card's second button", 1)
    await walk.send("/imdb the matrix 1999")
    await walk.press("open the IMDb result", 0)
    for command in (
        "/imdb the matrix 1999",
        "/mdl qwxzv nothing like it",
        "/imdb qwxzv nothing like it",
        "/search goblin",
        "/person gong yoo",
        "/together gong yoo + kim go eun",
        "/together gong yoo",
        "/watch https://mydramalist.com/18452-goblin",
        "/watchlist",
        "/unwatch",
        "/timezone",
        "/timezone Mars/Olympus",
        "/import",
        "/today",
        "/today atlantis",
        "/season",
        "/season 1850 9",
        "/mdlplaceholders",
        "/getmdltemplate",
        "/setmdltemplate {title} {nonsense",
        "/setmdltemplate 🎬 {title}",
        "/previewmdltemplate",
        "/removemdltemplate",
        "/personplaceholders",
        "/imdbplaceholders",
        "/region",
        "/region zz",
        "/mdl",
        "/imdburl nonsense",
        "/users",
        "/frobnicate",
    ):
        await walk.send(command)
    await walk.inline("goblin")
    await walk.inline("p gong yoo")
    await walk.inline("")
    bot.kuryana.fail_always(Fault.SERVER_ERROR)
    await walk.send("/mdl a drama nobody cached")
    bot.kuryana.heal()
    assert walk.steps > 100
    assert walk.problems == [], "\n".join(walk.problems)


@pytest.mark.parametrize("code", LANGUAGES)
async def test_the_owners_commands_speak_the_owners_language(
    tmp_path: Path, kuryana: FakeKuryana, imdb: FakeImdb, code: str
) -> None:
    """The owner is a Telegram user too: their reports and refusals are translated."""
    owners = [make_user(8100, "Olive", "olive", lang=TELEGRAM_CODE[code]), make_user(8200, "Oscar")]
    settings = bot_settings(tmp_path, kuryana, owner_ids=[o.id for o in owners])
    async with running_bot(settings, kuryana, imdb) as bot:
        walk = Walk(bot, code)
        walk.user, walk.twin = owners
        await walk.send("/mdl goblin")  # something for the statistics to count
        for command in (
            "/help",
            "/users",
            "/userstats",
            "/health",
            "/cache_stats",
            "/cache_analyze",
            "/authorize",
            "/authorize nobody-known",
            "/ban 424242",
            "/unban 424242",
            "/setpublicmode maybe",
            "/broadcast",
            "/stop_broadcast",
            "/log",
            "/cachereload",
        ):
            await walk.send(command)
        assert walk.steps > 15
        assert walk.problems == [], "\n".join(walk.problems)
