"""Streaming result store: chunked, partitioned Parquet datasets with a manifest.

Sweeps and large population runs write one Parquet file per chunk of subjects (atomically), record
each durable chunk in the run's manifest, and can be resumed after a crash. :func:`load_run` reads a
run back (selected columns and rows only); :func:`list_runs` lists the runs under a folder.
"""

from remission.store.chunks import chunk_is_intact, chunk_table, write_chunk
from remission.store.manifest import config_hash, read_completed, read_manifest
from remission.store.query import list_runs, load_run, run_dataset

__all__ = [
    "chunk_is_intact", "chunk_table", "config_hash", "list_runs", "load_run", "read_completed",
    "read_manifest", "run_dataset", "write_chunk",
]
