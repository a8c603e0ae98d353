"""Read an HSDS 3.0 JSON file (collection, one service, or a list of services), or NDJSON.

NDJSON is read line by line and a large JSON file service by service (ijson), afresh on each
pass of the import, so a 100k-service file is never held whole.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import ijson

from directory.hsds.importer import ImportFailed
from directory.hsds.records import Items, Records

# A JSON file larger than this is read service by service (a smaller one is read whole, for
# the exact line and column of any syntax error).
STREAM_FROM = 16 * 1024 * 1024
NDJSON_LINE_MAX = 4 * 1024 * 1024  # bytes: no one record's line is longer


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


def _ndjson_lines(path: Path) -> Iterator[Any]:
    """Each JSON value of an NDJSON file, one line at a time."""
    with path.open("rb") as f:
        for number, raw in enumerate(f, start=1):
            try:
                line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError as exc:
                raise ImportFailed(
                    f"{path.name}: line {number}: not UTF-8 text (save the file as UTF-8); "
                    "nothing was changed"
                ) from exc
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
            yield item


def read_ndjson(path: Path) -> Records:
    """Records of an NDJSON file (one JSON value a line), read afresh on each pass."""
    # HSDS NDJSON, as the API's format=ndjson streams it.
    return Records(lambda: _ndjson_lines(path))


def _json_items(path: Path, prefix: str) -> Iterator[Any]:
    """The values at an ijson prefix ('services.item') of a JSON file, one at a time."""
    label = prefix.removesuffix(".item") or "services"
    with path.open("rb") as f:
        if f.read(len(codecs.BOM_UTF8)) != codecs.BOM_UTF8:
            f.seek(0)
        try:
            for i, item in enumerate(ijson.items(f, prefix, use_float=True)):
                if isinstance(item, dict):
                    item.setdefault("_where", f"{path.name}: {label}[{i}]")
                yield item
        except (ijson.JSONError, UnicodeDecodeError) as exc:
            detail = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else "cut short"
            raise ImportFailed(
                f"{path.name}: not valid JSON UTF-8 text ({detail}); nothing was changed"
            ) from exc


def _top_level(path: Path) -> tuple[str, dict[str, Any]]:
    """Whether the file holds a list or an object, and the object's keys with their values."""
    # A key's value is kept only when it is plain (numbers, text), else None.
    keys: dict[str, Any] = {}
    with path.open("rb") as f:
        if f.read(len(codecs.BOM_UTF8)) != codecs.BOM_UTF8:
            f.seek(0)
        try:
            events = ijson.parse(f, use_float=True)
            for prefix, event, value in events:
                if prefix == "" and event == "start_array":
                    return "list", {}
                if prefix == "" and event == "map_key":
                    keys[value] = None
                elif prefix in keys and event not in ("start_map", "start_array"):
                    keys[prefix] = value
        except (ijson.JSONError, UnicodeDecodeError) as exc:
            raise ImportFailed(
                f"{path.name}: not valid JSON UTF-8 text; nothing was changed"
            ) from exc
    return "object", keys


def stream_json(path: Path) -> tuple[Any, bool] | None:
    """A large JSON file as records read service by service, and if it is one page of several."""
    # None when it is one service: then it is small enough to read whole.
    kind, keys = _top_level(path)
    if kind == "list":
        return Records(lambda: _json_items(path, "item")), False
    if "contents" in keys:
        partial = page_is_partial({"contents": [], "total_pages": keys.get("total_pages")})
        return Records(lambda: _json_items(path, "contents.item")), partial
    if "services" not in keys and "organizations" not in keys:
        return None
    doc: dict[str, Items] = {"services": Records(lambda: _json_items(path, "services.item"))}
    for key in ("organizations", "taxonomies", "taxonomy_terms"):
        doc[key] = list(_json_items(path, f"{key}.item")) if key in keys else []
    return doc, False


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
    """A JSON or NDJSON file's records, and whether it is one page of several."""
    # JSON may be a collection, a list or an API page.
    if path.suffix.lower() in (".ndjson", ".jsonl"):
        return read_ndjson(path), False
    if path.stat().st_size > STREAM_FROM:
        first = _first_char(path)
        if first == "{" and _is_ndjson(path):
            return read_ndjson(path), False
        streamed = stream_json(path)
        if streamed is not None:
            return streamed
    try:
        doc = read_json(path)
    except ImportFailed:
        # A file of one object per line reads as "extra data" after the first object.
        if _first_char(path) == "{" and _is_ndjson(path):
            return read_ndjson(path), False
        raise
    if is_api_page(doc):
        return doc["contents"], page_is_partial(doc)
    return doc, False


def _first_char(path: Path) -> str:
    """The file's first character that is not white space (or a BOM)."""
    with path.open("rb") as f:
        start = f.read(4096).decode("utf-8-sig", errors="replace").lstrip()
    return start[:1]


def _is_ndjson(path: Path) -> bool:
    """Tell whether the file's first line is a whole JSON object followed by another line."""
    # Then each line is one record; a first line longer than any one record is not read whole.
    with path.open("rb") as f:
        raw = f.readline(NDJSON_LINE_MAX)
        more = bool(f.readline(NDJSON_LINE_MAX).strip())
    if not raw.endswith(b"\n") or not more:
        return False
    try:
        return isinstance(json.loads(raw.decode("utf-8-sig", errors="replace")), dict)
    except json.JSONDecodeError:
        return False


def _page_records(folder: Path, files: list[Path]) -> Iterator[Any]:
    """Every record of every page, a page at a time."""
    for path in files:
        doc, _ = read_any(path)
        records = (
            doc if isinstance(doc, list | Records)
            else doc.get("services") if isinstance(doc, dict) else None
        )  # fmt: skip
        if not isinstance(records, list | Records):
            raise ImportFailed(f"{path.name}: not an HSDS API page, list or collection")
        for i, item in enumerate(records):
            if isinstance(item, dict):
                item.setdefault("_where", f"{path.name}: contents[{i}]")
            yield item


def read_pages(folder: Path) -> Records:
    """Every record in a folder of HSDS API pages (or NDJSON files), in file-name order."""
    # Read a page at a time, afresh on each pass.
    files = sorted(
        p for p in folder.iterdir() if p.suffix.lower() in (".json", ".ndjson", ".jsonl")
    )
    if not files:
        raise ImportFailed(
            f"{folder}: no services.csv and no .json pages here; nothing was changed"
        )
    return Records(lambda: _page_records(folder, files))
