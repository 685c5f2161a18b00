"""Which findings a model can pass at all: each finding calibrated alone, against all together.

A model that misses a finding after calibration on every finding (``--train all``) misses it for one
of two reasons: no parameter set passes it (a mechanism the model lacks, or one the optimiser cannot
find), or the parameters that pass it fail others (a tension between findings). This benchmark tells
them apart: it calibrates the model on each finding alone (the same budget per finding, the same
optimiser seed, no held-out set) and scores that finding with fresh seeds (``seed + 1``, at the
budget's scoring size: 6 experiments of 48 subjects per group by default), then reads
the joint in-sample calibration (``--joint DIR``, a ``remission calibrate --train all`` folder) and
classifies each finding:

``alone+joint``  passes when calibrated alone and in the joint fit;
``tension``      passes alone, fails jointly: other findings pull the parameters away;
``resists``      fails even alone: the model (or this budget) cannot produce it.

Each finding's calibration streams to ``OUT/<finding>/`` and a finished finding is skipped on a rerun,
so a killed run resumes. Prints one JSON line per finding and writes ``OUT/capacity.csv``.

Run: ``nice -n 5 .venv/bin/python benchmarks/calibration_capacity.py --out DIR [--model dual_trace]
[--findings all] [--evaluations 240 --popsize 24 --seed 0] [--joint CALIBRATION_DIR]``
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import pandas as pd


def alone(model: str, finding: str, out: Path, budget, seed: int) -> dict:
    """Calibrate ``model`` on ``finding`` alone (streamed to ``out``) and return its final score."""
    from remission.calibration import calibrate

    scores = out / "scores.csv"
    t0 = time.perf_counter()
    if not scores.exists():
        calibrate([model], train=[finding], test=[], out=out, budget=budget, seed=seed,
                  resume=(out / "state.json").exists(), report=False)
    row = pd.read_csv(scores).query("finding == @finding").iloc[0]
    return {"finding": finding, "alone_score": round(float(row["score"]), 3),
            "alone_low": round(float(row["low"]), 3), "alone_high": round(float(row["high"]), 3),
            "alone_status": row["status"], "seconds": round(time.perf_counter() - t0, 1)}


def joint_status(folder: Path | None, model: str) -> dict[str, str]:
    """Finding → status in a ``--train all`` calibration folder (empty without one)."""
    if folder is None:
        return {}
    df = pd.read_csv(folder / "scores.csv").query("model == @model and set == 'train'")
    return dict(zip(df["finding"], df["status"]))


def classify(alone_status: str, joint: str | None) -> str:
    if alone_status != "pass":
        return "resists"
    if joint is None:
        return "passes alone"
    return "alone+joint" if joint == "pass" else "tension"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--model", default="dual_trace")
    parser.add_argument("--findings", default="all")
    parser.add_argument("--evaluations", type=int, default=240)
    parser.add_argument("--popsize", type=int, default=24)
    parser.add_argument("--subjects", type=int, default=12)
    parser.add_argument("--replicates", type=int, default=3)
    parser.add_argument("--score-subjects", type=int, default=48)
    parser.add_argument("--score-replicates", type=int, default=6)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--joint", type=Path, help="a `remission calibrate --train all` folder")
    a = parser.parse_args()

    import remission
    from remission.calibration import Budget

    budget = Budget(evaluations=a.evaluations, popsize=a.popsize, n_subjects=a.subjects,
                    replicates=a.replicates, score_subjects=a.score_subjects,
                    score_replicates=a.score_replicates)
    joint = joint_status(a.joint, a.model)
    rows = []
    for finding in remission.phenomena.select(a.findings, "findings"):
        row = alone(a.model, finding, a.out / finding, budget, a.seed)
        row.update(model=a.model, joint_status=joint.get(finding),
                   verdict=classify(row["alone_status"], joint.get(finding)),
                   evaluations=a.evaluations, popsize=a.popsize, seed=a.seed)
        rows.append(row)
        print(json.dumps(row), flush=True)
        pd.DataFrame(rows).to_csv(a.out / "capacity.csv", index=False)
    df = pd.DataFrame(rows)
    print(df[["finding", "alone_score", "alone_low", "alone_high", "alone_status", "joint_status",
              "verdict"]].to_string(index=False))
    print({k: int(v) for k, v in df["verdict"].value_counts().items()})


if __name__ == "__main__":
    from remission.errors import RemissionError

    try:
        main()
    except RemissionError as exc:  # bad input: the message, not a traceback
        raise SystemExit(f"error: {exc}") from None
