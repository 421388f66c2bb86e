"""Broadcasts: the owner's commands, the background runner, the Telegram side."""
