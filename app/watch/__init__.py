"""📺 Where to watch, ▶️ trailers, /region, and TMDB's backup cards."""
