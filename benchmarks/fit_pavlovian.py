"""Benchmark: MLE fits of every Pavlovian-capable model to a simulated human SCR dataset (JSON lines).

The design is the two-CS fear-conditioning design of :func:`remission.io.simulated.two_cs_fear_design`
(acquisition with 50 % reinforced CS+ and CS−, extinction a day later, reinstatement by US-alone
trials, test): 106 subjects × 120 trials. For each model, CRs are simulated from the model's own
``response`` read-out with per-subject parameters (uniform within ±1 of the defaults on the
unconstrained scale), scale 1 and Gaussian noise, then refitted by maximum likelihood through
``remission.fit`` with the Gaussian response model. Printed: wall time of the fit (compilation
included) and of a second fit of the same shapes (compiled programs reused), recovery r per
parameter, and the load average.

Target: each fit < 2 min on 2 cores.

Run: ``.venv/bin/python benchmarks/fit_pavlovian.py [--subjects 106] [--models ...]``
"""

from __future__ import annotations

import argparse
import json
import os
import time

import numpy as np

import remission
from remission.fitting.design_recovery import simulate_on_design
from remission.fitting.likelihood import ParamLayout, default_fit
from remission.fitting.recovery import draw_params
from remission.io import build_design, validate
from remission.io.simulated import two_cs_fear_design

MODELS = ("rescorla_wagner", "latent_cause", "latent_cause_rw", "dual_trace")


def dataset(model, n_subjects: int, seed: int, noise: float):
    """Tidy SCR data simulated from ``model`` and the true parameters."""
    df = two_cs_fear_design(n_subjects, seed=seed)
    df["cr"] = np.where(df["measured"], 0.0, np.nan)
    design = build_design(validate(df.drop(columns="measured"), cue_columns=["CSplus", "CSminus"]))
    layout = ParamLayout(model, default_fit(model, design))
    truth = draw_params(layout, n_subjects, seed, ranges=dict(model.recovery_ranges))
    sim = simulate_on_design(model, design, truth, seed=seed, scale=1.0, noise=noise)
    frame = design.data.trials.drop(columns="row")
    frame["cr"] = np.concatenate([np.where(sim.cr_mask[i, :n], sim.cr[i, :n], np.nan)
                                  for i, n in enumerate(design.valid.sum(1))])
    return validate(frame, source="simulated SCR"), truth


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--subjects", type=int, default=106)
    ap.add_argument("--models", nargs="*", default=list(MODELS))
    ap.add_argument("--noise", type=float, default=0.1)
    ap.add_argument("--starts", type=int, default=2)
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    for name in a.models:
        model = remission.models.get(name)
        data, truth = dataset(model, a.subjects, a.seed, a.noise)
        times = []
        for _ in range(2):
            t0 = time.perf_counter()
            res = remission.fit(model, data, starts=a.starts, seed=a.seed)
            times.append(time.perf_counter() - t0)
        est = res.estimates()
        r = {k: round(float(np.corrcoef(v, est[k])[0, 1]), 3) for k, v in truth.items()}
        print(json.dumps({"benchmark": "fit_pavlovian_scr", "model": name, "subjects": a.subjects,
                          "trials": int(res.design.valid.sum(1).max()), "fitted": list(truth),
                          "seconds_first_fit": round(times[0], 1), "seconds_second_fit": round(times[1], 1),
                          "target_seconds": 120, "pass": times[0] < 120, "recovery_r": r,
                          "converged": res.diagnostics["converged"], "load_average": os.getloadavg()[0]}),
              flush=True)


if __name__ == "__main__":
    main()
