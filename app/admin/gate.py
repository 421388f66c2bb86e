"""Admission of every update: access policy, force-subscribe, per-user rate limit.

The middleware runs ``Gatekeeper.admit`` once before any handler, so no
handler checks access itself. What a route needs is its ``Gate``, derived
from its ``CommandSpec``; updates registered without one (inline queries,
buttons, plain-text searches) are treated as lookups, the strict default.

Every update is admitted as its sender (``sender_of``): a user, or a chat
speaking for itself (domain/admin/access.py says what a chat may do). An
update with neither is dropped: there is nobody to answer or to count.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import structlog
from pyrogram import Client, types

from app.admin.forcesub import ForceSubscribe
from app.telegram.replies import reply
from app.wiring.commands import CommandSpec
from domain.admin.access import (
    BANNED_TEXT,
    CHAT_MUST_JOIN_TEXT,
    CHAT_PRIVATE_TEXT,
    NOT_A_PERSON_TEXT,
    Refusal,
    Sender,
    SenderKind,
)
from domain.admin.authorisation import AccessControl
from domain.admin.ports import LookupStatsRepository
from domain.errors import AccessDenied, RateLimited, StorageUnavailable, UpstreamUnavailable
from domain.i18n import N_, gettext
from domain.lookup import normalise_key
from domain.ports import Clock, RateLimiter
from infra.i18n.formatting import format_number
from infra.metrics import Metrics

log = structlog.get_logger("app.gate")
QUERY_CHARS = 100
# Translators: a source that is not answering, as in "⏳ {source} is not answering right now."
USER_DATABASE = N_("The user database")


@dataclass(frozen=True, slots=True)
class Gate:
    members_only: bool = True  # refused to non-authorised users when public mode is off
    force_sub: bool = True
    lookup: bool = False  # counted against RATE_LIMIT and in the lookup statistics
    per_user: bool = False  # a person's own feature: refused to chat senders


OPEN = Gate(members_only=False, force_sub=False)  # /start, /help, "I joined", owner commands
MEMBER = Gate()  # templates and other features that cost no upstream call
LOOKUP = Gate(lookup=True)


def gate_for(spec: CommandSpec) -> Gate:
    # Owner commands are checked by ``owner_only``; owners pass every gate anyway.
    if spec.admin or spec.everyone:
        return OPEN
    if spec.per_user:
        return Gate(lookup=spec.lookup, per_user=True)
    return LOOKUP if spec.lookup else MEMBER


def sender_of(update: Any) -> Sender | None:
    """The identity an update is admitted, limited and recorded as; None when it has none.

    Buttons and inline queries always come from a user. A message may come from
    a chat instead: Telegram then leaves ``from_user`` empty and names the chat
    in ``sender_chat`` (the group itself for an anonymous admin, the channel for
    a post or a message sent as a channel).
    """
    user = getattr(update, "from_user", None)
    if user is not None and user.id:
        return Sender(SenderKind.USER, int(user.id))
    chat = getattr(update, "sender_chat", None)
    if chat is not None and chat.id:
        return Sender(SenderKind.CHAT, int(chat.id))
    return None


@dataclass(frozen=True, slots=True)
class Limits:
    lookups: RateLimiter  # RATE_LIMIT per user
    inline: RateLimiter  # INLINE_RATE_LIMIT per user: queries come per keystroke
    lookup_notices: RateLimiter  # one "slow down" per RATE_LIMIT period
    ban_notices: RateLimiter  # a banned user hears it at most once in a while


def _query_of(update: Any) -> str:
    """What the user searched for, for the top-queries list; links are not queries."""
    if isinstance(update, types.InlineQuery):
        text = update.query
    elif isinstance(update, types.Message):
        text = update.text or update.caption or ""
        if text.startswith("/"):
            parts = text.split(maxsplit=1)
            text = parts[1] if len(parts) > 1 else ""
    else:
        return ""
    return "" if "://" in text else normalise_key(text)[:QUERY_CHARS]


def _counts(update: Any) -> bool:
    # An inline query's next pages and its empty placeholder are not new lookups.
    if isinstance(update, types.InlineQuery):
        return not update.offset and bool(update.query.strip())
    return True


async def _quietly_drop(update: Any) -> None:
    """Answer what must be answered (a button's spinner, an inline box) with nothing."""
    if isinstance(update, types.CallbackQuery):
        await update.answer()
    elif isinstance(update, types.InlineQuery):
        await update.answer([], cache_time=0, is_personal=True)


class Gatekeeper:
    def __init__(
        self,
        access: AccessControl,
        forcesub: ForceSubscribe,
        limits: Limits,
        stats: LookupStatsRepository,
        clock: Clock,
        metrics: Metrics,
    ) -> None:
        self._access = access
        self._forcesub = forcesub
        self._limits = limits
        self._stats = stats
        self._clock = clock
        self._metrics = metrics

    async def admit(self, client: Client, update: Any, gate: Gate, name: str) -> bool:
        """True to run the handler. A refusal that the user should hear is raised as a
        domain error (the error boundary words it); a repeated one is dropped quietly."""
        sender = sender_of(update)
        if sender is None:
            self._metrics.access_refused.labels("no_sender").inc()
            await _quietly_drop(update)
            return False
        if not sender.is_user:
            return await self._admit_chat(client, update, gate, name, sender)
        user_id = sender.id
        if self._access.is_owner(user_id):
            return True
        try:
            decision = await self._access.check(user_id, members_only=gate.members_only)
        except StorageUnavailable as exc:
            raise UpstreamUnavailable(gettext(USER_DATABASE)) from exc
        if decision.refusal is Refusal.BANNED:
            self._metrics.access_refused.labels("banned").inc()
            if await self._limits.ban_notices.hit(sender.key) is None:
                raise AccessDenied(BANNED_TEXT)
            await _quietly_drop(update)
            return False
        if decision.refusal is Refusal.NOT_AUTHORISED:
            self._metrics.access_refused.labels("not_authorised").inc()
            if isinstance(update, types.InlineQuery):
                # Translators: a button above an empty inline answer: 64 characters at most.
                said = gettext("This bot is private: how to get access")
                await self._inline_refusal(update, said)
                return False
            raise AccessDenied(self._access.how_to_ask(user_id))
        if gate.force_sub and not await self._forcesub.is_member(client, user_id):
            self._metrics.access_refused.labels("not_subscribed").inc()
            await self._ask_to_join(update)
            return False
        if gate.lookup and _counts(update):
            return await self._count_lookup(update, sender, name)
        return True

    async def _admit_chat(
        self, client: Client, update: Any, gate: Gate, name: str, sender: Sender
    ) -> bool:
        """A chat speaking for itself: a stranger's rights at most, and its own rate limit."""
        try:
            decision = await self._access.check_chat(
                members_only=gate.members_only, per_user=gate.per_user
            )
        except StorageUnavailable as exc:
            raise UpstreamUnavailable(gettext(USER_DATABASE)) from exc
        if decision.refusal is Refusal.NOT_A_PERSON:
            self._metrics.access_refused.labels("not_a_person").inc()
            raise AccessDenied(NOT_A_PERSON_TEXT)
        if decision.refusal is not None:
            self._metrics.access_refused.labels("not_authorised").inc()
            raise AccessDenied(CHAT_PRIVATE_TEXT)
        # Membership of the channel can be checked only for a person.
        if gate.force_sub and self._forcesub.enabled:
            self._metrics.access_refused.labels("not_subscribed").inc()
            raise AccessDenied(CHAT_MUST_JOIN_TEXT)
        if gate.lookup and _counts(update):
            return await self._count_lookup(update, sender, name)
        return True

    async def _count_lookup(self, update: Any, sender: Sender, name: str) -> bool:
        inline = isinstance(update, types.InlineQuery)
        limiter = self._limits.inline if inline else self._limits.lookups
        wait = await limiter.hit(sender.key)
        if wait is not None:
            kind = type(update).__name__.lower()
            self._metrics.rate_limited.labels(kind).inc()
            if await self._limits.lookup_notices.hit(sender.key) is not None:
                await _quietly_drop(update)
            elif isinstance(update, types.InlineQuery):
                seconds = max(1, round(wait))
                # Translators: a button above an empty inline answer: 64 characters at most.
                said = gettext("Slow down: try again in {n} s", n=format_number(seconds))
                await self._inline_refusal(update, said)
            else:
                raise RateLimited(wait)
            return False
        try:
            await self._stats.record(name, _query_of(update), self._clock.now())
        except StorageUnavailable:
            # The lookup must not fail because its bookkeeping did.
            self._metrics.storage_errors.labels("record_lookup").inc()
            log.warning("lookup_record_failed")
        return True

    async def _ask_to_join(self, update: Any) -> None:
        if isinstance(update, types.Message):
            text, markup = self._forcesub.prompt()
            await reply(update, text, markup)
        elif isinstance(update, types.CallbackQuery):
            await update.answer(self._forcesub.short_prompt(), show_alert=True)
        elif isinstance(update, types.InlineQuery):
            await self._inline_refusal(update, self._forcesub.inline_prompt())

    @staticmethod
    async def _inline_refusal(query: types.InlineQuery, text: str) -> None:
        # An inline answer has no text of its own: a button above the (empty) results says it.
        await query.answer(
            [],
            cache_time=0,
            is_personal=True,
            switch_pm_text=text[:64],
            switch_pm_parameter="start",
        )
