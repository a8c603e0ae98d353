"""The C allocator's settings for a long-lived worker, and handing freed memory back (glibc)."""

from __future__ import annotations

import contextlib
import ctypes

M_MMAP_THRESHOLD = -3  # mallopt(3)
# Blocks this size or larger get mappings of their own, unmapped when freed.
MMAP_THRESHOLD = 4 * 2**20


def _libc() -> ctypes.CDLL:
    """glibc (OSError elsewhere: there the memory is reused, just not returned)."""
    return ctypes.CDLL("libc.so.6")


def keep_large_blocks_apart() -> None:
    """Serve blocks of 4 MiB and more from their own mappings, returned when freed."""
    # glibc raises its threshold after each large free (up to 32 MiB), so a search's large
    # temporary sets then come from the heap, whose freed middle it keeps: at 100k resources a
    # worker held 27 MB more after 120 searches (bench/memory.py). Fixed at 4 MiB, numpy's
    # temporaries (800 kB at 100k) still come from the heap, as quick to reuse as before.
    with contextlib.suppress(OSError, AttributeError):
        _libc().mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD)


def release() -> None:
    """Hand the heap's free pages (ORM rows, temporaries of a build) back to the system."""
    with contextlib.suppress(OSError, AttributeError):
        _libc().malloc_trim(0)
