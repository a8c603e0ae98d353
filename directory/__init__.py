"""Resources, organisations, venues and the vocabulary: keeping them, finding them, sharing them."""

from __future__ import annotations

from flask import Flask

from directory import changes, cli, search, web
from directory.search import sync


def init_app(app: Flask) -> None:
    """Register the directory's change feed, search, views and commands."""
    changes.listen()
    sync.init_app(app)
    web.init_app(app)
    cli.init_app(app)


__all__ = ["init_app", "search"]
