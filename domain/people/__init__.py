"""People: actors, directors and writers, on MyDramaList and IMDb."""
