"""Pyrogram client, handlers, middleware, health server and the composition root."""
