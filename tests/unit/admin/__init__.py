"""Access policy, authorisation, statistics and the owner's views."""
