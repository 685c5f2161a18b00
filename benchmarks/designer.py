"""Issue 17 benchmark: ε = 0.2 vs ε = 0.8 (dual_trace). A 4-D design search (wall time), then the
animals per group the designer's best and the best standard design need for 90 % correct
conclusions (by the decoder, and by the t-test of relapse on the same simulated experiments).
Prints JSON lines.

    nice -n 5 .venv/bin/python benchmarks/designer.py [--generations 6] [--out /tmp/designer-bench]
"""

from __future__ import annotations

import argparse
import json
import shutil
import time
from pathlib import Path

import pandas as pd

import remission
from remission.designer.curves import animals_needed
from remission.designer.search import finish

HERE = Path(__file__).resolve().parent / "designer"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--generations", type=int, default=6)
    ap.add_argument("--se", type=float, default=0.05)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", default="/tmp/designer-bench")
    args = ap.parse_args()
    out = Path(args.out)
    shutil.rmtree(out, ignore_errors=True)
    t0 = time.perf_counter()
    result = remission.design(HERE / "space4d.toml", HERE / "hypotheses.toml", out=out,
                              seed=args.seed, generations=args.generations, se=args.se)
    search_s = time.perf_counter() - t0
    print(json.dumps({"benchmark": "design_search_4d", "seconds": round(search_s, 1),
                      "evaluations": int(len({json.dumps(d, sort_keys=True) for d in result.evaluations["design"]})),
                      "candidates": int(len(result.evaluations)), "target_seconds": 1200,
                      "best": result.best["design"], "p_correct_at_budget": result.best["p_correct"],
                      "se": result.best["se"]}), flush=True)
    t1 = time.perf_counter()
    needed = finish(result, out, n=(1, 2, 3, 4, 6, 8), standard=True)
    standard = {k: v for k, v in needed.items() if k != "designed"}
    reached = [v for v in standard.values() if v is not None]
    best_std = min(reached) if reached else None
    best_name = min((k for k, v in standard.items() if v == best_std), default=None)
    mine = needed["designed"]
    table = pd.read_csv(out / "power.csv")
    by_test = animals_needed(table, 0.9, "p_correct_test")  # the same experiments, the t-test
    print(json.dumps({"benchmark": "animals_for_90pct_t_test", **by_test}), flush=True)
    print(json.dumps({"benchmark": "animals_for_90pct", "designed_n_per_group": mine,
                      "best_standard": best_name, "best_standard_n_per_group": best_std,
                      "all": needed, "at_most_half": (mine is not None and best_std is not None
                                                      and 2 * mine <= best_std),
                      "power_seconds": round(time.perf_counter() - t1, 1)}), flush=True)


if __name__ == "__main__":
    main()
