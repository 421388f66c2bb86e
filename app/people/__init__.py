"""/person, /together, person cards and their buttons."""
