"""Watchlists and airing notifications through the Telegram test client."""
