"""Throughput of the latent-cause models; prints one JSON line per benchmark.

1. Batched LCM-RW ``infer`` (Gershman et al. 2017) on 10,000 subjects of the 23-trial
   retrieval–extinction design (design 2, per-subject α): vmap over subjects, lax.scan over trials.
   Target ≥ 1,000,000 subject-trials/s on 2 CPU cores. The rate is the best of 3 timed runs after
   compilation, counting the design's 23 trials (no padding).
2. ``fit_alpha`` (LCM, Gershman et al. 2010) on 100 subjects × 120 trials × 50 α values: one run
   including compilation, and one warm run. Target < 5 s.

Run: ``.venv/bin/python benchmarks/latent_cause.py``
"""

from __future__ import annotations

import json
import time

import jax
import jax.numpy as jnp
import numpy as np
import pandas as pd

import remission  # noqa: F401  (float64)
from remission.models import latent_cause_rw as lcrw
from remission.fitting.lcm_grid import fit_alpha


def bench_lcm_rw(n_subjects=10_000, repeats=3):
    times = np.r_[0, 1, 2, 23, np.arange(27, 45), 245].astype(float)
    T = len(times)
    r = np.zeros(T)
    r[:3] = 1
    x = jnp.ones((T, 1))
    alpha = jnp.asarray(np.random.default_rng(0).uniform(0.05, 0.5, n_subjects))
    p = {k: jnp.asarray(v) for k, v in dict(g=1.0, sx=1.0, sr=0.4, theta=0.02, lam=0.01).items()}

    @jax.jit
    def run(alpha):
        one = lambda a: lcrw.infer_arrays(x, jnp.asarray(r), jnp.asarray(times), jnp.full(T, a),
                                          jnp.full(T, 0.3), jnp.zeros(T), p, 3, 15)["cr"]
        return jax.vmap(one)(alpha)

    t0 = time.perf_counter()
    run(alpha).block_until_ready()
    compile_s = time.perf_counter() - t0
    best = np.inf
    for _ in range(repeats):
        t0 = time.perf_counter()
        out = run(alpha).block_until_ready()
        best = min(best, time.perf_counter() - t0)
    assert np.all(np.isfinite(np.asarray(out)))
    return {"model": "latent_cause_rw", "protocol": "retrieval_extinction_design2",
            "n_subjects": n_subjects, "steps": T, "compile_s": round(compile_s, 3),
            "run_s": round(best, 4), "subject_steps_per_s": round(n_subjects * T / best)}


def bench_fit_alpha(n_subjects=100, n_trials=120, n_alpha=50):
    rng = np.random.default_rng(1)
    us = np.r_[np.ones(40), np.zeros(n_trials - 40)]
    ctx_b = np.r_[np.zeros(40), np.ones(60), np.zeros(n_trials - 100)]
    data = pd.DataFrame({
        "subject": np.repeat(np.arange(n_subjects), n_trials), "us": np.tile(us, n_subjects),
        "cs": 1.0, "ctx_a": np.tile(1 - ctx_b, n_subjects), "ctx_b": np.tile(ctx_b, n_subjects),
        "cr": rng.uniform(0, 1, n_subjects * n_trials)})
    t0 = time.perf_counter()
    fit = fit_alpha(data, ["cs", "ctx_a", "ctx_b"], alphas=np.linspace(0, 10, n_alpha))
    total = time.perf_counter() - t0
    t0 = time.perf_counter()
    fit_alpha(data, ["cs", "ctx_a", "ctx_b"], alphas=np.linspace(0, 10, n_alpha))
    warm = time.perf_counter() - t0
    assert len(fit) == n_subjects
    return {"model": "latent_cause", "protocol": "fit_alpha_grid", "n_subjects": n_subjects,
            "steps": n_trials, "n_alpha": n_alpha, "compile_s": round(total - warm, 3),
            "total_s_including_compile": round(total, 3), "warm_s": round(warm, 3),
            "subject_steps_per_s": round(n_subjects * n_trials * (n_alpha + 1) / warm)}


if __name__ == "__main__":
    print(json.dumps(bench_lcm_rw()), flush=True)
    print(json.dumps(bench_fit_alpha()), flush=True)
