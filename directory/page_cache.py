"""Rendered public search pages kept as files, so that every worker of a node reuses them."""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import shutil
import threading
import time
from pathlib import Path

log = logging.getLogger(__name__)

# A page is reused within one directory version; the time limit bounds how stale its "next
# session" wording can get (browsers may keep it for the public Cache-Control time anyway).
PAGE_CACHE_SECONDS = 60
PAGE_CACHE_SIZE = 2048  # pages kept per node (a results page is 20-40 kB)
SWEEP_EVERY = 200  # pages written by one worker between two sweeps of old pages


class PageCache:
    """Public pages by (query string, directory version) in a folder the node's workers share;
    `seconds` <= 0 keeps nothing."""

    def __init__(self, folder: Path, stamp: str = "", seconds: float = PAGE_CACHE_SECONDS) -> None:
        self.folder = folder
        self.stamp = stamp  # what else a page depends on: the code and templates that drew it
        self.seconds = seconds
        self._written = 0
        self._lock = threading.Lock()
        self._warned = False

    def _path(self, query: bytes, version: int) -> Path:
        digest = hashlib.sha256(self.stamp.encode() + b"\n" + query).hexdigest()
        return self.folder / str(version) / digest

    def get(self, query: bytes, version: int) -> tuple[bytes, dict[str, str]] | None:
        """The page body and its headers (CSP, ETag), if drawn recently for this version."""
        if self.seconds <= 0:
            return None
        try:
            with open(self._path(query, version), "rb") as file:
                if time.time() - os.fstat(file.fileno()).st_mtime > self.seconds:
                    return None
                data = file.read()
        except OSError:
            return None
        head, newline, body = data.partition(b"\n")
        try:
            kept = json.loads(head) if newline else None
        except ValueError:
            return None
        if not isinstance(kept, dict) or kept.get("query") != query.decode("latin-1"):
            return None  # not a page this cache wrote for this query
        headers = kept.get("headers")
        if not isinstance(headers, dict) or len(body) != kept.get("length"):
            return None
        return body, {str(k): str(v) for k, v in headers.items()}

    def put(self, query: bytes, version: int, body: bytes, headers: dict[str, str]) -> None:
        """Keep a page (written whole, then renamed: readers never see half a page)."""
        if self.seconds <= 0:
            return
        path = self._path(query, version)
        head = {"query": query.decode("latin-1"), "length": len(body), "headers": headers}
        data = json.dumps(head).encode() + b"\n" + body
        with self._lock:
            self._written += 1
            count = self._written
        # A name no other worker or thread uses; plain os calls (a page is written on every miss).
        temporary = path.parent / f".{os.getpid()}.{threading.get_ident()}.{count}"
        try:
            try:
                fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileNotFoundError:  # the version's folder is not there yet
                path.parent.mkdir(parents=True, exist_ok=True)
                fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            try:
                left = memoryview(data)
                while left:
                    left = left[os.write(fd, left) :]
            finally:
                os.close(fd)
            os.replace(temporary, path)
        except OSError as exc:
            _remove(str(temporary))
            self._warn(exc)
            return
        if count % SWEEP_EVERY == 0:
            self.sweep(version)

    def sweep(self, version: int, size: int = PAGE_CACHE_SIZE) -> None:
        """Drop other versions' pages, pages past their time, and the oldest beyond `size`."""
        try:
            entries = list(os.scandir(self.folder))
        except OSError:
            return
        for entry in entries:
            # Versions only grow: a worker still a version behind must not drop newer pages.
            if not entry.name.isdigit() or int(entry.name) < version:
                shutil.rmtree(entry.path, ignore_errors=True)
        now = time.time()
        pages: list[tuple[float, str]] = []
        try:
            for entry in os.scandir(self.folder / str(version)):
                try:
                    pages.append((entry.stat().st_mtime, entry.path))
                except OSError:
                    continue
        except OSError:
            return
        pages.sort()
        excess = len(pages) - size
        for i, (at, path) in enumerate(pages):
            if i < excess or now - at > self.seconds:
                _remove(path)

    def _warn(self, exc: OSError) -> None:
        if not self._warned:
            self._warned = True
            log.warning("public pages are not kept (%s): every search is drawn afresh", exc)


def _remove(path: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)
