"""Watchlists and airing notifications: schedule, notices, time zones."""
