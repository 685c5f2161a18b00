"""Throughput of the dual-trace model (and state splitting) on addiction paradigms.

Target (issue 4): dual_trace >= 2,000,000 subject-steps/s with 10,000 subjects on a 2-core machine
(subjects split across one JAX CPU device per core). Prints one JSON line per (model, protocol), as
returned by :func:`remission.engine.bench.measure_throughput`, plus ``load_average`` (1 min) at the end of
the measurement: on a shared machine, compare runs only at similar load.

Run: ``.venv/bin/python benchmarks/dual_trace.py [--subjects N] [--models a,b] [--protocols p,q]``
"""

from __future__ import annotations

import argparse
import json
import os

import remission
from remission.engine.bench import measure_throughput

PROTOCOLS = {
    # two 1-h self-administration sessions in 7.2 s bins, 1,000 steps
    "self_administration": lambda: remission.protocols.get("self_administration", sessions=2,
                                                           bin="7.2 s"),
    # 8 days of Lenoir sampling + choice trials
    "sweet_vs_cocaine_choice": lambda: remission.protocols.get("sweet_vs_cocaine_choice"),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subjects", type=int, default=10_000)
    parser.add_argument("--models", default="dual_trace,state_splitting")
    parser.add_argument("--protocols", default=",".join(PROTOCOLS))
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    for m in args.models.split(","):
        for p in args.protocols.split(","):
            row = measure_throughput(m, PROTOCOLS[p](), args.subjects, repeats=args.repeats)
            row["load_average"] = round(os.getloadavg()[0], 2)
            print(json.dumps(row), flush=True)


if __name__ == "__main__":
    main()
