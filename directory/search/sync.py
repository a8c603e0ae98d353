"""Choose the search backend, and nudge its index after a commit (a fast path only).

The source of truth for what changed is the change feed (directory/feed.py), written in the
writer's own transaction: the whoosh index catches up "since N" before answering a search.
The after-commit nudge below only saves the next search that wait (whoosh applies the feed at
once, in the writer's process); when it fails or never runs (a crash, another process), the
feed heals it at the next search.
"""

from __future__ import annotations

import logging

from flask import Flask, current_app, has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Session as OrmSession

from directory.changes import take_changes
from directory.search import EXTENSION_KEY, SearchBackend

log = logging.getLogger(__name__)


def make_backend(app: Flask) -> SearchBackend:
    """The backend the configuration asks for ('auto': PostgreSQL full-text on PostgreSQL)."""
    choice = app.config["SEARCH_BACKEND"]
    if choice == "auto":
        choice = "postgres" if app.config["DATABASE_URL"].startswith("postgresql") else "whoosh"
    if choice == "postgres":
        from directory.search.postgres_backend import PostgresBackend

        return PostgresBackend(app)
    if choice == "whoosh":
        from directory.search.whoosh_backend import WhooshBackend

        return WhooshBackend(app)
    raise ValueError(f"unknown COMMONGROUND_SEARCH_BACKEND {choice!r}: use whoosh or postgres")


@event.listens_for(OrmSession, "after_commit")
def _apply_after_commit(session: OrmSession) -> None:
    """Send the committed transaction's changes to the current app's index."""
    changed, deleted = take_changes(session)
    if not (changed or deleted) or not has_app_context():
        return
    backend: SearchBackend | None = current_app.extensions.get(EXTENSION_KEY)
    if backend is None:
        return
    try:
        backend.index(changed | deleted)
    except Exception:
        # The database is the source of truth: a failed index update is healed from the
        # change feed at the next search, and must not fail the user's request.
        log.exception("search index update failed for %d resources", len(changed | deleted))


def init_app(app: Flask) -> None:
    """Attach the configured search backend to the app."""
    app.extensions[EXTENSION_KEY] = make_backend(app)
