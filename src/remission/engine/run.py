"""The compiled core: one subject's step, vmapped over subjects, scanned over steps, jit-compiled once.

Randomness: subject ``i`` of group ``g`` draws from ``fold_in(fold_in(PRNGKey(seed), g), i)``
(turned into a per-step counter-based stream, :mod:`remission.engine.rng`), so its trajectory does
not depend on which other subjects share the batch or which machine runs it.

Two programs share the scan (:func:`scan_steps`): :func:`run_batch` returns the step records
asked for, :func:`run_sessions` only per-session sums of them (:mod:`remission.engine.summaries`).
"""

from __future__ import annotations

from functools import partial

import jax
import jax.numpy as jnp

from remission.engine import environment, rng, summaries
from remission.engine.layout import RECORDED_OUTCOMES, perceived
from remission.engine.rng import subject_keys
from remission.models.base import Dims, Model

__all__ = ["action_log_likelihood", "run_batch", "run_sessions", "scan_steps", "subject_keys"]


def sample_action(probs, u, pavlovian):
    """Inverse-CDF draw: the number of partial sums p₀ + … + p_k (k < A − 1) that are ≤ u · Σ p.

    Written as a chain of comparisons (a cumsum or searchsorted is a slow loop under vmap);
    Pavlovian steps offer no choice (action 0).
    """
    threshold = u * jnp.sum(probs)
    partial_sum = probs[0]
    action = (partial_sum <= threshold).astype(jnp.int32)
    for k in range(1, probs.shape[0] - 1):
        partial_sum = partial_sum + probs[k]
        action = action + (partial_sum <= threshold)
    return jnp.where(pavlovian, 0, action)


def step_subject(model: Model, params, key, state, box, obs, t):
    """One step of one subject: choose, let the box respond, learn. Returns state, box, record.

    The model sees only the perceived fields of the step and the box's outcome; the box sees the
    whole step (its programme).
    """
    u_choice, u_shock = rng.uniforms(key, t, dtype=obs["time"].dtype)
    seen = perceived(obs)
    probs, pre = model.policy(params, state, seen)
    action = sample_action(probs, u_choice, obs["pavlovian"])
    box, outcome = environment.step(box, obs, action, u_shock)
    state, post = model.update(params, state, seen, action, outcome)
    record = {"action": action.astype(jnp.int8), **{k: outcome[k] for k in RECORDED_OUTCOMES},
              **pre, **post}
    return state, box, record


def scan_steps(model: Model, dims: Dims, obs, params, keys, collect, acc0, extra=None):
    """Scan :func:`step_subject` vmapped over subjects; ``collect`` turns each step's records into
    the scan's outputs.

    ``collect(acc, record, extra_t) -> (acc, y)`` sees the records of all subjects (subject axis
    last) and the step's slice of ``extra``; returns the final ``acc`` and the stacked ``y``.

    The carried state keeps the subject axis *last* (``vmap`` with ``in_axes=-1``): a model's
    small per-subject arrays (actions × features) then vectorise over subjects, which doubled
    throughput on CPU. Each subject's arithmetic is the same as alone, so results do not depend
    on the batch.
    """
    dtype = obs["time"].dtype
    state0 = jax.vmap(lambda p: model.init(p, dims), out_axes=-1)(params)
    box0 = jax.vmap(lambda _: environment.init_box(dtype=dtype), out_axes=-1)(keys)
    step = jax.vmap(partial(step_subject, model), in_axes=(0, 0, -1, -1, None, None),
                    out_axes=(-1, -1, -1))

    def body(carry, inputs):
        state, box, acc = carry
        o, t, x = inputs
        state, box, record = step(params, keys, state, box, o, t)
        acc, y = collect(acc, record, x)
        return (state, box, acc), y

    T = obs["time"].shape[0]
    (_, _, acc), ys = jax.lax.scan(body, (state0, box0, acc0), (obs, jnp.arange(T), extra))
    return acc, ys


@partial(jax.jit, static_argnames=("model", "dims", "record"))
def run_batch(model: Model, dims: Dims, obs, params, keys, record: tuple[str, ...] | None = None):
    """Step records of every subject, shape ``(steps, subjects)``; only the names in ``record``
    (all when None). ``params`` and ``keys`` have a leading subject axis."""
    def keep(acc, rec, _):
        return acc, {k: v for k, v in rec.items() if record is None or k in record}

    return scan_steps(model, dims, obs, params, keys, keep, None)[1]


@partial(jax.jit, static_argnames=("model", "dims", "readouts", "n_segments"))
def run_sessions(model: Model, dims: Dims, obs, params, keys, segment, inside,
                 readouts: tuple[str, ...], n_segments: int):
    """Per-session sums (:func:`remission.engine.summaries.accumulate`), computed in the scan.

    ``segment`` (steps,) is each step's session index (``n_segments`` for padding), ``inside``
    (steps, windows) whether the step lies in each window. Returns ``counts`` (sessions, counts,
    subjects) int32 and the compensated read-out sums ``high``, ``low`` (sessions, read-outs,
    subjects): only O(sessions) leaves the device.
    """
    n = keys.shape[0]
    acc0 = summaries.empty(n_segments, inside.shape[1], len(readouts), n, obs["time"].dtype)

    def add(acc, rec, x):
        return summaries.accumulate(acc, rec, *x, readouts), None

    acc, _ = scan_steps(model, dims, obs, params, keys, add, acc0,
                        extra=(segment, obs["session_start"], inside))
    return summaries.finish(acc)


def action_log_likelihood(model: Model, dims: Dims, obs, params, actions, outcomes):
    """Log-probability of observed actions, replaying observed outcomes through the same model.

    ``obs`` holds the perceived fields of the step layout (others are ignored) and ``outcomes``
    the outcome fields. Returns per-step log p(action) (0 on Pavlovian steps) and the per-step
    read-outs, so fitting uses exactly the functions the simulator uses.
    """

    def body(state, inputs):
        o, a, out = inputs
        probs, pre = model.policy(params, state, o)
        logp = jnp.where(o["pavlovian"], 0.0, jnp.log(jnp.maximum(probs[a], 1e-300)))
        state, post = model.update(params, state, o, a, out)
        return state, (logp, {**pre, **post})

    state0 = model.init(params, dims)
    _, (logp, readouts) = jax.lax.scan(body, state0, (perceived(obs), actions, outcomes))
    return logp, readouts
