"""Registers the list items with the one search index (search.registry)."""
