"""HTTP caching of public answers: ETags from the directory version, Cache-Control, 304s."""

from __future__ import annotations

import hashlib
import time
from datetime import UTC, datetime
from pathlib import Path

from flask import (
    current_app,
    request,
)
from werkzeug.http import is_resource_modified
from werkzeug.wrappers import Response

from core.db import get_session
from core.hosts import varies_by_host
from core.times import as_utc
from directory.changes import directory_version

# Shared caches and browsers may keep a public page PUBLIC_CACHE_SECONDS (60 by default)
# without asking again; after it, a conditional GET is answered 304 while nothing changed.
CACHE_CONTROL = "public, max-age=60"


# An ETag also changes every quarter hour: a page's "next session" and "last checked" wording
# moves with the clock, not with the directory.
ETAG_PERIOD_S = 900


CODE_STAMP_KEY = "commonground.code_stamp"


def _code_stamp() -> str:
    """When the templates and code last changed (read once): older pages get other ETags."""
    stamp = current_app.extensions.get(CODE_STAMP_KEY)
    if stamp is None:
        app = current_app
        roots = [
            Path(app.root_path) / str(app.template_folder),
            Path(__file__).resolve().parents[1],
        ]
        stamp = str(
            max(
                (
                    p.stat().st_mtime_ns
                    for root in roots
                    for p in root.rglob("*")
                    if p.suffix in (".html", ".py") and p.is_file()
                ),
                default=0,
            )
        )
        current_app.extensions[CODE_STAMP_KEY] = stamp
    return str(stamp)


def page_etag() -> str:
    """This request's ETag: a digest of the directory version, URL, host, code and quarter hour."""
    # A digest, so the search words are not repeated in a header.
    parts = (
        str(directory_version(get_session().connection())),
        request.full_path,
        request.host if varies_by_host() else "",
        _code_stamp(),
        str(int(time.time() // ETAG_PERIOD_S)),
    )
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]


def page_modified(changed: datetime) -> datetime:
    """A page's Last-Modified: its data's change, or the start of the ETag's quarter hour."""
    # Its "next session" and "last checked" wording moves with the clock: a copy from an earlier
    # quarter hour is no longer current, as its ETag says too.
    period = int(time.time() // ETAG_PERIOD_S) * ETAG_PERIOD_S
    return max(as_utc(changed), datetime.fromtimestamp(period, UTC))


def cached(
    response: Response, last_modified: datetime | None = None, etag: str | None = None
) -> Response:
    """Mark a public answer cacheable for a short while; 304 when the client's copy is current."""
    # With its ETag (by default a digest of the body) and Last-Modified.
    # Public pages do not show who is signed in; a signed-in visitor's answers are `no-store`
    # (security headers), and Flask adds `Vary: Cookie` once the session is read.
    seconds = int(current_app.config["PUBLIC_CACHE_SECONDS"])
    response.headers["Cache-Control"] = f"public, max-age={seconds}"
    if varies_by_host():
        # Without a configured public URL, absolute links follow the (trusted) Host header.
        response.vary.add("Host")
    if last_modified is not None:
        response.last_modified = as_utc(last_modified)
    if etag is None:
        response.add_etag()
    else:
        response.set_etag(etag)
    return response.make_conditional(request)


def unchanged(etag: str, last_modified: datetime | None = None) -> Response | None:
    """A 304 answer, drawn without the page, when the client holds this ETag; else None."""
    when = as_utc(last_modified) if last_modified is not None else None
    if is_resource_modified(request.environ, etag, last_modified=when):
        return None
    return cached(Response(), last_modified, etag)
