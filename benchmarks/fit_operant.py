"""Benchmark: free-operant fits on the real MED-PC file, and parameter recovery on simulated data
of its shape (JSON lines).

1. ``real``: the Palmer-lab alcohol file (16 rats, one 35-min session, 20-s bins) fitted with
   rescorla_wagner and drug_td: total and per-rat log-likelihood against the chance policy (every
   offered option equally likely), how many rats beat it, and how many distinct log-likelihoods
   (the bug of issue 14: all 16 were 105 ln 1/2).
2. ``recovery``: rescorla_wagner simulated on free-operant designs of that shape (35-min sessions
   of 20-s bins, an FR1 drug lever delivering dose 1) and refitted (η, β and the value of not
   responding); sessions of self-administration, optionally followed by extinction sessions,
   the pair repeated ``cycles`` times (acquisition, extinction, reacquisition, ...).
   ``--rates real`` (default): rats press at rates like the real ones (1–19 presses in 105 bins).
   Each rat's press probability per bin is drawn before learning, p₀ ~ U[0.01, 0.04], and once
   the drug lever's value has been learned, p∞ ~ U[0.08, 0.25]. With Q∞ = drug_value · dose −
   press_cost (drug_value = :data:`DRUG_VALUE`, held fixed in the fit) that sets
   β = (logit p∞ − logit p₀)/Q∞ and the value of not responding rest = −logit p₀ / β.
   η: uniform within ±1 of its default on the unconstrained scale. ``--rates prior``: η and β
   both from that range, rest from p₀ ~ U[0.02, 0.10]; with β around its default of 5 the
   learned lever is pressed in ~85 % of bins, unlike any real rat.
   ``--naive``/``--learned`` change the ranges of p₀ and p∞. ``--method map`` refits by MAP
   (each parameter's weakly informative prior, :mod:`remission.fitting.mle`) instead of MLE.
   Prints Pearson r of truth and estimate with its 95 % interval (Fisher z), Spearman's rank r
   and r on the fit's unconstrained scale. Target: r >= 0.8 for η and β (Pearson).

Run: ``.venv/bin/python benchmarks/fit_operant.py [--part real|recovery|all] [--subjects N ..]
[--designs SA,EXT[,CYCLES] ..] [--method mle|map] [--seed S]``
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

import numpy as np
from scipy.stats import spearmanr

import remission
from remission.fitting.likelihood import ParamLayout
from remission.fitting.mle import fit_mle
from remission.fitting.recovery import draw_params, simulate_data
from remission.io import build_design, read_medpc
from remission.protocols.blocks import drug_lever
from remission.protocols.schema import Option, Phase, Protocol

MEDPC = Path(__file__).resolve().parents[2] / "shared" / "data" / "medpc" / "palmer_lab_alcohol_water_day01.txt"
DESIGNS = ((1, 0), (10, 0), (5, 5), (10, 10), (3, 3, 3), (2, 2, 6), (3, 3, 4))
"""(self-administration sessions, extinction sessions[, cycles]): the last two (24 sessions as
acquisition–extinction cycles) are the ones that identify η and β (docs/FITTING.md)."""


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


def protocol(sa: int, ext: int, cycles: int = 1) -> Protocol:
    """``cycles`` × (``sa`` sessions of self-administration, then ``ext`` of extinction)."""
    phases = []
    for c in range(1, cycles + 1):
        tag = f"_{c}" if cycles > 1 else ""
        phases.append(Phase(name=f"self_administration{tag}", sessions=sa, session_length="35 min",
                            bin="20 s", options=[drug_lever(dose=1.0, timeout="0 s", cue=None)]))
        if ext:
            phases.append(Phase(name=f"extinction{tag}", sessions=ext, session_length="35 min",
                                bin="20 s", options=[Option(name="drug")]))
    return Protocol(name=f"free_operant_{cycles}x_{sa}sa_{ext}ext", phases=phases)


DRUG_VALUE = 1.0
"""drug_value of the ``real``-rate rats (simulated and held fixed in the fit). Only β · drug_value
and rest/drug_value are identified; at the convention's 4 per unit dose, rats pressing this rarely
would need rest ≈ 8–17, beyond its bound of 5."""


def logit(p):
    return np.log(p / (1.0 - p))


def true_params(model, n_subjects: int, seed: int, rates: str,
                naive=(0.01, 0.04), learned=(0.08, 0.25)) -> dict:
    """Per-rat η, β and rest (see the module docstring); ``naive`` and ``learned`` are the ranges
    of p₀ and p∞ of the ``real`` rates."""
    rng = np.random.default_rng([seed, 7])
    if rates == "prior":
        truth = draw_params(ParamLayout(model, ["eta", "beta"]), n_subjects, seed)
        truth["rest"] = -logit(rng.uniform(0.02, 0.10, n_subjects)) / truth["beta"]
        return truth
    truth = draw_params(ParamLayout(model, ["eta"]), n_subjects, seed)
    p0, p_learned = rng.uniform(*naive, n_subjects), rng.uniform(*learned, n_subjects)
    q_learned = DRUG_VALUE * 1.0 - model.spec("press_cost").default
    truth["beta"] = (logit(p_learned) - logit(p0)) / q_learned
    truth["rest"] = -logit(p0) / truth["beta"]
    truth["drug_value"] = np.full(n_subjects, DRUG_VALUE)
    return truth


def r_interval(r: float, n: int) -> tuple[float, float]:
    """95 % interval of a Pearson r over ``n`` rats (Fisher's z, SE 1/√(n − 3))."""
    z, half = np.arctanh(r), 1.959964 / np.sqrt(n - 3)
    return float(np.tanh(z - half)), float(np.tanh(z + half))


def recovery(n_subjects: int, sa: int, ext: int, seed: int, rates: str = "real",
             naive=(0.01, 0.04), learned=(0.08, 0.25), cycles: int = 1, method: str = "mle") -> None:
    model = remission.models.get("rescorla_wagner")
    truth = true_params(model, n_subjects, seed, rates, naive, learned)
    t0 = time.perf_counter()
    design = build_design(simulate_data(model, n_subjects, 0, truth, seed, protocol(sa, ext, cycles)))
    fixed = {"drug_value": DRUG_VALUE} if rates == "real" else None
    res = fit_mle(model, design, fit=["eta", "beta", "rest"], fixed=fixed, starts=4, seed=seed,
                  prior=method == "map")
    est = res["params"].pivot(index="subject", columns="parameter", values="estimate").loc[design.subjects]
    r = {k: float(np.corrcoef(truth[k], est[k])[0, 1]) for k in ("eta", "beta", "rest")}
    ci = {k: [round(x, 3) for x in r_interval(v, n_subjects)] for k, v in r.items()}
    r = {k: round(v, 3) for k, v in r.items()}
    rank_r = {k: round(float(spearmanr(truth[k], est[k])[0]), 3) for k in r}
    unconstrained_r = {k: round(float(np.corrcoef(*(np.asarray(model.spec(k).to_unconstrained(
        np.asarray(x, float))) for x in (truth[k], est[k])))[0, 1]), 3) for k in r}
    presses = (design.actions == 1).sum(1)
    print(json.dumps({"benchmark": "free_operant_recovery", "model": model.name, "method": method, "rates": rates,
                      "rats": n_subjects,
                      **({"p0": list(naive), "p_learned": list(learned)} if rates == "real" else {}),
                      "sa_sessions": sa, "extinction_sessions": ext, "cycles": cycles, "bins": int(design.n_steps),
                      "r": r, "r_95ci": ci, "rank_r": rank_r, "unconstrained_r": unconstrained_r,
                      "target_r": 0.8, "pass": r["eta"] >= 0.8 and r["beta"] >= 0.8,
                      "median_presses": float(np.median(presses)),
                      "presses_per_session": float(np.median(presses)) / ((sa + ext) * cycles),
                      "seconds": round(time.perf_counter() - t0, 1),
                      "load_average": os.getloadavg()[0]}), flush=True)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--part", default="all", choices=("real", "recovery", "all"))
    ap.add_argument("--subjects", type=int, nargs="*", default=[16, 100])
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--rates", default="real", choices=("real", "prior"))
    ap.add_argument("--naive", type=float, nargs=2, default=[0.01, 0.04], metavar=("LO", "HI"),
                    help="range of p0, the press probability per bin before learning (real rates)")
    ap.add_argument("--learned", type=float, nargs=2, default=[0.08, 0.25], metavar=("LO", "HI"),
                    help="range of p-infinity, the press probability once learned (real rates)")
    ap.add_argument("--method", default="mle", choices=("mle", "map"),
                    help="recovery fits by maximum likelihood or MAP (each parameter's prior)")
    ap.add_argument("--designs", nargs="*", default=None, metavar="SA,EXT[,CYCLES]",
                    help="designs to run, e.g. 10,0 5,5 3,3,3 (default: all of DESIGNS)")
    a = ap.parse_args()
    if a.part in ("real", "all"):
        real()
    designs = [tuple(int(x) for x in d.split(",")) for d in a.designs] if a.designs else DESIGNS
    if a.part in ("recovery", "all"):
        for n in a.subjects:
            for sa, ext, *cycles in designs:
                recovery(n, sa, ext, a.seed, a.rates, tuple(a.naive), tuple(a.learned),
                         *(cycles or [1]), method=a.method)


if __name__ == "__main__":
    main()
