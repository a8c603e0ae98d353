"""The matcher's tables: people and what is recorded about them (added by the matcher work)."""
