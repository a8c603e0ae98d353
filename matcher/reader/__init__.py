"""The case-notes reader, one job a module; matcher/notes.py is what the rest of the app imports."""
