"""The composition root and what every update passes through: bootstrap, routing, middleware."""
