"""Pass rate over seeds of the dual-trace presets on the current scorecard, per finding.

Runs ``remission.scorecard`` for each seed (or reads the ``scorecard.csv`` files of runs already
made, ``--read DIR ...``) and prints one JSON line per (finding, model): the pass rate over seeds,
the mean and SD of the headline simulated value, and the seeds. Use it to compare two versions of
the model: run it once per checkout (``PYTHONPATH=<other checkout>/src``) with the same seeds and
subjects.

Run: ``.venv/bin/python benchmarks/dual_trace_scorecard.py --seeds 0,1,2,3,4 --subjects 64``
"""

from __future__ import annotations

import argparse
import json
import math
import os
from pathlib import Path

import pandas as pd

MODELS = "erasure_only,competition_only,mixed"


def tables(args) -> list[pd.DataFrame]:
    if args.read:
        return [pd.read_csv(Path(d) / "scorecard.csv").assign(seed=i) for i, d in enumerate(args.read)]
    import remission

    out = []
    for seed in (int(s) for s in args.seeds.split(",")):
        table = remission.scorecard(models=args.models.split(","), n_subjects=args.subjects, seed=seed,
                                    report=False)
        out.append(table.assign(seed=seed))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", default="0,1,2,3,4")
    parser.add_argument("--subjects", type=int, default=64)
    parser.add_argument("--models", default=MODELS)
    parser.add_argument("--read", nargs="*", help="scorecard output directories to read instead")
    args = parser.parse_args()
    df = pd.concat(tables(args), ignore_index=True)
    passed = df["passed"].astype("boolean")
    for (phen, model), g in df.assign(passed=passed).groupby(["phenomenon", "model"], sort=False):
        values = pd.to_numeric(g["simulated"], errors="coerce")
        finite = values[values.map(math.isfinite)]
        print(json.dumps({
            "phenomenon": phen, "model": model, "seeds": len(g),
            "pass_rate": round(float(g["passed"].fillna(False).mean()), 3),
            "value_mean": round(float(finite.mean()), 4) if len(finite) else None,
            "value_sd": round(float(finite.std(ddof=1)), 4) if len(finite) > 1 else None,
        }), flush=True)
    print(json.dumps({"load_average": round(os.getloadavg()[0], 2)}))


if __name__ == "__main__":
    main()
