"""/mdl, /mdlurl and the buttons of MyDramaList results and cards."""
