"""Wall time of the phenomena scorecard (what ``make demo`` runs), cold and warm, and the share
of it spent compiling (issues 11 and 15).

Runs the scorecard twice in fresh processes that share one empty persistent compilation cache
(``REMISSION_JAX_CACHE`` set to a temporary folder): the first run is *cold* (every program is
compiled), the second *warm* (programs are read back from the cache). Compile time is the sum of
JAX's own duration events (``jax.monitoring``: tracing, lowering to MLIR, XLA compilation or
cache read) during the run, summed over the threads that simulate cells (``--workers``), and its
share is of the cells' summed thread time (``cells_busy_s``; the wall time with one worker).
Prints one JSON line per run with the wall time, the process's CPU time, compile time and share,
the peak resident memory of the run's process (``ru_maxrss``), the number of cells and the
load average; the targets are a default scorecard in < 5 min
on the 2-core machine, compiling < 30 % of a cold run and < 10 % of a warm one.

Run: ``.venv/bin/python benchmarks/scorecard.py [--models a,b] [--phenomena x,y] [--subjects N]
[--replicates R] [--profile P|none] [--workers W]`` (defaults: the default scorecard of ``make demo``).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

COMPILE_EVENTS = ("/jax/core/compile/jaxpr_trace_duration",
                  "/jax/core/compile/jaxpr_to_mlir_module_duration",
                  "/jax/core/compile/backend_compile_duration")


def child(args) -> dict:
    import jax

    from remission.scoring.outputs import write_outputs
    from remission.scoring.runner import check_workers, run_scorecard

    spent = {"compile": 0.0}

    def listen(event, duration, **_):
        if event in COMPILE_EVENTS:
            spent["compile"] += duration

    jax.monitoring.register_event_duration_secs_listener(listen)
    kwargs = {"n_subjects": args.subjects, "replicates": args.replicates, "workers": args.workers,
              "profile": None if args.profile == "none" else args.profile}
    if args.models:
        kwargs["models"] = args.models.split(",")
    if args.phenomena:
        kwargs["phenomena"] = args.phenomena.split(",")
    cpu0 = resource.getrusage(resource.RUSAGE_SELF)
    with tempfile.TemporaryDirectory() as out:
        t0 = time.perf_counter()
        run = run_scorecard(**kwargs)
        write_outputs(Path(out), run, report=False)
        wall = time.perf_counter() - t0
    cpu1 = resource.getrusage(resource.RUSAGE_SELF)
    busy = sum(c.seconds for c in run.cells + run.profile)
    return {"workers": check_workers(args.workers), "wall_s": round(wall, 1),
            "cpu_s": round(cpu1.ru_utime + cpu1.ru_stime - cpu0.ru_utime - cpu0.ru_stime, 1),
            "cells_busy_s": round(busy, 1), "compile_s": round(spent["compile"], 1),
            "compile_share": round(spent["compile"] / busy, 3),
            "peak_rss_gb": round(cpu1.ru_maxrss / 2**20, 2),
            "cells": len(run.table),
            "load_average": [round(x, 2) for x in os.getloadavg()]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", default="")
    parser.add_argument("--phenomena", default="")
    parser.add_argument("--subjects", type=int, default=100)
    parser.add_argument("--replicates", type=int, default=10)
    parser.add_argument("--profile", default="epsilon=0:1:5",
                        help="the scorecard's --profile (make demo's default), or 'none'")
    parser.add_argument("--workers", type=int, default=None,
                        help="cells simulated at once (default: the scorecard's, the cores up to 4)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args)))
        return
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "REMISSION_JAX_CACHE": cache}
        for run in ("cold", "warm"):
            out = subprocess.run([sys.executable, __file__, "--child", *sys.argv[1:]], env=env,
                                 check=True, stdout=subprocess.PIPE, text=True).stdout
            print(json.dumps({"run": run, **json.loads(out.strip().splitlines()[-1])}), flush=True)


if __name__ == "__main__":
    main()
