"""/search, plain text, mentions and inline mode: both sources at once."""
