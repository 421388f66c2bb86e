"""/today, /season and their buttons."""
