"""Engine output, row per person-month, turned into contiguous columns for tables and Parquet."""

import numpy as np
from numba import njit, prange


@njit(cache=True, parallel=True)
def _transpose_into(rows, columns):
    n_rows, n_columns = rows.shape
    block = 4096
    for start in prange((n_rows + block - 1) // block):
        stop = min(n_rows, (start + 1) * block)
        for k in range(n_columns):
            for i in range(start * block, stop):
                columns[k, i] = rows[i, k]


def output_columns(out: np.ndarray) -> np.ndarray:
    """``out`` (n_persons, n_months, N_OUT) → (N_OUT, n_persons × n_months), each column contiguous."""
    rows = np.ascontiguousarray(out).reshape(-1, out.shape[-1])
    columns = np.empty((rows.shape[1], rows.shape[0]))
    _transpose_into(rows, columns)
    return columns
