"""Both sources at once: the combined list, its text, and inline queries."""
