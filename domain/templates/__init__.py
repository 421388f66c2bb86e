"""Users' own card templates: rules, placeholders, previews, storage."""
