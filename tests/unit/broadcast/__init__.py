"""Broadcast job arithmetic and the runner."""
