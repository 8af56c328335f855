"""Engine output, row per person-month, turned into contiguous columns for tables and Parquet."""

import numpy as np
from numba import njit

from taxben.simulate.buffers import BUFFERS

BLOCK_ROWS = 1024  # rows transposed together: 1024 × N_OUT float64 (about 250 KB) stay in the core's L2


@njit(cache=True, nogil=True)
def _transpose_into(rows, columns, nan_in_block):
    """``columns[k, i] = rows[i, k]``, block by block of rows; ``nan_in_block[b, k]``: a NaN in column k
    of block b. One thread: the copy is bound by memory, and ``taxben run`` writes Parquet in another
    thread meanwhile (a parallel loop would wait for whichever of its threads that one displaced). Without
    the GIL, so that the writer thread can start and finish its tables meanwhile."""
    n_rows, n_columns = rows.shape
    n_blocks = nan_in_block.shape[0]
    for b in range(n_blocks):
        stop = min(n_rows, (b + 1) * BLOCK_ROWS)
        for k in range(n_columns):
            seen = False
            for i in range(b * BLOCK_ROWS, stop):
                value = rows[i, k]
                columns[k, i] = value
                seen |= value != value
            nan_in_block[b, k] = seen


def output_columns(out: np.ndarray, with_nan: bool = False):
    """``out`` (n_persons, n_months, N_OUT) → (N_OUT, n_persons × n_months), each column contiguous;
    ``with_nan``: also whether each column holds a NaN (N_OUT,).

    The columns come from the engine's buffer pool (``BUFFERS``): a chunk's columns reuse the memory of
    an earlier chunk's once nothing holds them (a table written, a frame dropped), instead of first
    touching 300 MB of fresh memory per 100,000 adults × 12 months, which took 0.8-1.4 s in a new
    process here against 0.07 s reused (docs/performance.md, "Whole process")."""
    rows = np.ascontiguousarray(out).reshape(-1, out.shape[-1])
    columns = BUFFERS.empty((rows.shape[1], rows.shape[0]))
    nan_in_block = np.zeros(((rows.shape[0] + BLOCK_ROWS - 1) // BLOCK_ROWS, rows.shape[1]), dtype=np.bool_)
    _transpose_into(rows, columns, nan_in_block)
    if with_nan:
        return columns, nan_in_block.any(axis=0)
    return columns
