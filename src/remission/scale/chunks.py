"""Chunk files: a lean Arrow writer for one chunk of subjects, atomic writes, integrity checks.

A chunk is one Parquet file holding every step of a block of subjects of one (configuration, seed,
group). It is written to a hidden temporary file in the same directory, flushed and fsync'ed, then
renamed into place (``os.replace`` is atomic on POSIX), so a reader never sees a half-written chunk
under its final name. Its size and SHA-256 are returned so that a later resume can tell an intact
chunk from a truncated or corrupted one.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from remission.engine.compile import CompiledProtocol
from remission.engine.records import step_columns, to_arrow


def chunk_table(records: Mapping[str, np.ndarray], comp: CompiledProtocol, ids, group: str,
                constants: Mapping[str, float] | None = None) -> pa.Table:
    """Arrow table (subject × step) of one chunk: the columns of
    :func:`remission.engine.records.step_columns`, as the pandas trial table has them."""
    return to_arrow(step_columns(records, comp, ids, group, constants))


def file_digest(path: str | Path) -> str:
    """SHA-256 of a file's bytes (hex)."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 22), b""):
            h.update(block)
    return h.hexdigest()


def write_chunk(table: pa.Table, path: str | Path, dictionary: list[str] | None = None) -> dict:
    """Write ``table`` to ``path`` atomically and durably; returns ``{"rows", "bytes", "sha256"}``.

    Parquet dictionary encoding is used for categorical columns and those named in ``dictionary``
    (e.g. constant grid values); plain zstd (level 1) elsewhere is faster for float read-outs.

    The data go to ``.<name>.tmp`` in the same directory (hidden: dataset readers skip it), are
    fsync'ed, renamed onto ``path`` and the directory entry is fsync'ed too, so once this returns the
    chunk survives a crash (SIGKILL, power loss) intact.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as f:
            cats = [fld.name for fld in table.schema if pa.types.is_dictionary(fld.type)]
            pq.write_table(table, f, compression="zstd", compression_level=1,
                           use_dictionary=cats + list(dictionary or []))
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
    _fsync_dir(path.parent)
    return {"rows": table.num_rows, "bytes": path.stat().st_size, "sha256": file_digest(path)}


def chunk_is_intact(path: str | Path, rows: int, nbytes: int | None = None,
                    sha256: str | None = None) -> bool:
    """Whether the chunk at ``path`` exists, has the recorded size and digest, and reads back with
    ``rows`` rows (a truncated or corrupted file fails one of these checks)."""
    path = Path(path)
    try:
        if nbytes is not None and path.stat().st_size != nbytes:
            return False
        if sha256 is not None and file_digest(path) != sha256:
            return False
        return pq.read_metadata(path).num_rows == rows
    except (OSError, pa.ArrowException):
        return False


def remove_stale_temporaries(root: str | Path) -> int:
    """Delete ``.*.tmp`` files left by writers that were killed; returns how many."""
    count = 0
    for tmp in Path(root).rglob(".*.tmp"):
        tmp.unlink(missing_ok=True)
        count += 1
    return count


def _fsync_dir(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:  # pragma: no cover - platforms without directory fds
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)
