"""Who may use the bot: a pure decision from facts the caller has gathered.

Owners (from settings) are always allowed. A banned user is refused
everything. When public mode is off, only authorised users get the
members-only features (lookups, inline mode, templates); everyone who is not
banned keeps /start and /help, so they can learn how to ask for access.

A sender is a user, or a chat that speaks for itself (an anonymous group
admin, a channel post, a message sent as a channel): it has the chat's
identity, never a user's, and never 0. A chat cannot be authorised, banned or
an owner: with public mode off it gets only what strangers get, and it never
gets per-user features (templates, watchlists, time zone), which belong to a
person.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from domain.errors import InvalidInput
from domain.i18n import N_, gettext
from domain.text import isolate


class Refusal(StrEnum):
    BANNED = "banned"
    NOT_AUTHORISED = "not_authorised"
    NOT_A_PERSON = "not_a_person"  # a per-user feature asked for by a chat


class SenderKind(StrEnum):
    USER = "user"
    CHAT = "chat"  # anonymous admin (the group itself), channel post, sent as a channel


@dataclass(frozen=True, slots=True)
class Sender:
    """Who sent an update: its own identity for access, rate limits and records."""

    kind: SenderKind
    id: int

    def __post_init__(self) -> None:
        if not self.id:
            raise ValueError("a sender has an identity; 0 is nobody's")

    @property
    def is_user(self) -> bool:
        return self.kind is SenderKind.USER

    @property
    def key(self) -> str:
        """The key of its rate limits: a user's id as before; a chat's apart from any user's."""
        return str(self.id) if self.is_user else f"chat:{self.id}"


@dataclass(frozen=True, slots=True)
class AccessFlags:
    """What the access repository knows about one user."""

    authorised: bool = False
    banned: bool = False


@dataclass(frozen=True, slots=True)
class Decision:
    refusal: Refusal | None = None

    @property
    def allowed(self) -> bool:
        return self.refusal is None


ALLOWED = Decision()


def decide(*, owner: bool, flags: AccessFlags, public_mode: bool, members_only: bool) -> Decision:
    if owner:
        return ALLOWED
    if flags.banned:
        return Decision(Refusal.BANNED)
    if members_only and not public_mode and not flags.authorised:
        return Decision(Refusal.NOT_AUTHORISED)
    return ALLOWED


def decide_for_chat(*, public_mode: bool, members_only: bool, per_user: bool) -> Decision:
    """A chat sender: what a stranger gets, and nothing that belongs to a person."""
    if per_user:
        return Decision(Refusal.NOT_A_PERSON)
    if members_only and not public_mode:
        return Decision(Refusal.NOT_AUTHORISED)
    return ALLOWED


# Refusals raised as ``AccessDenied``: marked here, translated by the error boundary.
BANNED_TEXT = N_("You are not allowed to use this bot.")
# Translators: “Remain anonymous” is the switch in a Telegram group admin's rights: use
# the name Telegram's own apps give it in your language.
NOT_A_PERSON_TEXT = N_(
    "This is personal (templates, watchlists, time zone), and this message comes from "
    "a chat, not a person. Send it as yourself: in a group, turn off “Remain anonymous” "
    "or write to me in private."
)
CHAT_PRIVATE_TEXT = N_(
    "This bot is private, and this message comes from a chat, not a person, so it cannot "
    "be let in. Send it as yourself, and ask the bot's owner for access with your user id."
)
CHAT_MUST_JOIN_TEXT = N_(
    "To use me you must join a channel, and only a person can: send this as yourself."
)


def how_to_ask(user_id: int, contact: str = "") -> str:
    """Plain text (it may land in a 200-character button alert) saying how to get in."""
    if contact:
        return gettext(
            "This bot is private. To ask for access, send the bot's owner ({contact}) your "
            "user id {id}; they can let you in with /authorize {id}.",
            contact=contact,
            id=user_id,
        )
    return gettext(
        "This bot is private. To ask for access, send the bot's owner your user id {id}; "
        "they can let you in with /authorize {id}.",
        id=user_id,
    )


_SWITCH = {
    "on": True,
    "true": True,
    "yes": True,
    "1": True,
    "off": False,
    "false": False,
    "no": False,
    "0": False,
}


def parse_switch(text: str, usage: str) -> bool:
    value = _SWITCH.get(text.strip().lower())
    if value is None:
        # Translators: "on" and "off" are what the owner types: keep them in English.
        raise InvalidInput(gettext("Say on or off."), hint=usage)
    return value


# Telegram usernames: 5-32 characters, a letter first.
_USERNAME_RE = re.compile(r"@?([A-Za-z][A-Za-z0-9_]{3,31})")
# User ids: ASCII digits only (``\d`` and ``isdigit()`` accept "١٢٣" and "²"), positive,
# within a signed 64-bit integer (what Telegram and the storage hold).
_ID_RE = re.compile(r"[0-9]{1,19}", re.ASCII)
INT64_MAX = 2**63 - 1


def parse_id(text: str) -> int | None:
    """``text`` as a Telegram user id, or None."""
    if _ID_RE.fullmatch(text) is None:
        return None
    value = int(text)
    return value if 0 < value <= INT64_MAX else None


def parse_page_number(text: str, usage: str) -> int:
    """A 1-based page number as typed (ASCII digits), 0-based; empty is the first page."""
    text = text.strip()
    if not text:
        return 0
    if re.fullmatch(r"[0-9]{1,6}", text, re.ASCII) is None or int(text) == 0:
        # Translators: {text} is what the owner typed after /users.
        problem = gettext("“{text}” is not a page number.", text=isolate(text[:20]))
        raise InvalidInput(problem, hint=usage)
    return int(text) - 1


@dataclass(frozen=True, slots=True)
class Target:
    """Whom an owner command is about: an id, or a username still to look up."""

    user_id: int | None = None
    username: str | None = None


def parse_target(argument: str, usage: str) -> Target:
    text = argument.strip().split(maxsplit=1)[0] if argument.strip() else ""
    if not text:
        raise InvalidInput(gettext("Whom do you mean?"), hint=usage)
    # Anything that starts like a number (any script's digits, a sign) must be a valid id.
    if text[0] in "-+" or text[0].isdigit():
        user_id = parse_id(text)
        if user_id is None:
            # Translators: {text} is what the owner typed in place of a user id.
            problem = gettext(
                "“{text}” is not a user id: ids are whole numbers of at most 19 digits, "
                "like 123456789.",
                text=isolate(text[:40]),
            )
            raise InvalidInput(problem, hint=usage)
        return Target(user_id=user_id)
    match = _USERNAME_RE.fullmatch(text)
    if match is None:
        shown = isolate(text[:40])
        problem = gettext("“{text}” is neither a user id nor an @username.", text=shown)
        raise InvalidInput(problem, hint=usage)
    return Target(username=match.group(1))
