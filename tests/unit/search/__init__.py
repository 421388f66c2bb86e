"""The combined list and the search service."""
