"""Logging: plain structured lines with no personal data (only ids and route names)."""

from __future__ import annotations

import logging

from flask import Flask


def init_app(app: Flask) -> None:
    """Set the log level from configuration."""
    level = getattr(logging, str(app.config.get("LOG_LEVEL", "INFO")).upper(), logging.INFO)
    app.logger.setLevel(level)
