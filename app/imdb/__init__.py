"""/imdb, /imdburl and the buttons of IMDb results and cards."""
