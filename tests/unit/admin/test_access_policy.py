"""The access decision, owner-command arguments and the gate each route gets."""

from __future__ import annotations

import pytest

from app.admin.gate import LOOKUP, MEMBER, OPEN, gate_for
from app.wiring.commands import CommandSpec
from domain.admin.access import (
    AccessFlags,
    Refusal,
    Target,
    decide,
    how_to_ask,
    parse_switch,
    parse_target,
)
from domain.errors import InvalidInput

NOBODY = AccessFlags()
AUTHORISED = AccessFlags(authorised=True)
BANNED = AccessFlags(banned=True)


@pytest.mark.parametrize(
    ("owner", "flags", "public", "members_only", "refusal"),
    [
        (True, BANNED, False, True, None),  # owners always
        (False, NOBODY, True, True, None),  # public mode: everyone
        (False, NOBODY, False, True, Refusal.NOT_AUTHORISED),
        (False, NOBODY, False, False, None),  # /start and /help stay open
        (False, AUTHORISED, False, True, None),
        (False, BANNED, True, False, Refusal.BANNED),  # a ban blocks everything
        (False, AccessFlags(True, True), False, True, Refusal.BANNED),
    ],
)
def test_decide(
    owner: bool, flags: AccessFlags, public: bool, members_only: bool, refusal: Refusal | None
) -> None:
    decision = decide(owner=owner, flags=flags, public_mode=public, members_only=members_only)
    assert decision.refusal is refusal
    assert decision.allowed is (refusal is None)


def test_how_to_ask_names_the_id_and_fits_a_button_alert() -> None:
    text = how_to_ask(7_999_999_999, "@a_very_long_owner_username_32ch")
    assert "7999999999" in text and "/authorize 7999999999" in text
    assert "@a_very_long_owner_username_32ch" in text
    assert len(text) <= 200


@pytest.mark.parametrize(
    ("argument", "target"),
    [
        ("12345", Target(user_id=12345)),
        ("  12345 extra words", Target(user_id=12345)),
        ("@alice", Target(username="alice")),
        ("Alice_99", Target(username="Alice_99")),
    ],
)
def test_parse_target(argument: str, target: Target) -> None:
    assert parse_target(argument, "usage") == target


@pytest.mark.parametrize("argument", ["", "   ", "@ab", "-5", "@bad-name", "<b>x</b>", "1a"])
def test_parse_target_refuses_what_is_neither_id_nor_username(argument: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_target(argument, "Usage: /ban <id>")
    assert refused.value.hint == "Usage: /ban <id>"


@pytest.mark.parametrize(("text", "value"), [("on", True), ("OFF", False), (" yes ", True)])
def test_parse_switch(text: str, value: bool) -> None:
    assert parse_switch(text, "usage") is value


def test_parse_switch_refuses_anything_else() -> None:
    with pytest.raises(InvalidInput):
        parse_switch("maybe", "usage")


def test_each_kind_of_command_gets_its_gate() -> None:
    assert gate_for(CommandSpec("start", "x", everyone=True)) is OPEN
    assert gate_for(CommandSpec("ban", "x", admin=True)) is OPEN  # owner_only checks
    assert gate_for(CommandSpec("mdl", "x", lookup=True)) is LOOKUP
    assert gate_for(CommandSpec("setmdltemplate", "x")) is MEMBER
    assert LOOKUP.lookup and LOOKUP.members_only and LOOKUP.force_sub
    assert not MEMBER.lookup and MEMBER.members_only
    assert not OPEN.members_only and not OPEN.force_sub
