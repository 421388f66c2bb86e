"""One attempt at a message to one user, as a ``Delivery`` (shared by broadcast and notices).

Per-user failures never raise: ``FloodWait`` becomes ``RETRY`` (the shared
``PacedSender`` sleeps through it), a user who blocked the bot or deleted
their account becomes ``BLOCKED`` (marked so they are skipped next time),
anything else Telegram refuses becomes ``FAILED`` with the error's name.
"""

from __future__ import annotations

from collections.abc import Awaitable

from pyrogram import Client, enums, errors

from app.telegram.html import for_kurigram
from app.telegram.replies import NO_PREVIEW
from domain.pacing import SENT, Delivery, DeliveryKind

# The recipient is gone for good: blocked the bot, or deleted their account.
GONE = (errors.UserIsBlocked, errors.InputUserDeactivated)


async def delivered(call: Awaitable[object]) -> Delivery:
    try:
        await call
    except errors.FloodWait as exc:
        wait = float(exc.value) if isinstance(exc.value, int | float | str) else 1.0
        return Delivery(DeliveryKind.RETRY, "FloodWait", max(1.0, wait))
    except GONE as exc:
        return Delivery(DeliveryKind.BLOCKED, type(exc).__name__)
    except errors.RPCError as exc:
        return Delivery(DeliveryKind.FAILED, type(exc).__name__)
    except (KeyError, ValueError) as exc:  # Pyrogram cannot resolve the user id
        return Delivery(DeliveryKind.FAILED, type(exc).__name__)
    return SENT


class TelegramText:
    """``TextSender``: an HTML message to one user's private chat."""

    def __init__(self, client: Client) -> None:
        self._client = client

    async def send_text(self, user_id: int, html: str) -> Delivery:
        return await delivered(
            self._client.send_message(
                user_id,
                for_kurigram(html),
                parse_mode=enums.ParseMode.HTML,
                link_preview_options=NO_PREVIEW,
            )
        )
