"""Benchmark: calibration wall time, recovery of ε from synthetic literatures, Dask scaling
(JSON lines; not a timed test).

``timing``   a default-budget dual_trace calibration (default split: train on ``use``, score on
             ``remission``), in-process; target < 30 min on the 2-core machine.
``recovery`` "published" targets simulated from dual_trace with known ε (0.2, 0.8) on the
             remission findings (``--findings``) (another seed than the calibration's), then ε profiled (the other
             free parameters re-calibrated at each grid value, kernel-ABC posterior) and, with
             ``--full``, all free parameters calibrated together; target |ε̂ − ε| <= 0.1.
``dask``     one generation's candidates over 1, 2, ... LocalCluster workers (wall time).

Run: ``nice -n 5 .venv/bin/python benchmarks/calibration.py [timing] [recovery] [dask]
[--evaluations 96 --subjects 12 --replicates 3]``
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time

import numpy as np


def emit(**row) -> None:
    print(json.dumps(row), flush=True)


def timing(a) -> None:
    from remission.calibration import Budget, calibrate

    budget = Budget(evaluations=a.evaluations, popsize=a.popsize, n_subjects=a.subjects,
                    replicates=a.replicates)
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as out:
        res = calibrate(["dual_trace"], out=out, budget=budget, report=False)
    row = res.summary().iloc[0]
    emit(benchmark="calibration_timing", model="dual_trace", seconds=round(time.perf_counter() - t0, 1),
         evaluations=a.evaluations, popsize=a.popsize, subjects=a.subjects, replicates=a.replicates,
         train=float(row["train"]), test=float(row["test"]), test_ci=[float(row["test_low"]),
                                                                      float(row["test_high"])],
         target_seconds=1800)


def recovery(a) -> None:
    from remission import models
    from remission.calibration import Budget, calibrate
    from remission.calibration.splits import findings
    from remission.calibration.targets import synthetic

    remission_findings = list(findings(a.findings, "findings"))
    budget = Budget(evaluations=a.evaluations, popsize=a.popsize, n_subjects=a.subjects,
                    replicates=a.replicates, profile_evaluations=a.profile_evaluations)
    for truth in (0.2, 0.8):
        t0 = time.perf_counter()
        pop = models.get("dual_trace").population({"epsilon": truth})
        targets = synthetic("dual_trace", pop, remission_findings, a.subjects, a.replicates)
        used = list(targets)
        # ε profiled: at each grid value the other free parameters are re-calibrated on the
        # synthetic targets; the posterior is read from the same targets (train = test here:
        # a recovery check, not a held-out score)
        res = calibrate(["dual_trace"], train=used, test=[], targets=targets, budget=budget,
                        free=["epsilon"] if a.epsilon_only else None, fit_spread=not a.epsilon_only,
                        profile=True, grid=np.linspace(0, 1, a.grid).round(6).tolist(), report=False)
        prof = res.profiles["dual_trace"]
        from remission.calibration.profile import abc, distances

        # the posterior from the training distances (no held-out findings in a recovery run)
        post = abc(prof.values, distances(prof.fits, used))
        fit = res.fits["dual_trace"]
        eps_fit = fit.trace.space.values(fit.trace.best_x).get("epsilon")
        emit(benchmark="calibration_recovery", truth=truth, findings=len(used),
             profile_mean=post.mean if post else None,
             profile_interval=[post.low, post.high] if post else None,
             calibrated_epsilon=eps_fit, error=abs((post.mean if post else np.nan) - truth),
             within_0_1=bool(post and abs(post.mean - truth) <= 0.1),
             epsilon_only=a.epsilon_only, seconds=round(time.perf_counter() - t0, 1))


def dask(a) -> None:
    from distributed import Client, LocalCluster

    from remission import phenomena
    from remission.calibration.distribute import score_on
    from remission.calibration.evaluate import Evaluator
    from remission.calibration.space import Space
    from remission.calibration.splits import findings

    phens = [phenomena.get(p) for p in findings("use", "findings")]
    space = Space.of("dual_trace")
    rng = np.random.default_rng(0)
    pops = [space.population(space.x0() + 0.3 * rng.standard_normal(space.dim))
            for _ in range(a.popsize)]
    ev = Evaluator("dual_trace", phens, a.subjects, a.replicates, a.popsize)
    for workers in a.workers:
        with LocalCluster(n_workers=workers, threads_per_worker=1) as cluster, Client(cluster) as cl:
            score_on(cl, ev, pops, 0, phens)  # compile on every worker
            t0 = time.perf_counter()
            score_on(cl, ev, pops, 0, phens)
            emit(benchmark="calibration_dask", workers=workers, candidates=a.popsize,
                 seconds=round(time.perf_counter() - t0, 1))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("which", nargs="*", default=["timing", "recovery"])
    ap.add_argument("--evaluations", type=int, default=96)
    ap.add_argument("--profile-evaluations", type=int, default=12)
    ap.add_argument("--popsize", type=int, default=12)
    ap.add_argument("--subjects", type=int, default=12)
    ap.add_argument("--replicates", type=int, default=3)
    ap.add_argument("--grid", type=int, default=11, help="ε grid points in [0, 1]")
    ap.add_argument("--epsilon-only", action="store_true",
                    help="recovery: ε alone (other parameters at the truth), no re-calibration")
    ap.add_argument("--findings", default="remission", help="recovery: the findings given synthetic targets")
    ap.add_argument("--workers", type=int, nargs="*", default=[1, 2])
    a = ap.parse_args()
    for which in a.which:
        {"timing": timing, "recovery": recovery, "dask": dask}[which](a)


if __name__ == "__main__":
    main()
