"""The owner's side: access control, statistics, cache and health views."""
