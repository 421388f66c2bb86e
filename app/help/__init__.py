"""/start, /help and the pointer for unknown commands."""
