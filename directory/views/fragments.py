"""Template macros rendered once per process for arguments that repeat from page to page."""

from __future__ import annotations

import functools
import threading
from collections import OrderedDict
from collections.abc import Hashable
from typing import Any

from flask import current_app
from jinja2 import Environment
from markupsafe import Markup

FRAGMENTS = 4096  # rendered fragments kept (a result card is about 1.5 kB)
KEYED_FRAGMENTS = 256  # fragments kept by a key of their own (search filters: about 20 kB)

_keyed: OrderedDict[tuple[object, ...], Markup] = OrderedDict()
_keyed_lock = threading.Lock()


def _render(env: Environment, template: str, macro: str, args: tuple[Any, ...]) -> Markup:
    found = getattr(env.get_template(template).module, macro)
    return Markup(found(*args))  # noqa: S704 - the output of an autoescaped macro


@functools.lru_cache(maxsize=FRAGMENTS)
def _rendered(env: Environment, template: str, macro: str, args: tuple[Hashable, ...]) -> Markup:
    return _render(env, template, macro, args)


def fragment(template: str, macro: str, *args: Hashable) -> Markup:
    """A macro's output for these arguments, which must be hashable and all that it reads."""
    return _rendered(current_app.jinja_env, template, macro, args)


def keyed_fragment(key: Hashable, template: str, macro: str, *args: Any) -> Markup:
    """A macro's output for arguments that `key` wholly determines, rendered once per key."""
    env = current_app.jinja_env
    full = (env, template, macro, key)
    with _keyed_lock:
        kept = _keyed.get(full)
        if kept is not None:
            _keyed.move_to_end(full)
            return kept
    out = _render(env, template, macro, args)
    with _keyed_lock:
        _keyed[full] = out
        while len(_keyed) > KEYED_FRAGMENTS:
            _keyed.popitem(last=False)
    return out
