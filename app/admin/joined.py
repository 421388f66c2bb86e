"""The "I joined" button of the force-subscribe prompt: check again, bypassing the cache."""

from __future__ import annotations

from pyrogram import Client, filters, types

from app.admin.forcesub import RECHECK_DATA
from app.wiring.context import Services
from domain.i18n import N_, gettext
from domain.text import isolate

DATA = filters.regex(f"^{RECHECK_DATA}$")
THANKS = N_("✅ Thanks for joining! Send your request again.")


async def on_button(client: Client, query: types.CallbackQuery, services: Services) -> None:
    forcesub = services.admin.forcesub
    if not await forcesub.is_member(client, query.from_user.id, fresh=True):
        # Translators: an alert (at most 200 characters); {channel} is the channel's @name.
        said = gettext(
            "I can't see you in {channel} yet. Join it first, then press again.",
            channel=isolate(forcesub.name),
        )
        await query.answer(said[:200], show_alert=True)
        return
    if query.message is not None:
        await query.message.edit_text(gettext(THANKS))
    await query.answer(gettext("Welcome!"))
