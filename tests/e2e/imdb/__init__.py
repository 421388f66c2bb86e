"""IMDb through the Telegram test client."""
