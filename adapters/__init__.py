"""Implementations of the domain ports: upstream clients and repositories."""
