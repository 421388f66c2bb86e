"""The Telegram side of a broadcast: delivering one copy, and the owner's progress message."""

from __future__ import annotations

from collections.abc import Awaitable

import structlog
from pyrogram import Client, enums, errors

from app.admin.numerals import BROADCAST_NUMERALS
from app.telegram.delivery import delivered
from app.telegram.html import for_kurigram
from domain.broadcast.job import BroadcastJob, progress_text
from domain.i18n import ngettext
from domain.pacing import Delivery
from infra.metrics import Metrics

log = structlog.get_logger("app.broadcast")


class TelegramSender:
    """Copies the job's source message: every message type works, with no "forwarded from".

    The copy is the owner's message alone: the bot adds no words (no buttons, no note)
    around it, so there is nothing to say in each recipient's language."""

    def __init__(self, client: Client, metrics: Metrics) -> None:
        self._client = client
        self._metrics = metrics

    async def deliver(self, job: BroadcastJob, user_id: int) -> Delivery:
        delivery = await self._try(job, user_id)
        self._metrics.broadcast_messages.labels(delivery.kind.value).inc()
        return delivery

    async def _try(self, job: BroadcastJob, user_id: int) -> Delivery:
        return await delivered(
            self._client.forward_messages(
                user_id, job.source_chat_id, job.source_message_id, hide_sender_name=True
            )
        )


class ProgressMessage:
    """Edits the owner's progress message; at the end also sends the summary (edits are silent)."""

    def __init__(self, client: Client, metrics: Metrics) -> None:
        self._client = client
        self._metrics = metrics

    async def report(self, job: BroadcastJob, elapsed: float) -> None:
        remaining = max(0, job.total - job.done) if job.active else 0
        self._metrics.broadcast_remaining.set(remaining)
        text = for_kurigram(progress_text(job, elapsed, BROADCAST_NUMERALS))
        if job.progress_message_id is not None:
            await self._safely(
                self._client.edit_message_text(
                    job.owner_chat_id,
                    job.progress_message_id,
                    text,
                    parse_mode=enums.ParseMode.HTML,
                )
            )
        if not job.active:
            await self._safely(
                self._client.send_message(job.owner_chat_id, text, parse_mode=enums.ParseMode.HTML)
            )

    async def crashed(self, job: BroadcastJob) -> None:
        """Tell the owner the broadcast stopped on an error rather than leave "Broadcasting…"."""
        text = ngettext(
            "⚠️ The broadcast stopped on an unexpected error after {n} message. "
            "It resumes where it stopped when the bot restarts; details are in /log.",
            "⚠️ The broadcast stopped on an unexpected error after {n} messages. "
            "It resumes where it stopped when the bot restarts; details are in /log.",
            job.sent,
            n=BROADCAST_NUMERALS.integer(job.sent),
        )
        await self._safely(self._client.send_message(job.owner_chat_id, text))

    @staticmethod
    async def _safely(call: Awaitable[object]) -> None:
        try:
            await call
        except errors.MessageNotModified:
            pass
        except errors.RPCError as exc:  # the owner's chat is not the broadcast: carry on
            log.warning("broadcast_progress_failed", error=type(exc).__name__)
