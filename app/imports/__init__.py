"""/import: watch the airing dramas of a MyDramaList user's lists, and its buttons."""
