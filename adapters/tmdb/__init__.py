"""TMDB's v3 API over the shared aiohttp session."""
