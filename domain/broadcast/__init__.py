"""Broadcasts: a job's state and running one to every user."""
