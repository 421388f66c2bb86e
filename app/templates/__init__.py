"""The template commands."""
