"""Babel's side of the languages: catalogs read from .po files, locale formatting."""
