"""Fuzzing the whole bot with hypothesis: whatever users send, nothing crashes,
nothing escapes HTML escaping, and every reply fits Telegram's limits.

The test client itself refuses (and fails the test on) over-long texts and
captions, empty texts and double answers, as Telegram would.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import bot_settings, running_bot
from tests.fakes.imdb import FakeImdb
from tests.fakes.kuryana import kuryana_server
from tests.harness.telegram import (
    Origin,
    People,
    Sent,
    anonymous_admin,
    as_channel,
    channel_post,
    chat_id_of,
    make_broadcast_channel,
    make_group,
    make_supergroup,
    make_user,
    member_of,
    private_sender,
)

COMMANDS = [
    "/start", "/help", "/mdl", "/mdlurl", "/imdb", "/imdburl", "/setmdltemplate",
    "/setimdbtemplate", "/getmdltemplate", "/previewmdltemplate", "/mdlplaceholders",
    "/removeimdbtemplate", "/nosuchcommand",
]  # fmt: skip
MARKUP = ["<b>", "</i>", "<a href='x'>", "&lt;", "&amp;amp;", "<script>", "{title}", ""]
NASTY = st.text(alphabet="<>&\"'{}[]()/\\:;.#?=%@ \n\tabcmdlt0123456789é😀\u200f", max_size=80)
TEXT = st.one_of(st.text(max_size=120), NASTY, st.text(min_size=300, max_size=5000))
URLISH = st.one_of(
    NASTY,
    st.builds(lambda a, b: f"https://mydramalist.com/{a}{b}", st.integers(0, 99999), NASTY),
    st.builds(lambda a, b: f"https://www.imdb.com/title/tt{a}/{b}", st.integers(0, 10**9), NASTY),
)
ACTIONS = st.lists(
    st.one_of(
        st.tuples(
            st.just("text"), st.builds(lambda c, t: f"{c} {t}", st.sampled_from(COMMANDS), TEXT)
        ),
        st.tuples(st.just("text"), TEXT),
        st.tuples(
            st.just("text"),
            st.builds(lambda m, t: f"/x{m}{t}", st.sampled_from(MARKUP), NASTY),
        ),
        st.tuples(st.just("url"), URLISH),
        st.tuples(st.just("press"), st.one_of(st.binary(max_size=70), NASTY)),
        st.tuples(st.just("press_real"), st.integers(0, 20)),
        st.tuples(st.just("inline"), st.tuples(TEXT, st.one_of(NASTY, st.text(max_size=70)))),
    ),
    min_size=1,
    max_size=8,
)


KNOWN = {c.lstrip("/") for c in COMMANDS} - {"nosuchcommand"} | {
    "getimdbtemplate", "previewimdbtemplate", "imdbplaceholders", "removemdltemplate", "help",
}  # fmt: skip


# The fakes' hostile titles hold this literally, and must show it literally.
UPSTREAM_ENTITY = "&amp;"


class Balance(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.ok = True

    def handle_starttag(self, tag: str, attrs: object) -> None:
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        self.ok = self.ok and bool(self.stack) and self.stack.pop() == tag


def check_echo(typed: str, replies: list[Sent]) -> None:
    """Where the bot quotes what the user typed, the user sees exactly that."""
    words = typed.split()
    if not words or not replies:
        return
    first = words[0]
    # A command only when the text starts with it: " /0" is plain text to the bot.
    command = typed.startswith(first)
    if command and re.match(r"/\w", first) and first.lstrip("/").split("@")[0] not in KNOWN:
        assert f"I don't know {first}" in replies[-1].text
    if first == "/mdl" and 0 < len(" ".join(words[1:])) <= 200:
        query = " ".join(words[1:])
        text = replies[-1].text
        if text.startswith("🔍 No dramas found"):
            assert f"“{query}”" in text


async def scenario(tmp_path: Path, actions: list[tuple[str, object]]) -> None:
    people = People()
    imdb = FakeImdb().install(cookie_dir=tmp_path / "imdb")
    try:
        async with (
            kuryana_server() as kuryana,
            running_bot(bot_settings(tmp_path, kuryana), kuryana, imdb) as bot,
        ):
            tg = bot.tg
            for kind, value in actions:
                if kind == "text":
                    before = len(tg.order)
                    await tg.send_text(people.alice, str(value))
                    check_echo(str(value), tg.order[before:])
                elif kind == "url":
                    await tg.send_text(people.alice, f"/mdlurl {value}")
                    await tg.send_text(people.alice, f"/imdburl {value}")
                elif kind == "press" and tg.order:
                    await tg.press(people.alice, tg.order[-1], data=value)  # type: ignore[arg-type]
                elif kind == "press_real":
                    buttons = [(sent, b) for sent in tg.order for b in sent.flat_buttons if b.data]
                    if buttons:
                        sent, button = buttons[int(value) % len(buttons)]  # type: ignore[call-overload]
                        await tg.press(
                            people.bob if int(value) % 3 == 0 else people.alice,
                            sent,
                            data=button.data,
                        )  # type: ignore[call-overload]
                elif kind == "inline":
                    text, offset = value  # type: ignore[misc]
                    await tg.inline(people.alice, text, offset)
            crashes = bot.services.metrics.registry.get_sample_value
            for update_kind in ("message", "callback", "inline"):
                for outcome in ("crash", "telegram_error"):
                    labels = {"kind": update_kind, "outcome": outcome}
                    assert crashes("bot_updates_total", labels) is None, labels
            typed = "".join(str(v) for _, v in actions)
            for sent in tg.order:
                checker = Balance()
                checker.feed(sent.html)
                assert checker.ok and not checker.stack, sent.html
                if "&" not in typed:  # then no entity may show as text: nothing escaped twice
                    shown = sent.text.replace(UPSTREAM_ENTITY, "")
                    assert not re.search(r"&(amp|lt|gt|quot|#\d+);", shown), sent.text
    finally:
        imdb.uninstall()


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(ACTIONS)
def test_whatever_users_send_the_bot_answers_safely(
    tmp_path: Path, actions: list[tuple[str, object]]
) -> None:
    asyncio.run(scenario(tmp_path, actions))


# --------------------------------------------------------------------------- senders

LOUNGE = make_supergroup(1_600_000_001, "Drama lounge")
CLUB = make_group(1_600_000_002, "Drama club")
NEWS = make_broadcast_channel(1_600_000_003, "Drama news")
CAROL = make_user(4004, "Carol", "carol")
CHAT_KINDS = {"anonymous_admin", "channel_post", "as_channel"}
PERSONAL = "comes from a chat, not a person"
MARK = "CHATMARK"
SENDERS: dict[str, Callable[[People], Origin]] = {
    "owner": lambda p: private_sender(p.owner),
    "owner_in_group": lambda p: member_of(CLUB, p.owner),
    "authorised": lambda p: private_sender(p.alice),
    "authorised_in_supergroup": lambda p: member_of(LOUNGE, p.alice),
    "stranger": lambda p: private_sender(p.bob),
    "stranger_in_group": lambda p: member_of(CLUB, p.bob),
    "banned": lambda p: private_sender(CAROL),
    "banned_in_supergroup": lambda p: member_of(LOUNGE, CAROL),
    "anonymous_admin": lambda p: anonymous_admin(LOUNGE),
    "channel_post": lambda p: channel_post(NEWS),
    "as_channel": lambda p: as_channel(LOUNGE, NEWS),
}
PER_USER = [
    "/setmdltemplate <b>{title}</b> " + MARK,
    "/getmdltemplate",
    "/removemdltemplate",
    "/previewimdbtemplate",
    "/watchlist",
    "/timezone Asia/Seoul",
    "/unwatch goblin",
]
SENDER_TEXTS = st.one_of(
    st.sampled_from(
        [
            *PER_USER,
            "/mdl goblin",
            "/imdb the matrix",
            "/search goblin",
            "/help",
            "/start",
            "/ban 2002",
            "/setpublicmode on",
            "goblin",
            "/nosuchcommand",
            f"/mdl {MARK}",
        ]
    ),
    NASTY,
)
SENDER_ACTIONS = st.lists(
    st.one_of(
        st.tuples(st.just("send"), st.sampled_from(sorted(SENDERS)), SENDER_TEXTS),
        st.tuples(
            st.just("press"),
            st.sampled_from(["owner", "alice", "bob", "carol"]),
            st.integers(0, 20),
        ),
    ),
    min_size=1,
    max_size=10,
)


async def sender_scenario(
    tmp_path: Path, public: bool, actions: list[tuple[str, str, object]]
) -> None:
    people = People()
    pressers = {"owner": people.owner, "alice": people.alice, "bob": people.bob, "carol": CAROL}
    imdb = FakeImdb().install(cookie_dir=tmp_path / "imdb")
    try:
        async with (
            kuryana_server() as kuryana,
            running_bot(bot_settings(tmp_path, kuryana), kuryana, imdb) as bot,
        ):
            tg = bot.tg
            await tg.send_text(people.owner, f"/authorize {people.alice.id}")
            await tg.send_text(people.owner, f"/ban {CAROL.id}")
            await tg.send_text(people.owner, f"/setpublicmode {'on' if public else 'off'}")
            public_now = public
            for kind, who, value in actions:
                before = len(tg.order)
                if kind == "press":
                    buttons = [(sent, b) for sent in tg.order for b in sent.flat_buttons if b.data]
                    if buttons:
                        sent, button = buttons[int(value) % len(buttons)]  # type: ignore[call-overload]
                        await tg.press(pressers[who], sent, data=button.data)
                    continue
                origin, text = SENDERS[who](people), str(value)
                await tg.send_as(origin, text)
                said = " ".join(s.text for s in tg.order[before:])
                if who.startswith("owner") and text == "/setpublicmode on":
                    public_now = True
                if who in CHAT_KINDS and text in PER_USER:
                    assert PERSONAL in said, (who, text, said)
                if who in CHAT_KINDS and text == "/mdl goblin" and not public_now:
                    assert "This bot is private" in said, (who, said)
                if who.startswith("banned"):
                    assert "Goblin" not in said and "Matrix" not in said, said
            crashes = bot.services.metrics.registry.get_sample_value
            for update_kind in ("message", "callback", "inline"):
                for outcome in ("crash", "telegram_error"):
                    labels = {"kind": update_kind, "outcome": outcome}
                    assert crashes("bot_updates_total", labels) is None, labels
            # No chat's message wrote anyone's template: not user 0's, not a chat's own.
            templates = bot.services.templates
            for identity in (0, chat_id_of(LOUNGE), chat_id_of(NEWS), chat_id_of(CLUB)):
                assert await templates.custom(identity, "mdl") is None, identity
            for person in (people.owner, people.alice, people.bob, CAROL):
                before = len(tg.order)
                await tg.send_text(person, "/getmdltemplate")
                for reply in tg.order[before:]:  # a banned user may be told nothing
                    if reply.text.startswith("You use the default"):
                        assert MARK not in reply.text, reply.text
    finally:
        imdb.uninstall()


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.booleans(), SENDER_ACTIONS)
def test_whoever_sends_it_the_bot_keeps_identities_and_access_apart(
    tmp_path: Path, public: bool, actions: list[tuple[str, str, object]]
) -> None:
    """Users, owners, authorised and banned users, anonymous admins, channel posts and
    messages sent as a channel, in private chats, groups, supergroups and channels."""
    asyncio.run(sender_scenario(tmp_path, public, actions))
