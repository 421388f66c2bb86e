"""Sender identities and strict ids: the pure rules behind app/admin/gate.py."""

from __future__ import annotations

import pytest

from domain.admin.access import (
    INT64_MAX,
    Refusal,
    Sender,
    SenderKind,
    decide_for_chat,
    parse_id,
    parse_page_number,
)
from domain.errors import InvalidInput


@pytest.mark.parametrize("text", ["1", "123456789", str(INT64_MAX)])
def test_parse_id_takes_ascii_digits_within_64_bits(text: str) -> None:
    assert parse_id(text) == int(text)


@pytest.mark.parametrize(
    "text",
    ["0", str(INT64_MAX + 1), "9999999999999999999", "١٢٣", "²", "１２３", "-5", "+5", "1e3", ""],
)
def test_parse_id_refuses_everything_else(text: str) -> None:
    assert parse_id(text) is None


@pytest.mark.parametrize(("text", "page"), [("", 0), ("1", 0), ("12", 11), (" 3 ", 2)])
def test_parse_page_number(text: str, page: int) -> None:
    assert parse_page_number(text, "usage") == page


@pytest.mark.parametrize("text", ["0", "²", "١", "-1", "99999999999999999999", "x"])
def test_parse_page_number_refuses_what_is_not_one(text: str) -> None:
    with pytest.raises(InvalidInput):
        parse_page_number(text, "usage")


def test_a_sender_is_never_nobody_and_chats_have_keys_apart_from_users() -> None:
    with pytest.raises(ValueError, match="identity"):
        Sender(SenderKind.CHAT, 0)
    user, chat = Sender(SenderKind.USER, 42), Sender(SenderKind.CHAT, -1001234)
    assert user.is_user and not chat.is_user
    assert user.key == "42" and chat.key == "chat:-1001234"


def test_a_chat_gets_what_a_stranger_gets_and_nothing_personal() -> None:
    open_public = decide_for_chat(public_mode=True, members_only=True, per_user=False)
    assert open_public.allowed
    assert decide_for_chat(public_mode=False, members_only=False, per_user=False).allowed
    private = decide_for_chat(public_mode=False, members_only=True, per_user=False)
    assert private.refusal is Refusal.NOT_AUTHORISED
    personal = decide_for_chat(public_mode=True, members_only=True, per_user=True)
    assert personal.refusal is Refusal.NOT_A_PERSON
