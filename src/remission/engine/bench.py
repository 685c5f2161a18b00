"""Throughput of the compiled engine: compile time and subject-steps per second, per model.

``remission bench`` prints one JSON line per registered model; ``benchmarks/throughput.py`` calls
:func:`measure_throughput` directly.
"""

from __future__ import annotations

import time

import jax
import numpy as np

from remission import models as model_registry
from remission.engine.compile import compile_protocol
from remission.engine.run import run_batch
from remission.engine.simulation import engine_inputs, precision, record_names, resolve_protocol
from remission.params import resolve_params

#: Protocol used when none is given: 10 daily 1-h self-administration sessions (3,600 steps).
DEFAULT_PROTOCOL = "self_administration"


def measure_throughput(model, protocol=DEFAULT_PROTOCOL, n_subjects: int = 1000,
                       repeats: int = 3, seed: int = 0, max_seconds: float = 20.0,
                       record=None) -> dict:
    """Compile ``model`` × ``protocol`` for ``n_subjects`` and time the compiled program.

    Parameters
    ----------
    model : str or Model
        Registered model name or a Model.
    protocol : str, Protocol or path
        Registry name, Protocol or TOML file (default: 10 sessions of self-administration).
    n_subjects : int
        Subjects per batch (one vmapped call).
    repeats : int
        Timed runs after compilation; the best is reported (least disturbed by other load).
    max_seconds : float
        Stop repeating once the timed runs have taken this long (slow models run once).
    seed : int
        Master seed.
    record : sequence of str, optional
        Step records to keep (as :func:`remission.simulate`'s ``record``; default all).

    Returns
    -------
    dict
        ``{"model", "protocol", "n_subjects", "steps", "compile_s", "subject_steps_per_s",
        "backend", "record"}``: ``compile_s`` is ahead-of-time compilation of the whole program (scan over
        steps, vmap over subjects); the rate is ``n_subjects * steps / best run time``.
    """
    mdl = model_registry.get(model)
    prot = resolve_protocol(protocol)
    comp = compile_protocol(prot)
    keep = record_names(mdl, record)
    values = resolve_params(mdl.params, None, int(n_subjects), mdl.name, seed=seed)
    with precision(mdl):
        dims, obs, params, keys = engine_inputs(mdl, comp, values, np.arange(int(n_subjects)), seed,
                                                prot.name)
        t0 = time.perf_counter()
        compiled = run_batch.lower(mdl, dims, obs, params, keys, record=keep).compile()
        compile_s = time.perf_counter() - t0
        times = []
        for _ in range(max(1, int(repeats))):
            t0 = time.perf_counter()
            jax.block_until_ready(compiled(obs, params, keys))
            times.append(time.perf_counter() - t0)
            if sum(times) >= max_seconds:
                break
    steps = comp.n_steps
    return {"model": mdl.name, "protocol": prot.name, "n_subjects": int(n_subjects),
            "steps": int(steps), "compile_s": round(compile_s, 3),
            "subject_steps_per_s": float(f"{n_subjects * steps / min(times):.4g}"),
            "backend": jax.default_backend(), "record": "all" if keep is None else ",".join(keep)}


def bench_all(model_names=None, protocol=DEFAULT_PROTOCOL, n_subjects: int = 1000,
              repeats: int = 3):
    """Yield :func:`measure_throughput` for every registered model (or the named ones)."""
    for name in model_names or model_registry.names():
        yield measure_throughput(name, protocol, n_subjects, repeats)


def markdown_table(rows) -> str:
    """The README table of throughput figures."""
    lines = ["| model | protocol | subjects | steps | compile (s) | subject-steps/s |",
             "|---|---|---:|---:|---:|---:|"]
    for r in rows:
        lines.append(f"| {r['model']} | {r['protocol']} | {r['n_subjects']} | {r['steps']} | "
                     f"{r['compile_s']:.2f} | {r['subject_steps_per_s']:,.0f} |")
    return "\n".join(lines)
