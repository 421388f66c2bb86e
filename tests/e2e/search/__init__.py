"""/search, plain text and inline mode through the Telegram test client."""
