"""IMDb: cards, links and lookups of movies and series."""
