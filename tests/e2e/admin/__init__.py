"""Access control and owner commands through the Telegram test client."""
