"""Read an HSDS 3.0 JSON file (collection, one service, or a list of services)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from directory.hsds.importer import ImportFailed


def read_text(path: Path) -> str:
    """A file's text as UTF-8 (a BOM is allowed), or ImportFailed naming the bad byte's line."""
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ImportFailed(
            f"{path.name}: line {line}: not UTF-8 text (save the file as UTF-8); "
            "nothing was changed"
        ) from exc


def read_json(path: Path) -> Any:
    """The parsed JSON document in the file, or ImportFailed with the line and column."""
    content = read_text(path)
    try:
        return json.loads(content)
    except json.JSONDecodeError as exc:
        raise ImportFailed(
            f"{path.name}: line {exc.lineno} column {exc.colno}: not valid JSON ({exc.msg}); "
            "nothing was changed"
        ) from exc
    except RecursionError as exc:
        raise ImportFailed(
            f"{path.name}: nested too deeply to be an HSDS document; nothing was changed"
        ) from exc
