"""Telegram plumbing: HTML and entities, keyboards, callback data, sessions, replies, cards."""
