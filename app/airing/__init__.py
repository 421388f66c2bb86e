"""Watchlists and airing notifications: commands, the scheduler task, its wiring."""
