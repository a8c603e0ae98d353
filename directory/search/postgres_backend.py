"""PostgreSQL full-text search backend (being written)."""

from __future__ import annotations

from flask import Flask


class PostgresBackend:
    """Placeholder until the PostgreSQL backend lands."""

    name = "postgres"

    def __init__(self, app: Flask) -> None:
        self.app = app
