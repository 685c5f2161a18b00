"""Life-course throughput: 10,000 lives x 30 years in weekly steps (15.6 M subject-steps).

Target (issue 18): < 2 min on the 2-core machine for the whole ``simulate_lives`` call (compile,
16 drawn life histories as 16 engine groups, event extraction and read-outs at the events).
Prints one JSON line with the wall time, the rate in subject-steps/s and, as the same-run
baseline, the compiled engine's bare rate (:func:`remission.engine.bench.measure_throughput`,
compiled once, timed) for the same model on one life history with the same subjects per call and
the same records kept: ``overhead`` = baseline rate / life-course rate (1 means the life course
costs no more than the engine's scan itself). ``load_average`` (1 min) is read at the end: on a
shared machine compare runs only at similar load.

Run: ``nice -n 5 .venv/bin/python benchmarks/lifecourse.py [--subjects N] [--years Y] [--model M]``
"""

from __future__ import annotations

import argparse
import json
import os
import time

import remission
from remission.engine.bench import measure_throughput
from remission.lifecourse.lives import STATE


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subjects", type=int, default=10_000)
    parser.add_argument("--years", type=int, default=30)
    parser.add_argument("--histories", type=int, default=16)
    parser.add_argument("--model", default="dual_trace")
    args = parser.parse_args()
    mdl = remission.models.get(args.model)
    per_call = -(-args.subjects // max(args.histories, 1))
    keep = ["action", *(s for s in STATE if s in mdl.readouts)]
    base = measure_throughput(mdl, remission.protocols.get("life_course_weekly", years=args.years,
                                                           history=0),
                              per_call, repeats=2, record=keep)
    t0 = time.perf_counter()
    lives = remission.simulate_lives(mdl, n_subjects=args.subjects, histories=args.histories,
                                     paradigm={"years": args.years})
    wall = time.perf_counter() - t0
    steps = lives.use.shape[0] * lives.use.shape[1]
    rate = steps / wall
    print(json.dumps({
        "benchmark": "lifecourse", "model": mdl.name, "lives": int(lives.use.shape[0]),
        "years": args.years, "histories": args.histories, "subject_steps": int(steps),
        "wall_s": round(wall, 2), "subject_steps_per_s": float(f"{rate:.4g}"),
        "baseline_engine_steps_per_s": base["subject_steps_per_s"],
        "baseline_compile_s": base["compile_s"],
        "overhead": round(base["subject_steps_per_s"] / rate, 3),
        "target_wall_s": 120, "meets_target": wall < 120,
        "dependent": float(lives.table["dependent"].mean()),
        "load_average": round(os.getloadavg()[0], 2),
    }), flush=True)


if __name__ == "__main__":
    main()
