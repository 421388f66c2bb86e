"""The "I joined" button of the force-subscribe prompt: check again, bypassing the cache."""

from __future__ import annotations

from pyrogram import Client, filters, types

from app.admin.forcesub import RECHECK_DATA
from app.wiring.context import Services

DATA = filters.regex(f"^{RECHECK_DATA}$")
THANKS = "✅ Thanks for joining! Send your request again."


async def on_button(client: Client, query: types.CallbackQuery, services: Services) -> None:
    forcesub = services.admin.forcesub
    if not await forcesub.is_member(client, query.from_user.id, fresh=True):
        await query.answer(
            f"I can't see you in {forcesub.name} yet. Join it first, then press again.",
            show_alert=True,
        )
        return
    if query.message is not None:
        await query.message.edit_text(THANKS)
    await query.answer("Welcome!")
