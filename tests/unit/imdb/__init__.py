"""IMDb: links and imdbinfo model conversion."""
