"""Broadcasts through the Telegram test client."""
