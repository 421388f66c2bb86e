"""The bot's languages: which ones users meet, each user's language, /language."""
