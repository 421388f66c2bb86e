"""Force-subscribe: users must join a channel before using the bot.

Membership is read with ``get_chat_member``, which Telegram allows a bot only
in channels where it is an admin. When the bot cannot check (not an admin, a
wrong channel), the requirement is skipped rather than locking everyone out,
and the owners hear about it once, at start-up.
"""

from __future__ import annotations

import contextlib

import structlog
from pyrogram import Client, enums, errors, types

from domain.errors import CacheUnavailable
from domain.i18n import N_, gettext
from domain.ports import Cache
from domain.text import escape, isolate

log = structlog.get_logger("app.forcesub")

NAMESPACE = "forcesub"
MEMBER_TTL = 300.0  # a member stays checked this long; leaving is noticed within it
RECHECK_DATA = "fs:check"
JOINED = {
    enums.ChatMemberStatus.OWNER,
    enums.ChatMemberStatus.ADMINISTRATOR,
    enums.ChatMemberStatus.MEMBER,
    enums.ChatMemberStatus.RESTRICTED,
}
# Telegram's ways of saying "you cannot look at this channel's members".
CANNOT_CHECK = (
    errors.ChatAdminRequired,
    errors.ChannelPrivate,
    errors.ChannelInvalid,
    errors.PeerIdInvalid,
    errors.UsernameNotOccupied,
    errors.UsernameInvalid,
    errors.ChatIdInvalid,
)
NOT_ADMIN = N_("the bot is not an admin")


class ForceSubscribe:
    def __init__(
        self, channel: str | None, link: str | None, cache: Cache, ttl: float = MEMBER_TTL
    ) -> None:
        self.channel: str | int | None = (
            int(channel) if channel is not None and channel.startswith("-") else channel
        )
        self.link = link or (f"https://t.me/{channel[1:]}" if channel and channel[0] == "@" else "")
        self._cache = cache
        self._ttl = ttl
        self.problem: str | None = None

    @property
    def enabled(self) -> bool:
        return self.channel is not None and self.problem is None

    @property
    def name(self) -> str:
        return str(self.channel)

    def _give_up(self, reason: str) -> str:
        self.problem = reason
        log.warning("force_subscribe_skipped", channel=self.name, reason=reason)
        return self.notice()

    def notice(self) -> str:
        """For the owners, in the language being spoken: why the requirement is skipped."""
        # Telegram's error names (ChatAdminRequired, ...) stay as they are.
        reason = gettext(NOT_ADMIN) if self.problem == NOT_ADMIN else self.problem or ""
        # Translators: {channel} is the channel's @name or id, {reason} why it cannot be
        # checked; FORCE_SUB_CHANNEL is the name of a setting: keep it as it is.
        return gettext(
            "⚠️ Force-subscribe is not enforced: I cannot check who joined {channel} "
            "({reason}). Make me an admin of that channel and restart me, "
            "or unset FORCE_SUB_CHANNEL.",
            channel=isolate(escape(self.name)),
            reason=isolate(escape(reason)),
        )

    async def verify(self, client: Client) -> str | None:
        """At start-up: can the bot see the channel's members? A note for owners if not
        (``notice`` says it again in another language)."""
        if self.channel is None:
            return None
        try:
            me = await client.get_chat_member(self.channel, "me")
        except (*CANNOT_CHECK, errors.UserNotParticipant) as exc:
            return self._give_up(type(exc).__name__)
        except errors.RPCError as exc:  # transient: keep checking, the next call may work
            log.warning("force_subscribe_verify_failed", error=type(exc).__name__)
            return None
        if me.status not in (enums.ChatMemberStatus.ADMINISTRATOR, enums.ChatMemberStatus.OWNER):
            return self._give_up(NOT_ADMIN)
        if not self.link:
            with contextlib.suppress(errors.RPCError):
                chat = await client.get_chat(self.channel)
                self.link = getattr(chat, "invite_link", None) or ""
        return None

    async def is_member(self, client: Client, user_id: int, *, fresh: bool = False) -> bool:
        """True when joined, or when the requirement is off or cannot be checked."""
        if not self.enabled:
            return True
        key = str(user_id)
        if not fresh:
            with contextlib.suppress(CacheUnavailable):
                if await self._cache.get(NAMESPACE, key) is not None:
                    return True
        assert self.channel is not None
        try:
            member = await client.get_chat_member(self.channel, user_id)
        except errors.UserNotParticipant:
            return False
        except CANNOT_CHECK as exc:
            self._give_up(type(exc).__name__)
            return True
        except errors.RPCError as exc:  # a hiccup must not lock members out
            log.warning("force_subscribe_check_failed", error=type(exc).__name__)
            return True
        joined = member.status in JOINED
        if joined:
            with contextlib.suppress(CacheUnavailable):
                await self._cache.set(NAMESPACE, key, b"1", self._ttl)
        return joined

    def prompt(self) -> tuple[str, types.InlineKeyboardMarkup]:
        """HTML and buttons asking the user to join, with a re-check button."""
        rows = []
        if self.link:
            rows.append([types.InlineKeyboardButton(gettext("📢 Join the channel"), url=self.link)])
        # Translators: a button; the prompt above it names it in <b>…</b>: use the same words.
        joined = gettext("✅ I joined")
        rows.append([types.InlineKeyboardButton(joined, callback_data=RECHECK_DATA)])
        # Translators: {channel} is the channel's @name; "I joined" is the button below.
        text = gettext(
            "📢 Please join {channel} to use this bot, "
            "then press <b>I joined</b> and send your request again.",
            channel=isolate(escape(self.name)),
        )
        return text, types.InlineKeyboardMarkup(rows)

    def short_prompt(self) -> str:
        """Plain text for a button alert (at most 200 characters)."""
        said = gettext("Please join {channel} first, then try again.", channel=isolate(self.name))
        return said[:200]

    def inline_prompt(self) -> str:
        """The button above an empty inline answer (Telegram shows 64 characters)."""
        return gettext("Join {channel} to use me", channel=isolate(self.name))
