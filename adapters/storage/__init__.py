"""Repositories: SQLite (embedded default) and MongoDB, behind the same ports."""
