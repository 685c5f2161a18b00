"""Throughput of the dual-trace model against a baseline measured in the same run.

Target (issues 4 and 13): dual_trace >= 2,000,000 subject-steps/s with 10,000 subjects on the 2-core
machine, one compiled program (scan over steps, vmap over subjects) on the JAX CPU backend. Each
figure is the best of ``--repeats`` timed runs after compilation
(:func:`remission.engine.bench.measure_throughput`), counting the protocol's real steps (padding to
the step bucket is not counted). Prints one JSON line per (model, protocol) with
``ratio_to_baseline`` (its rate over the baseline model's on the same protocol, measured just
before it) and ``load_average`` (1 min, read after the measurement): on a shared machine compare
runs only at similar load.

Run: ``.venv/bin/python benchmarks/dual_trace.py [--subjects N] [--models a,b] [--baseline m]``
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
    parser.add_argument("--baseline", default="rescorla_wagner")
    parser.add_argument("--protocols", default=",".join(PROTOCOLS))
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    for p in args.protocols.split(","):
        base = measure_throughput(args.baseline, PROTOCOLS[p](), args.subjects, repeats=args.repeats)
        base["load_average"] = round(os.getloadavg()[0], 2)
        print(json.dumps(base), flush=True)
        for m in args.models.split(","):
            row = measure_throughput(m, PROTOCOLS[p](), args.subjects, repeats=args.repeats)
            row["ratio_to_baseline"] = round(row["subject_steps_per_s"] / base["subject_steps_per_s"], 3)
            row["baseline"] = args.baseline
            row["load_average"] = round(os.getloadavg()[0], 2)
            print(json.dumps(row), flush=True)


if __name__ == "__main__":
    main()
