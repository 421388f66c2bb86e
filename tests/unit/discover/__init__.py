"""Discovery: calendar parsing, filters and arguments."""
