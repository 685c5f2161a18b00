"""dual_trace v1 (commit 0a12284, ``benchmarks/legacy/dual_trace_v1.py``) against v2 (today's
``dual_trace``) on the honest scorecard, per finding, with 95 % CIs; issue 13's missing table.

Registers ``dual_trace_v1`` and its presets (``erasure_only_v1``, ``competition_only_v1``,
``mixed_v1``) for this process only, runs ``remission.scorecard`` for the chosen models at their
defaults (each model's own ``population()``; default 10 replicates × 100 subjects) on every
finding, and prints a markdown table: finding | score [95 % CI] and pass/fail per model, the
passes over the findings each model is not n/a on, and each model's number of parameters and
free parameters. ``--calibrate`` also runs ``remission.calibrate`` on the same models with the
same (default) budget, training on the ``use`` findings and scoring the held-out ``remission``
findings, and prints that table the same way. Nothing is tuned here.

Run: ``nice -n 5 .venv/bin/python benchmarks/dual_trace_versions.py [--calibrate]``
(smoke: ``--subjects 10 --replicates 2``).
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from legacy import dual_trace_v1  # noqa: E402

MODELS = "mixed_v1,mixed"


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def progress(done: int, total: int, label: str) -> None:
    print(f"  [{done}/{total}] {label}", file=sys.stderr, flush=True)


def param_counts(names) -> list[str]:
    """One line per model (and its base): parameters, free parameters, names of the free ones."""
    from remission import models

    lines, seen = [], set()
    for name in names:
        m = models.get(name)
        for mdl in (m, models.get(m.base) if m.base else None):
            if mdl is None or mdl.name in seen:
                continue
            seen.add(mdl.name)
            fixed = f"; preset of {mdl.base}, fixed {dict(mdl.fixed)}" if mdl.base else ""
            lines.append(f"- `{mdl.name}`: {len(mdl.params)} parameters, {len(mdl.free)} free "
                         f"({', '.join(mdl.free)}){fixed}; simulates in {mdl.sim_dtype}")
    return lines


def cell(score, low, high, status) -> str:
    if status == "n/a":
        return "n/a"
    if status == "error" or score is None or not math.isfinite(score):
        return status
    return f"{score:.2f} [{low:.2f}, {high:.2f}] {status}"


def table(rows, names) -> str:
    """``rows``: {finding: {model: (score, low, high, status)}} -> markdown with a totals line."""
    head = "| finding | " + " | ".join(names) + " |\n|---|" + "---|" * len(names) + "\n"
    body = ""
    for finding, per in rows.items():
        body += f"| {finding} | " + " | ".join(cell(*per.get(m, (None, None, None, "n/a")))
                                                 for m in names) + " |\n"
    totals = []
    for m in names:
        st = [per[m][3] for per in rows.values() if m in per]
        applicable = [s for s in st if s != "n/a"]
        scores = [per[m][0] for per in rows.values()
                  if m in per and per[m][3] != "n/a" and per[m][0] is not None and math.isfinite(per[m][0])]
        errors = sum(s == "error" for s in applicable)
        mean = sum(scores) / len(scores) if scores else math.nan
        totals.append(f"**{sum(s == 'pass' for s in applicable)}/{len(applicable)}** passed, "
                      f"mean score {mean:.3f}" + (f", {errors} error" if errors else ""))
    body += "| **total** (findings not n/a) | " + " | ".join(totals) + " |\n"
    return head + body


def scorecard(args, names) -> None:
    import remission

    populations = {}
    if args.v1_population == "0a12284":
        populations = {dual_trace_v1.MODEL.name: dual_trace_v1.population_0a12284()}
    print(f"scorecard: {args.replicates} replicates x {args.subjects} subjects, seed {args.seed}, "
          f"models {', '.join(names)}, v1 population: {args.v1_population}; load {load()}", flush=True)
    t0 = time.perf_counter()
    df = remission.scorecard(models=names, n_subjects=args.subjects, replicates=args.replicates,
                             seed=args.seed, populations=populations or None, report=False,
                             progress=progress, out=args.out)
    wall = time.perf_counter() - t0
    rows: dict = {}
    for r in df.itertuples():
        rows.setdefault(r.phenomenon, {})[r.model] = (r.score, r.score_low, r.score_high, r.status)
    print()
    print(table(rows, names))
    for r in df[df["status"].isin(["error", "n/a"])].itertuples():
        print(f"{r.status}: {r.phenomenon} / {r.model}: {r.note}")
    print(f"scorecard wall time {wall:.0f} s; load average {load()}", flush=True)


def calibrate(args, names) -> None:
    import remission
    from remission.calibration.api import Budget

    print(f"\ncalibrate: default budget {Budget()}, train use, test "
          f"remission, seed {args.seed}; load {load()}", flush=True)
    t0 = time.perf_counter()
    out = Path(args.out) / "calibrate" if args.out else None
    res = remission.calibrate(models=names, train="use", seed=args.seed, out=out, report=False,
                              progress=progress)
    wall = time.perf_counter() - t0
    sets = {}
    for r in res.table().itertuples():
        sets.setdefault(r.set, {}).setdefault(r.finding, {})[r.model] = (
            r.score, r.low if r.low is not None else math.nan,
            r.high if r.high is not None else math.nan, r.status)
    for r in res.table().itertuples():
        if r.status in ("error", "n/a"):
            print(f"{r.status}: {r.finding} / {r.model} ({r.set}): {r.note}")
    for part in ("test", "train"):
        print(f"\ncalibrated, {'held-out (remission)' if part == 'test' else 'training (use)'} "
              f"findings, scored at seed {args.seed + 1}:\n")
        print(table(sets.get(part, {}), names))
    print("\n| model | calibrated dimensions | training loss | training score | held-out score | "
          "passed (train; held-out) |\n|---|---:|---:|---:|---:|---|")
    for r in res.summary().itertuples():
        print(f"| {r.model} | {r.k} | {r.train_loss:.3f} | {r.train:.3f} [{r.train_low:.3f}, "
              f"{r.train_high:.3f}] | {r.test:.3f} [{r.test_low:.3f}, {r.test_high:.3f}] | "
              f"{r.train_passed}/{r.train_n}; {r.test_passed}/{r.test_n} |")
    print(f"calibrate wall time {wall:.0f} s; load average {load()}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subjects", type=int, default=None, help="per group (default: scorecard's, 100)")
    parser.add_argument("--replicates", type=int, default=None, help="default: scorecard's, 10")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--models", default=MODELS,
                        help=f"comma-separated registered names, v1's included (default {MODELS})")
    parser.add_argument("--calibrate", action="store_true", help="also calibrate (default budget)")
    parser.add_argument("--v1-population", choices=("today", "0a12284"), default="today",
                        help="v1's subjects: Model.population() of today's interface (default) or the "
                             "one it gave at 0a12284 (LogNormal on drug_value, shock_cost, beta)")
    parser.add_argument("--out", default=None, help="folder for scorecard.csv (and calibrate/)")
    args = parser.parse_args()
    from remission.scoring.runner import DEFAULT_REPLICATES, DEFAULT_SUBJECTS

    args.subjects = args.subjects or DEFAULT_SUBJECTS
    args.replicates = args.replicates or DEFAULT_REPLICATES
    dual_trace_v1.register_v1()
    names = [m.strip() for m in args.models.split(",") if m.strip()]
    t0 = time.perf_counter()
    print(f"date {time.strftime('%Y-%m-%d %H:%M:%S %Z')}; load average {load()}; "
          f"{os.cpu_count()} CPUs", flush=True)
    print("\nparameters:\n" + "\n".join(param_counts(names)) + "\n", flush=True)
    scorecard(args, names)
    if args.calibrate:
        calibrate(args, names)
    print(f"\ntotal wall time {time.perf_counter() - t0:.0f} s; load average {load()}")


if __name__ == "__main__":
    main()
