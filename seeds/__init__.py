"""Demo data for a fictional local area, loaded by `commonground seed`."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the seed command."""
