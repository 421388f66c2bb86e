"""MyDramaList: cards, links and lookups of dramas."""
