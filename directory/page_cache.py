"""Rendered public search pages kept as files, so that every worker of a node reuses them."""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import logging
import os
import shutil
import threading
import time
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

log = logging.getLogger(__name__)

# A page is reused within one directory version; the time limit bounds how stale its "next
# session" wording can get (browsers may keep it for the public Cache-Control time anyway).
PAGE_CACHE_SECONDS = 60
PAGE_CACHE_SIZE = 2048  # pages kept per node (a results page is 20-40 kB)
SWEEP_EVERY = 200  # pages written by one worker between two sweeps of old pages
NONCE = 12  # bytes: AES-GCM's standard nonce, fresh for every page written


class PageCache:
    """Public pages by (query string, directory version) in a folder the node's workers share;
    `seconds` <= 0 keeps nothing.

    A search page shows its search (the words and place in the form), so files are sealed with
    AES-GCM under a key derived from `key` (the app's secret key): no file, nor any copy of one,
    shows what was searched. Files are named by a keyed digest of the query string, which the
    seal binds them to, and are removed once past their time.
    """

    def __init__(
        self, folder: Path, key: bytes, stamp: str = "", seconds: float = PAGE_CACHE_SECONDS
    ) -> None:
        self.folder = folder
        self.stamp = stamp  # what else a page depends on: the code and templates that drew it
        self.seconds = seconds
        self._names = _derive(key, b"commonground page-cache names")
        self._seal = AESGCM(_derive(key, b"commonground page-cache pages"))
        self._written = 0
        self._swept_at = time.monotonic()
        self._lock = threading.Lock()
        self._warned = False

    def _path(self, query: bytes, version: int) -> Path:
        name = hmac.new(self._names, self.stamp.encode() + b"\n" + query, hashlib.sha256)
        return self.folder / str(version) / name.hexdigest()

    def get(self, query: bytes, version: int) -> tuple[bytes, dict[str, str]] | None:
        """The page body and its headers (CSP, ETag), if drawn recently for this version."""
        if self.seconds <= 0:
            return None
        path = self._path(query, version)
        try:
            with open(path, "rb") as file:
                expired = time.time() - os.fstat(file.fileno()).st_mtime > self.seconds
                data = b"" if expired else file.read()
        except OSError:
            return None
        if expired:
            _remove(str(path))
            return None
        try:  # fails for a damaged file, or one written for another query or version
            plain = self._seal.decrypt(data[:NONCE], data[NONCE:], _bound_to(path))
            head, newline, body = plain.partition(b"\n")
            headers = json.loads(head) if newline else None
        except (InvalidTag, ValueError):
            return None
        if not isinstance(headers, dict):
            return None
        return body, {str(k): str(v) for k, v in headers.items()}

    def put(self, query: bytes, version: int, body: bytes, headers: dict[str, str]) -> None:
        """Keep a page (written whole, then renamed: readers never see half a page)."""
        if self.seconds <= 0:
            return
        path = self._path(query, version)
        nonce = os.urandom(NONCE)
        plain = json.dumps(headers).encode() + b"\n" + body
        data = nonce + self._seal.encrypt(nonce, plain, _bound_to(path))
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
        now = time.monotonic()
        if count % SWEEP_EVERY == 0 or now - self._swept_at > self.seconds:
            # Also once per page lifetime, so that a quiet node leaves no old pages behind.
            self._swept_at = now
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


def _derive(key: bytes, purpose: bytes) -> bytes:
    """A 256-bit key for one purpose from the app's secret key."""
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose).derive(key)


def _bound_to(path: Path) -> bytes:
    """What a sealed page is bound to: its version and file name."""
    return f"{path.parent.name}/{path.name}".encode()


def _remove(path: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)
