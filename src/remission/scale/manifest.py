"""The manifest of a run directory: what was asked for, with which software, and what is done.

A run directory holds::

    manifest.json        config (model, protocols, grid, seeds, ...), its hash, software versions,
                         the task plan size, and -- once finished -- ``complete: true``
    completed.jsonl      one JSON line per chunk, appended (and fsync'ed) only after the chunk's
                         file is durable: file, rows, bytes, sha256, config, seed, group, subjects
    trials/config=C/seed=S/part-G-START.parquet   the chunks (a Hive-partitioned Parquet dataset)

``manifest.json`` is replaced atomically; ``completed.jsonl`` is append-only, so a crash can at
worst leave a torn last line, which :func:`read_completed` ignores.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import time
from pathlib import Path

from remission._version import __version__

MANIFEST = "manifest.json"
COMPLETED = "completed.jsonl"
FORMAT = 1


def config_hash(config: dict) -> str:
    """Stable SHA-256 (first 16 hex digits) of a JSON-able config (keys sorted)."""
    text = json.dumps(config, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def versions() -> dict[str, str]:
    """Versions of remission and of the libraries that determine the numbers."""
    import jax
    import numpy
    import pandas
    import pyarrow

    return {"remission": __version__, "jax": jax.__version__, "numpy": numpy.__version__,
            "pandas": pandas.__version__, "pyarrow": pyarrow.__version__,
            "python": platform.python_version()}


def write_json_atomic(path: Path, data: dict) -> None:
    """Write JSON to a temporary file, fsync it, and rename it onto ``path``."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "w") as f:
        json.dump(data, f, indent=2, sort_keys=True, default=str)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def read_manifest(run_dir: str | Path) -> dict | None:
    """The manifest of ``run_dir`` (``None`` where there is none)."""
    path = Path(run_dir) / MANIFEST
    if not path.is_file():
        return None
    return json.loads(path.read_text())


def new_manifest(config: dict, n_tasks: int, kind: str = "sweep") -> dict:
    """A fresh manifest for ``config`` with ``n_tasks`` planned chunks."""
    now = time.strftime("%Y-%m-%dT%H:%M:%S%z")
    return {"format": FORMAT, "kind": kind, "config": config, "config_hash": config_hash(config),
            "versions": versions(), "n_tasks": n_tasks, "created": now, "updated": now,
            "complete": False}


def finish_manifest(run_dir: str | Path, manifest: dict, completed: dict[str, dict]) -> dict:
    """Mark a run complete (all planned chunks recorded) and store totals."""
    manifest = dict(manifest, complete=len(completed) >= manifest["n_tasks"],
                    n_completed=len(completed),
                    rows=int(sum(c["rows"] for c in completed.values())),
                    updated=time.strftime("%Y-%m-%dT%H:%M:%S%z"))
    write_json_atomic(Path(run_dir) / MANIFEST, manifest)
    return manifest


class CompletionLog:
    """Append-only record of durable chunks (``completed.jsonl``), one fsync'ed line per chunk."""

    def __init__(self, run_dir: str | Path):
        self.path = Path(run_dir) / COMPLETED

    def append(self, entry: dict) -> None:
        line = json.dumps(entry, sort_keys=True, separators=(",", ":")) + "\n"
        with open(self.path, "a") as f:
            f.write(line)
            f.flush()
            os.fsync(f.fileno())

    def rewrite(self, entries: dict[str, dict]) -> None:
        """Replace the log by ``entries`` (dropping chunks found damaged), atomically."""
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        with open(tmp, "w") as f:
            for entry in entries.values():
                f.write(json.dumps(entry, sort_keys=True, separators=(",", ":")) + "\n")
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, self.path)


def read_completed(run_dir: str | Path) -> dict[str, dict]:
    """Recorded chunks by chunk id; a torn last line (crash mid-append) is ignored."""
    path = Path(run_dir) / COMPLETED
    out: dict[str, dict] = {}
    if not path.is_file():
        return out
    for line in path.read_text().splitlines():
        try:
            entry = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(entry, dict) and "chunk" in entry:
            out[entry["chunk"]] = entry
    return out
