"""/start, /help and unknown commands through the Telegram test client."""
