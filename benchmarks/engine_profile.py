"""Where a simulated step's time goes, against a minimal JAX kernel of the same work (issue 15).

For each model the engine program (:func:`remission.engine.run.scan_steps`, 10,000 subjects × a
1,000-step self-administration session) is timed whole and with one part after another taken
out, all in the same run:

- ``recording``: every step record kept → only the action (read-outs nobody asks for are then
  never computed);
- ``random``: the Threefry streams → one shared, nearly free number per step;
- ``environment``: the box (schedules, time-outs, outcome sampling) → "a press brings the dose";
- what is left is the model's policy and update, the action draw and the scan itself.

The **minimal kernel** is the baseline of issue 15: per step a softmax choice between pressing
and resting, a reward on a press, a delta-rule update, the action recorded as int8; ``jax.random``
per step (``uniform(fold_in(key, t))``), vmap over subjects, scan over steps. It is timed in the
same run, compiled with XLA's defaults and with the engine's options; the faster counts. Its rate
without the random numbers is printed too, for scale.

Prints one JSON line per model: wall-clock rates (subject-steps/s, best of the repeats) and
ratios, and the split in CPU nanoseconds per subject-step (CPU time of all threads, which other
processes on a shared machine disturb far less than wall time), with the load average. Target: rescorla_wagner ``ratio`` (minimal kernel rate / engine rate) ≤ 3.

Run: ``.venv/bin/python benchmarks/engine_profile.py [--subjects N] [--models a,b] [--repeats R]``
"""

from __future__ import annotations

import argparse
import json
import os
import time
from functools import partial

import jax
import jax.numpy as jnp
import numpy as np

import remission
from remission.engine import run
from remission.engine.compile import compile_protocol
from remission.engine.simulation import engine_inputs, precision, record_names
from remission.params import resolve_params

#: One 1-h self-administration session in 3.6 s bins: exactly 1,000 steps.
PROTOCOL = remission.protocols.get("self_administration", sessions=1, bin="3.6 s")
#: The record selection of a scorecard read-out (issue 15, item 2).
SELECTED = ("action", "drug", "response")


def minimal_kernel(n_steps: int, use_random: bool = True, options=None):
    """The issue's baseline: ``f(keys, eta, beta) -> actions (steps, subjects) int8``, compiled
    with XLA's defaults or the engine's ``options``."""

    def subject(key, eta, beta, q, t):
        u = jax.random.uniform(jax.random.fold_in(key, t)) if use_random else 0.5 + 0.0 * t
        p_press = jax.nn.softmax(beta * q)[1]  # q = (rest, press)
        press = u < p_press
        reward = press.astype(q.dtype)
        chosen = jnp.stack([1.0 - reward, reward])
        return q + eta * chosen * (reward - q), press.astype(jnp.int8)

    @partial(jax.jit, compiler_options=options)
    def kernel(keys, eta, beta):
        step = jax.vmap(subject, in_axes=(0, 0, 0, -1, None), out_axes=(-1, 0))
        q0 = jnp.zeros((2, keys.shape[0]), jnp.float32)
        _, actions = jax.lax.scan(lambda q, t: step(keys, eta, beta, q, t), q0, jnp.arange(n_steps))
        return actions

    return kernel


def shared_uniforms(key, t, dtype):
    """One number per step shared by all subjects: next to free (the random numbers taken out)."""
    u = jnp.asarray(t, dtype) * 0.6180339887 % 1.0
    return u, u


def trivial_box(box, obs, action, u_shock):
    """The box taken out: a press brings the dose, nothing else happens."""
    d = (action == 1).astype(obs["dose"].dtype)
    return box, {"completed": action == 1, "drug": d * obs["dose"][1], "reward": 0.0 * d,
                 "shock": 0.0 * d, "delay": 0.0 * d, "cue": jnp.zeros(d.shape + obs["cues"].shape, d.dtype)}


def variant_program(mdl, dims, record, use_random=True, use_box=True):
    step_fn = run.step_batch if use_box else partial(run.step_batch, box_step=trivial_box)
    draw = run.rng.uniforms if use_random else shared_uniforms

    @partial(jax.jit, compiler_options=run.compiler_options())
    def program(obs, params, keys):
        def keep(acc, rec, _):
            return acc, {k: v for k, v in rec.items() if record is None or k in record}

        return run.scan_steps(mdl, dims, obs, params, keys, keep, None, step_fn=step_fn, draw=draw)[1]

    return program


