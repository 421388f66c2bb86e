"""Templates: rendering, validation, properties."""
