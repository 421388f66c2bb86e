"""Template commands through the Telegram test client."""
