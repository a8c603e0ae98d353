"""Ids shared by every table."""

from __future__ import annotations

import uuid


def new_id() -> str:
    """A new random UUID as text."""
    return str(uuid.uuid4())
