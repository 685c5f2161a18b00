"""Scale-out: parameter sweeps as pure (config, seed) tasks, their executors (in-process, Dask,
concurrent.futures), and the streaming result store (chunked, partitioned Parquet with a manifest).

:func:`sweep` runs a sweep; :func:`load_run` reads a stored run back (selected columns and rows
only); :func:`list_runs` lists the runs under a folder. See docs/SCALE.md.
"""

from remission.scale.chunks import chunk_is_intact, chunk_table, write_chunk
from remission.scale.manifest import config_hash, read_completed, read_manifest
from remission.scale.store import list_runs, load_run, run_dataset
from remission.scale.sweeps import SweepResult, grid_points, plan, sweep

__all__ = [
    "SweepResult", "chunk_is_intact", "chunk_table", "config_hash", "grid_points", "list_runs",
    "load_run", "plan", "read_completed", "read_manifest", "run_dataset", "sweep", "write_chunk",
]
