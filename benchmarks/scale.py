"""Streaming-store scale benchmark: a million subjects with bounded memory, as one JSON line.

Simulates ``--subjects`` (default 1,000,000) subjects of rescorla_wagner through a 100-step protocol
(one 1-h self-administration session in 36 s bins) with :func:`remission.sweep`, chunk by chunk
into a partitioned Parquet dataset, and reports wall time, peak resident memory of the process
(target: under 4 GB), rows and bytes written.

Run: ``.venv/bin/python benchmarks/scale.py [--subjects N] [--chunk N] [--out DIR]``
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

import remission

#: One 1-h self-administration session in 36 s bins: exactly 100 steps.
PROTOCOL = remission.protocols.get("self_administration", sessions=1, bin="36 s")


def peak_rss_gb() -> float:
    """Peak resident set size of this process (ru_maxrss is KiB on Linux, bytes on macOS)."""
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / (1 << 30) if sys.platform == "darwin" else rss / (1 << 20)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subjects", type=int, default=1_000_000)
    parser.add_argument("--chunk", type=int, default=25_000)
    parser.add_argument("--out", type=Path, default=None, help="run directory (default: temporary)")
    args = parser.parse_args()
    tmp = None if args.out else Path(tempfile.mkdtemp(prefix="remission-scale-"))
    out = args.out or tmp / "run"
    try:
        t0 = time.perf_counter()
        res = remission.sweep("rescorla_wagner", PROTOCOL, n_subjects=args.subjects, seed=0,
                              chunk_size=args.chunk, out=out, name="scale-benchmark")
        wall = time.perf_counter() - t0
        m = res.manifest
        nbytes = sum(p.stat().st_size for p in Path(out).rglob("*.parquet"))
        print(json.dumps({
            "benchmark": "scale", "model": "rescorla_wagner", "n_subjects": args.subjects,
            "steps": PROTOCOL.n_steps, "chunk_size": args.chunk, "chunks": m["n_completed"],
            "rows": m["rows"], "complete": m["complete"], "wall_s": round(wall, 1),
            "subject_steps_per_s": float(f"{args.subjects * PROTOCOL.n_steps / wall:.3g}"),
            "peak_rss_gb": round(peak_rss_gb(), 3), "parquet_gb": round(nbytes / 1e9, 3),
        }), flush=True)
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
