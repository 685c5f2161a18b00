"""Throughput of the dual-trace model (and state splitting) on addiction paradigms.

Target (issue 4): dual_trace >= 2,000,000 subject-steps/s with 10,000 subjects on a 2-core machine.
Prints one JSON line per (model, protocol):
{"model", "protocol", "n_subjects", "steps", "compile_s", "subject_steps_per_s"}.
Calls :func:`remission.engine.run.run_batch` directly (no tidy table), timing the compiled call.

Run: ``.venv/bin/python benchmarks/dual_trace.py [--subjects N] [--models a,b]``
"""

from __future__ import annotations

import argparse
import json
import time

import jax
import jax.numpy as jnp
import numpy as np

import remission
from remission import models
from remission.engine.run import run_batch, subject_keys
from remission.models.base import Dims
from remission.params import resolve_params
from remission.protocols.compile import compile_protocol

PROTOCOLS = {
    # two 1-h self-administration sessions in 7.2 s bins, 1,000 steps
    "self_administration": remission.protocols.get("self_administration", sessions=2, bin="7.2 s"),
    # 8 days of Lenoir sampling + choice trials, 112 steps
    "sweet_vs_cocaine_choice": remission.protocols.get("sweet_vs_cocaine_choice"),
}


def measure(model_name: str, protocol_name: str, n: int, repeats: int) -> dict:
    mdl = models.get(model_name)
    comp = compile_protocol(PROTOCOLS[protocol_name])
    dims = Dims(len(comp.cue_names), len(comp.context_names))
    obs = {k: jnp.asarray(v) for k, v in comp.obs.items()}
    values = resolve_params(mdl.params, None, n, mdl.name)
    params = {k: jnp.asarray(v) for k, v in values.items()}
    keys = subject_keys(0, 0, jnp.arange(n))
    t0 = time.perf_counter()
    jax.block_until_ready(run_batch(mdl, dims, obs, params, keys))
    first = time.perf_counter() - t0
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        jax.block_until_ready(run_batch(mdl, dims, obs, params, keys))
        times.append(time.perf_counter() - t0)
    best = float(np.min(times))
    return {"model": model_name, "protocol": protocol_name, "n_subjects": n, "steps": comp.n_steps,
            "compile_s": round(first - best, 3), "subject_steps_per_s": round(n * comp.n_steps / best)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subjects", type=int, default=10_000)
    parser.add_argument("--models", default="dual_trace,state_splitting")
    parser.add_argument("--protocols", default=",".join(PROTOCOLS))
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    for m in args.models.split(","):
        for p in args.protocols.split(","):
            print(json.dumps(measure(m, p, args.subjects, args.repeats)), flush=True)


if __name__ == "__main__":
    main()
