"""The registry behind /help and the command menus."""

from __future__ import annotations

import pytest

from app.wiring.commands import CommandRegistry, CommandSpec

REGISTRY = CommandRegistry(
    [
        CommandSpec("mdl", "Search MyDramaList", usage="<title>"),
        CommandSpec("broadcast", "Message every user", usage="<text>", admin=True),
        CommandSpec("log", "Send the log file", admin=True, in_menu=False),
    ]
)


def test_users_see_only_public_commands() -> None:
    text = REGISTRY.help_text(owner=False)
    assert "/mdl &lt;title&gt; — Search MyDramaList" in text
    assert "/broadcast" not in text and "Owner commands" not in text


def test_owners_see_their_section_too() -> None:
    text = REGISTRY.help_text(owner=True)
    assert "<b>Owner commands</b>" in text
    assert "/broadcast &lt;text&gt; — Message every user" in text
    assert "/log" in text


def test_menus() -> None:
    assert REGISTRY.menu(owner=False) == [("mdl", "Search MyDramaList")]
    assert REGISTRY.menu(owner=True) == [
        ("mdl", "Search MyDramaList"),
        ("broadcast", "Message every user"),
    ]


def test_a_name_registered_twice_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="registered twice"):
        CommandRegistry([CommandSpec("mdl", "a"), CommandSpec("x", "b", aliases=("mdl",))])
