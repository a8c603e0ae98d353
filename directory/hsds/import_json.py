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


def read_ndjson(path: Path) -> list[Any]:
    """One JSON value per line (HSDS NDJSON, as the API's format=ndjson streams it)."""
    items = []
    for number, line in enumerate(read_text(path).splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ImportFailed(
                f"{path.name}: line {number} column {exc.colno}: not valid JSON ({exc.msg}); "
                "nothing was changed"
            ) from exc
        if isinstance(item, dict):
            item.setdefault("_where", f"{path.name}:{number}")
        items.append(item)
    return items


def is_api_page(doc: Any) -> bool:
    """Tell whether a document is one page of an HSDS API list ({'contents': [...], ...})."""
    return isinstance(doc, dict) and isinstance(doc.get("contents"), list)


def page_is_partial(doc: Any) -> bool:
    """Tell whether an API page is one of several (so records absent from it are not gone)."""
    try:
        return is_api_page(doc) and int(doc.get("total_pages") or 1) > 1
    except (TypeError, ValueError):
        return True


def read_any(path: Path) -> tuple[Any, bool]:
    """A JSON document (collection, list, API page) or NDJSON list, and whether it is partial."""
    if path.suffix.lower() in (".ndjson", ".jsonl"):
        return read_ndjson(path), False
    try:
        doc = read_json(path)
    except ImportFailed:
        # A file of one object per line reads as "extra data" after the first object.
        first = read_text(path).lstrip()[:1]
        if first == "{" and "\n{" in read_text(path):
            return read_ndjson(path), False
        raise
    if is_api_page(doc):
        return doc["contents"], page_is_partial(doc)
    return doc, False


def read_pages(folder: Path) -> list[Any]:
    """Every record in a folder of HSDS API pages (or NDJSON files), in file-name order."""
    items: list[Any] = []
    files = sorted(
        p for p in folder.iterdir() if p.suffix.lower() in (".json", ".ndjson", ".jsonl")
    )
    for path in files:
        doc, _ = read_any(path)
        records = (
            doc if isinstance(doc, list) else doc.get("services") if isinstance(doc, dict) else None
        )
        if not isinstance(records, list):
            raise ImportFailed(f"{path.name}: not an HSDS API page, list or collection")
        for i, item in enumerate(records):
            if isinstance(item, dict):
                item.setdefault("_where", f"{path.name}: contents[{i}]")
        items += records
    if not files:
        raise ImportFailed(
            f"{folder}: no services.csv and no .json pages here; nothing was changed"
        )
    return items
