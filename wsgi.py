"""Compose the Common Ground app: the shared core, the directory, the matcher and the seeds."""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any


@contextmanager
def collector_held() -> Iterator[None]:
    """Hold the cyclic garbage collector (if it runs) for the block."""
    running = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if running:
            gc.enable()


# Start-up makes a few hundred thousand long-lived objects (modules, classes, tables, routes) and
# next to no garbage: the cyclic collector, run as they come, walks them over and over for
# nothing (0.11 s of a new worker's start at 100k resources; 0.02 s with this). So it waits
# while the app's modules load and while create_app builds it, and the modules, which live as
# long as the process, are frozen out of every later collection (gc.freeze, as the Python
# docs advise before a server forks its workers).
with collector_held():
    from flask import Flask
    from flask.cli import FlaskGroup

    import core
    import directory
    import matcher
    import seeds
    from core import heap

    gc.freeze()

ROOT = Path(__file__).resolve().parent


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build an app; test_config overrides the environment (tests, benchmarks, eval)."""
    heap.keep_large_blocks_apart()
    with collector_held():
        return _build(test_config)


def _build(test_config: dict[str, Any] | None) -> Flask:
    """The app: configuration, then each part's views and commands."""
    instance = os.environ.get("COMMONGROUND_INSTANCE_DIR") or str(ROOT / "instance")
    if test_config and test_config.get("INSTANCE_DIR"):
        instance = str(test_config["INSTANCE_DIR"])
    app = Flask(
        __name__,
        instance_path=instance,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    core.init_app(app, test_config)
    directory.init_app(app)
    matcher.init_app(app)
    seeds.init_app(app)
    return app


cli = FlaskGroup(name="commonground", create_app=create_app, add_version_option=False)


def __getattr__(name: str) -> Flask:
    """`wsgi:app`: the app from the environment, built when first asked for."""
    # Built late so that importing this module for `create_app` builds no second app.
    if name != "app":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    built = create_app()
    globals()["app"] = built
    return built
