"""Discovery: what airs today, this season's dramas, and "did you mean" for empty searches."""
