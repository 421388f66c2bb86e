"""MyDramaList through the Telegram test client."""
