"""Benchmark: free-operant fits on the real MED-PC file, and parameter recovery on simulated data
of its shape (JSON lines).

1. ``real``: the Palmer-lab alcohol file (16 rats, one 35-min session, 20-s bins) fitted with
   rescorla_wagner and drug_td: total and per-rat log-likelihood against the chance policy (every
   offered option equally likely), how many rats beat it, and how many distinct log-likelihoods
   (the bug of issue 14: all 16 were 105 ln 1/2).
2. ``recovery``: rescorla_wagner simulated on free-operant designs of that shape (35-min sessions
   of 20-s bins, an FR1 drug lever delivering dose 1) and refitted (η, β and the value of not
   responding); sessions of self-administration, optionally followed by extinction sessions.
   True η, β: uniform within ±1 of the defaults on the unconstrained scale; the value of not
   responding is set from a naive press probability per bin drawn in [0.02, 0.10] (rest =
   logit(1/p0 − 1)/β), so simulated rats press at rates like the real ones.
   Target: r >= 0.8 for η and β.

Run: ``.venv/bin/python benchmarks/fit_operant.py [--part real|recovery|all]``
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

import numpy as np

import remission
from remission.fitting.likelihood import ParamLayout
from remission.fitting.mle import fit_mle
from remission.fitting.recovery import draw_params, simulate_data
from remission.io import build_design, read_medpc
from remission.protocols.blocks import drug_lever
from remission.protocols.schema import Option, Phase, Protocol

MEDPC = Path(__file__).resolve().parents[2] / "shared" / "data" / "medpc" / "palmer_lab_alcohol_water_day01.txt"
DESIGNS = ((1, 0), (3, 0), (10, 0), (3, 3), (5, 5))
"""(self-administration sessions, extinction sessions)."""


def real() -> None:
    data = read_medpc(MEDPC, presses={"drug": "V"}, unit="s", bin_seconds=20, deliveries={"drug": "Y"})
    for name in ("rescorla_wagner", "drug_td"):
        t0 = time.perf_counter()
        res = remission.fit(name, data, starts=4)
        s = res.subjects
        print(json.dumps({"benchmark": "medpc_real_file", "model": name, "rats": len(s),
                          "fitted": list(dict.fromkeys(res.params["parameter"])),
                          "loglik": round(float(s["loglik"].sum()), 2),
                          "loglik_chance": round(float(s["loglik_chance"].sum()), 2),
                          "rats_beating_chance": int((s["loglik"] > s["loglik_chance"]).sum()),
                          "distinct_logliks": int(s["loglik"].round(4).nunique()),
                          "presses": (res.design.actions == 1).sum(1).tolist(),
                          "seconds": round(time.perf_counter() - t0, 1),
                          "load_average": os.getloadavg()[0]}), flush=True)


def protocol(sa: int, ext: int) -> Protocol:
    phases = [Phase(name="self_administration", sessions=sa, session_length="35 min", bin="20 s",
                    options=[drug_lever(dose=1.0, timeout="0 s", cue=None)])]
    if ext:
        phases.append(Phase(name="extinction", sessions=ext, session_length="35 min", bin="20 s",
                            options=[Option(name="drug")]))
    return Protocol(name=f"free_operant_{sa}sa_{ext}ext", phases=phases)


def recovery(n_subjects: int, sa: int, ext: int, seed: int) -> None:
    model = remission.models.get("rescorla_wagner")
    truth = draw_params(ParamLayout(model, ["eta", "beta"]), n_subjects, seed)
    p0 = np.random.default_rng([seed, 7]).uniform(0.02, 0.10, n_subjects)
    truth["rest"] = np.log(1.0 / p0 - 1.0) / truth["beta"]
    t0 = time.perf_counter()
    design = build_design(simulate_data(model, n_subjects, 0, truth, seed, protocol(sa, ext)))
    res = fit_mle(model, design, fit=["eta", "beta", "rest"], starts=4, seed=seed)
    est = res["params"].pivot(index="subject", columns="parameter", values="estimate").loc[design.subjects]
    r = {k: round(float(np.corrcoef(truth[k], est[k])[0, 1]), 3) for k in ("eta", "beta", "rest")}
    presses = (design.actions == 1).sum(1)
    print(json.dumps({"benchmark": "free_operant_recovery", "model": model.name, "rats": n_subjects,
                      "sa_sessions": sa, "extinction_sessions": ext, "bins": int(design.n_steps),
                      "r": r, "target_r": 0.8, "pass": r["eta"] >= 0.8 and r["beta"] >= 0.8,
                      "median_presses": float(np.median(presses)),
                      "seconds": round(time.perf_counter() - t0, 1),
                      "load_average": os.getloadavg()[0]}), flush=True)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--part", default="all", choices=("real", "recovery", "all"))
    ap.add_argument("--subjects", type=int, nargs="*", default=[16, 100])
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    if a.part in ("real", "all"):
        real()
    if a.part in ("recovery", "all"):
        for n in a.subjects:
            for sa, ext in DESIGNS:
                recovery(n, sa, ext, a.seed)


if __name__ == "__main__":
    main()
