"""TMDB, the optional third source: where to watch, trailers, and basic cards in an outage."""
