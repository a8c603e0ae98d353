"""Whoosh search backend (being written)."""

from __future__ import annotations

from flask import Flask


class WhooshBackend:
    """Placeholder until the whoosh backend lands."""

    name = "whoosh"

    def __init__(self, app: Flask) -> None:
        self.app = app
