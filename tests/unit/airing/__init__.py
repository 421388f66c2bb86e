"""The airing schedule and the notifier."""
