"""Buttons of the owner's views: /users pages and the broadcast preview.

Registered behind ``owner_only``, so a stranger pressing one (a forwarded
message keeps its buttons) is refused before anything here runs.
"""

from __future__ import annotations

import re

from pyrogram import Client, filters, types

from app.admin import handlers as admin
from app.broadcast import handlers as broadcast
from app.wiring.context import Services

DATA = filters.regex(r"^(us|bc):")
USERS_RE = re.compile(r"^us:(\d{1,4})$")


async def on_button(client: Client, query: types.CallbackQuery, services: Services) -> None:
    data = str(query.data or "")
    users_page = USERS_RE.match(data)
    if users_page is not None and query.message is not None:
        text, keyboard = await admin.users_view(services, int(users_page.group(1)))
        await query.message.edit_text(text, reply_markup=keyboard)
        await query.answer()
    else:
        await broadcast.on_button(client, query, services)
