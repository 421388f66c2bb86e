"""/today, /season and "did you mean" through the Telegram test client."""
