"""MyDramaList: links and kuryana page parsing."""
