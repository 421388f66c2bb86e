"""/broadcast, /stop_broadcast and the Confirm / Cancel buttons of a broadcast preview.

The message that goes out is copied from one message: the one /broadcast
replies to, or, for ``/broadcast <HTML>``, the preview the bot shows first.
So what the owner confirms is exactly what everyone receives.
"""

from __future__ import annotations

import re

from pyrogram import Client, enums, types

from app.admin.numerals import NUMERALS
from app.telegram.html import for_kurigram
from app.telegram.keyboards import Button
from app.telegram.lookups import chat_id_of, command_argument
from app.telegram.replies import reply
from app.wiring.commands import CommandSpec
from app.wiring.context import Services
from app.wiring.routing import CommandRoute
from domain.broadcast.job import BroadcastJob
from domain.errors import InvalidInput
from domain.i18n import N_, gettext, ngettext
from domain.text import TEXT_LIMIT, visible_len, visible_text

USAGE = N_("Usage: /broadcast <HTML text>, or reply /broadcast to the message to send")
DATA_RE = re.compile(r"^bc:(go|no):([0-9a-f]{8})$")


def _prompt(job: BroadcastJob) -> tuple[str, types.InlineKeyboardMarkup]:
    question = ngettext(
        "📣 Send the message above to <b>{n}</b> user?",
        "📣 Send the message above to <b>{n}</b> users?",
        job.total,
        n=NUMERALS.integer(job.total),
    )
    note = gettext("Nothing is sent until you confirm. Users who blocked the bot are skipped.")
    text = f"{question}\n{note}"
    buttons = [
        Button(gettext("✅ Confirm"), callback_data=f"bc:go:{job.id}"),
        Button(gettext("✖️ Cancel"), callback_data=f"bc:no:{job.id}"),
    ]
    return text, types.InlineKeyboardMarkup([buttons])


async def broadcast(client: Client, message: types.Message, services: Services) -> None:
    broadcasts = services.admin.broadcasts
    if broadcasts.busy:
        raise InvalidInput(
            gettext("A broadcast is already running."),
            hint=gettext("Stop it with /stop_broadcast."),
        )
    html = command_argument(message).strip()
    source = message.reply_to_message
    if source is None or html:
        if not visible_text(html).strip():
            raise InvalidInput(gettext("What should I send?"), hint=gettext(USAGE))
        if visible_len(html) > TEXT_LIMIT:
            raise InvalidInput(
                ngettext(
                    "That is {n} character; a message holds {limit}.",
                    "That is {n} characters; a message holds {limit}.",
                    visible_len(html),
                    # Technical figures near Telegram's limit: written as digits alone.
                    n=visible_len(html),
                    limit=TEXT_LIMIT,
                ),
                hint=gettext("Shorten it, or send it as a message and reply /broadcast to it."),
            )
        sent = await reply(message, html)  # the preview is the message that will be copied
        if sent is None:
            return
        source_chat, source_id = sent.chat_id, sent.id
    else:
        source_chat, source_id = chat_id_of(source), source.id
    chat_id = chat_id_of(message)
    job = await broadcasts.draft(chat_id, source_chat, source_id)
    text, keyboard = _prompt(job)
    await client.send_message(
        chat_id,
        for_kurigram(text),
        parse_mode=enums.ParseMode.HTML,
        reply_parameters=types.ReplyParameters(message_id=source_id),
        reply_markup=keyboard,
    )


async def stop_broadcast(client: Client, message: types.Message, services: Services) -> None:
    if await services.admin.broadcasts.stop_anywhere():
        await reply(
            message, gettext("⏹ Stopping after the message in flight; the summary follows.")
        )
    else:
        await reply(message, gettext("No broadcast is running."))


async def on_button(client: Client, query: types.CallbackQuery, services: Services) -> None:
    """An owner pressed Confirm or Cancel (``owner_only`` has checked who)."""
    match = DATA_RE.match(str(query.data or ""))
    if match is None or query.message is None:
        await query.answer(gettext("This button is no longer valid."), show_alert=True)
        return
    op, job_id = match.groups()
    broadcasts = services.admin.broadcasts
    if op == "no":
        await broadcasts.cancel(job_id)
        await query.message.edit_text(gettext("✖️ Broadcast cancelled. Nothing was sent."))
        await query.answer(gettext("Cancelled"))
        return
    await broadcasts.confirm(client, job_id, query.message.id)
    await query.answer(gettext("Broadcast started"))


ROUTES = [
    CommandRoute(
        CommandSpec("broadcast", "Send a message to every user", usage="<HTML text>", admin=True),
        broadcast,
    ),
    CommandRoute(
        CommandSpec("stop_broadcast", "Stop the running broadcast", admin=True), stop_broadcast
    ),
]
