"""Keeping entries true: editing, word of mouth, merges, duplicates, history and freshness."""