def best_times(programs: dict, repeats: int) -> dict:
    """Best wall and CPU time (all threads) of each (compiled, args) program, run round-robin so
    load from other processes hits all alike. On a shared machine CPU time is the steadier one."""
    best = {k: (np.inf, np.inf) for k in programs}
    for _ in range(repeats):
        for name, (fn, args) in programs.items():
            w0, c0 = time.perf_counter(), time.process_time()
            jax.block_until_ready(fn(*args))
            wall, cpu = time.perf_counter() - w0, time.process_time() - c0
            best[name] = (min(best[name][0], wall), min(best[name][1], cpu))
    return best


def profile(model: str, n_subjects: int, repeats: int) -> dict:
    mdl = remission.models.get(model)
    comp = compile_protocol(PROTOCOL)
    T = comp.n_steps
    values = resolve_params(mdl.params, None, n_subjects, mdl.name, seed=0)
    with precision(mdl):
        dims, obs, params, keys = engine_inputs(mdl, comp, values, np.arange(n_subjects), 0, "g")
        args = (obs, params, keys)
        variants = {
            "all_records": variant_program(mdl, dims, None),
            "selected_records": variant_program(mdl, dims, record_names(mdl, SELECTED)),
            "action_only": variant_program(mdl, dims, ("action",)),
            "no_random": variant_program(mdl, dims, ("action",), use_random=False),
            "no_box": variant_program(mdl, dims, ("action",), use_random=False, use_box=False),
        }
        compiled = {k: (f.lower(*args).compile(), args) for k, f in variants.items()}
        times = best_times(compiled, repeats)
    with jax.enable_x64(False):
        kernel_args = (keys, jnp.full(n_subjects, 0.15, jnp.float32), jnp.full(n_subjects, 5.0, jnp.float32))
        kernels = {f"minimal_kernel{suffix}{tag}": minimal_kernel(T, not suffix, opts)
                   for suffix in ("", "_no_random") for tag, opts in (("", None), ("_engine_options", run.compiler_options()))}
        times |= best_times({k: (f.lower(*kernel_args).compile(), kernel_args) for k, f in kernels.items()},
                            repeats)
    for suffix in ("", "_no_random"):  # the baseline is the faster of the two builds
        times[f"minimal_kernel{suffix}"] = min(times.pop(f"minimal_kernel{suffix}"),
                                               times.pop(f"minimal_kernel{suffix}_engine_options"))
    work = n_subjects * T
    rate = {k: work / wall for k, (wall, _) in times.items()}
    cpu_ns = {k: cpu / work * 1e9 for k, (_, cpu) in times.items()}
    cost = lambda a, b=None: round(cpu_ns[a] - (cpu_ns[b] if b else 0.0), 1)  # noqa: E731
    return {
        "model": mdl.name, "n_subjects": n_subjects, "steps": T, "sim_dtype": mdl.sim_dtype,
        "backend": jax.default_backend(),
        "rate": {k: float(f"{v:.4g}") for k, v in rate.items()},
        "ratio_all_records": round(rate["minimal_kernel"] / rate["all_records"], 2),
        "ratio_selected_records": round(rate["minimal_kernel"] / rate["selected_records"], 2),
        "cpu_ratio_selected_records": round(cpu_ns["selected_records"] / cpu_ns["minimal_kernel"], 2),
        "cpu_ns_per_subject_step": {
            "recording_all": cost("all_records", "action_only"),
            "recording_selected": cost("selected_records", "action_only"),
            "random": cost("action_only", "no_random"),
            "environment": cost("no_random", "no_box"),
            "model_and_scan": cost("no_box"),
            "minimal_kernel": cost("minimal_kernel"),
            "minimal_kernel_random": cost("minimal_kernel", "minimal_kernel_no_random"),
        },
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subjects", type=int, default=10_000)
    parser.add_argument("--models", default="rescorla_wagner,dual_trace")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    for name in args.models.split(","):
        print(json.dumps(profile(name, args.subjects, args.repeats)), flush=True)


if __name__ == "__main__":
    main()
