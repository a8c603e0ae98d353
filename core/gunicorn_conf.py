"""gunicorn settings for a production node: `gunicorn -c python:core.gunicorn_conf wsgi:app`.

Flags on the command line override these. The access log names the route the app matched
(`GET /invite/<token> HTTP/1.1 200`), never the path, query string, referrer or cookies.
"""

from __future__ import annotations

import gc
from datetime import timedelta
from typing import Any

from gunicorn.glogging import Logger

from core.db import before_fork
from core.logs import NO_ROUTE, ROUTE_KEY

bind = "127.0.0.1:8000"
workers = 3  # synchronous workers for 2 cores (README: Production deployment)
timeout = 120  # a worker's first match run builds its arrays
# The app is built once, in the master, before the workers are forked: a new worker (at start,
# or one gunicorn restarts) answers at once instead of importing and building it again (about
# 1.2 s at 100k resources), and the workers share the master's pages of code until they write
# to them. New code needs a restart of the master (HUP reloads only the workers).
preload_app = True
accesslog = "-"
access_log_format = '%(t)s "%(r)s" %(s)s %(b)s %(M)sms'
# Atoms a format may name that never hold the path, query, referrer, headers or cookies.
KEPT_ATOMS = ("h", "l", "u", "t", "s", "m", "H", "b", "B", "a", "T", "D", "M", "L", "p")


class RouteOnlyLogger(Logger):
    """gunicorn's logger, with the request's route in place of its path and query."""

    def atoms(self, resp: Any, req: Any, environ: dict[str, Any], request_time: timedelta) -> Any:
        """The usual atoms, less any that could hold the query, a token or a cookie."""
        every = super().atoms(resp, req, environ, request_time)
        atoms = {key: every[key] for key in KEPT_ATOMS if key in every}
        route = str(environ.get(ROUTE_KEY) or NO_ROUTE)
        atoms["U"] = route
        atoms["r"] = f"{atoms.get('m') or '-'} {route} {atoms.get('H') or ''}".strip()
        atoms["{" + ROUTE_KEY + "}e"] = route
        return atoms

    def exception(self, msg: Any, *args: Any, **kwargs: Any) -> None:
        """Log an exception; "Error handling request <uri>" loses the uri (it holds the query)."""
        if args and str(msg).startswith("Error handling request"):
            msg, args = "Error handling request (its address is not logged)", ()
        super().exception(msg, *args, **kwargs)


logger_class = RouteOnlyLogger


def pre_fork(server: Any, worker: Any) -> None:
    """Before each worker is forked from the preloaded master: no shared connection, no GC copy."""
    if server.cfg.preload_app:
        ready_to_fork(server.app.wsgi())


def ready_to_fork(app: Any) -> None:
    """Close the built app's pooled connections and freeze its objects before a fork."""
    # The master built the app (its start-up read the database) and serves no request itself.
    before_fork(app)
    # As the gc module's documentation advises before fork(): a collection in a worker would
    # otherwise write to every long-lived object's header, copying the shared pages.
    gc.freeze()


def pre_request(worker: Any, req: Any) -> None:
    """Log nothing before a request (gunicorn's default logs its path at debug level)."""
