"""The engine's arrays: reused once the caller lets go of them, first touched in small pages.

A population run, a benchmark or a scale-out worker calls the engine again and again with outputs of the
same size (one month of 130,000 adults is 32 MB, twelve months 390 MB). A fresh array each time costs
its first touch: the kernel hands out zeroed pages one fault at a time, about 0.1 s per 390 MB on the
machine taxben is developed on, more than the engine spends on the month. And numpy asks Linux for
transparent huge pages on every array of 4 MB or more (``madvise(MADV_HUGEPAGE)``); where the kernel's
THP ``defrag`` setting is ``madvise`` (the Debian default) such a fault may stall in direct compaction
until a 2 MB page is free: 2.4 s for the first 390 MB in a fresh VM, 3x the engine's first month.

So the engine takes its output, and ``population_arrays`` its arrays, from ``BUFFERS``: a buffer whose
only holder is the pool (every view the caller kept of it is gone) is handed out again, without a new
first touch; a new buffer is allocated without the huge-page advice, so its first touch costs the same
small faults every time instead of a compaction stall of unknown length. What the pool keeps while
nobody uses it is bounded (``retained_bytes``), and ``release`` gives it back to the system.

Reuse is safe because the engine writes every field of every output record and ``population_arrays``
every field of its records (as they must with ``np.empty``, which they used before): a reused buffer's
old contents never show through.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading

import numpy as np


def _physical_memory_bytes() -> int:
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        return 8 << 30


# A free buffer serves a request up to this much smaller (chunks of whole households differ by a few rows)
SLACK = 1.25
HEADROOM_DIVISOR = 64  # a new buffer is 1/64 larger than asked for
# Free buffers kept for reuse, at most: 2 GiB, or an eighth of the machine's memory if that is less.
RETAINED_BYTES = min(2 << 30, _physical_memory_bytes() // 8)


@contextlib.contextmanager
def without_huge_page_advice():
    """numpy's ``madvise(MADV_HUGEPAGE)`` off for the arrays allocated inside (numpy's own switch,
    ``NUMPY_MADVISE_HUGEPAGE``, made local); a no-op where numpy has no such switch."""
    try:
        from numpy._core import multiarray
    except ImportError:  # numpy < 2
        from numpy.core import multiarray
    switch = getattr(multiarray, "_set_madvise_hugepage", None)
    if switch is None:
        yield
        return
    previous = switch(False)
    try:
        yield
    finally:
        switch(previous)


class BufferPool:
    """Float64 buffers handed out by shape and reused once only the pool holds them (thread-safe)."""

    def __init__(self, retained_bytes: int = RETAINED_BYTES):
        self.retained_bytes = retained_bytes
        self._buffers: list[np.ndarray] = []
        self._lock = threading.Lock()

    def empty(self, shape: tuple[int, ...]) -> np.ndarray:
        """An uninitialised float64 array of ``shape``: the start of a free buffer of about that size if
        there is one, else a new buffer."""
        n = int(np.prod(shape, dtype=np.int64))
        with self._lock:
            best = -1  # the smallest free buffer that holds n values and is at most SLACK larger
            for index in range(len(self._buffers)):
                size = self._buffers[index].size
                if n <= size <= n * SLACK and self._is_free(index):
                    if best < 0 or size < self._buffers[best].size:
                        best = index
            if best >= 0:
                return self._buffers[best][:n].reshape(shape)
            with without_huge_page_advice():  # headroom: the next chunk may be a few rows larger
                buffer = np.empty(n + n // HEADROOM_DIVISOR)
            self._buffers.append(buffer)
            self._trim()
            return buffer[:n].reshape(shape)

    def release(self) -> None:
        """Forget every buffer (those still in use stay alive with their users)."""
        with self._lock:
            self._buffers.clear()

    def kept_bytes(self) -> int:
        """Bytes held by buffers that nobody but the pool uses."""
        with self._lock:
            return sum(self._buffers[i].nbytes for i in self._free_indices())

    def _is_free(self, index: int) -> bool:
        # references: the pool's list and getrefcount's argument; any view kept by a caller adds one
        return sys.getrefcount(self._buffers[index]) <= 2

    def _free_indices(self) -> list[int]:
        return [i for i in range(len(self._buffers)) if self._is_free(i)]

    def _trim(self) -> None:
        """Drop the oldest free buffers while the free ones exceed ``retained_bytes``."""
        free = self._free_indices()
        total = sum(self._buffers[i].nbytes for i in free)
        dropped = set()
        for i in free:
            if total <= self.retained_bytes:
                break
            total -= self._buffers[i].nbytes
            dropped.add(i)
        if dropped:
            self._buffers = [b for i, b in enumerate(self._buffers) if i not in dropped]


BUFFERS = BufferPool()  # the engine's outputs, its population arrays and the person-month columns
