"""The compiled core: one subject's step, vmapped over subjects, scanned over steps, jit-compiled once.

Randomness: subject ``i`` of group ``g`` draws from ``fold_in(fold_in(PRNGKey(seed), g), i)``
(turned into a per-step counter-based stream, :mod:`remission.engine.rng`), so its trajectory does
not depend on which other subjects share the batch or which machine runs it.
"""

from __future__ import annotations

from functools import partial

import jax
import jax.numpy as jnp

from remission.engine import environment, rng
from remission.engine.layout import RECORDED_OUTCOMES, perceived
from remission.models.base import Dims, Model


def subject_keys(seed: int, group_key: int, subject_ids):
    base = jax.random.fold_in(jax.random.PRNGKey(seed), group_key)
    return jax.vmap(lambda i: jax.random.fold_in(base, i))(subject_ids)


def step_subject(model: Model, params, seed, state, box, obs, t):
    """One step of one subject: choose, let the box respond, learn. Returns state, box, record.

    The model sees only the perceived fields of the step and the box's outcome; the box sees the
    whole step (its programme).
    """
    u = rng.uniforms(seed, t, dtype=obs["time"].dtype)
    seen = perceived(obs)
    probs, pre = model.policy(params, state, seen)
    # inverse-CDF sampling; a count of comparisons beats searchsorted's loop under vmap
    cdf = jnp.cumsum(probs)
    action = jnp.where(obs["pavlovian"], 0, jnp.sum(cdf <= u[0] * cdf[-1]))
    action = jnp.minimum(action, probs.shape[0] - 1).astype(jnp.int32)
    box, outcome = environment.step(box, obs, action, u[1])
    state, post = model.update(params, state, seen, action, outcome)
    record = {"action": action, **{k: outcome[k] for k in RECORDED_OUTCOMES}, **pre, **post}
    return state, box, record


@partial(jax.jit, static_argnames=("model", "dims"))
def run_batch(model: Model, dims: Dims, obs, params, keys):
    """Scan over steps of :func:`step_subject` vmapped over subjects.

    ``params`` and ``keys`` have a leading subject axis. The carried state keeps the subject axis
    *last* (``vmap`` with ``in_axes=-1``): a model's small per-subject arrays (actions × features)
    then vectorise over subjects, which doubled throughput on CPU. Records come back step-major,
    shape ``(steps, subjects, ...)``. Each subject's arithmetic is the same as alone, so results
    do not depend on the batch.
    """
    dtype = obs["time"].dtype
    seeds = jax.vmap(rng.subject_seed)(keys)
    state0 = jax.vmap(lambda p: model.init(p, dims), out_axes=-1)(params)
    box0 = jax.vmap(lambda _: environment.init_box(dtype=dtype), out_axes=-1)(seeds)
    step = jax.vmap(partial(step_subject, model), in_axes=(0, 0, -1, -1, None, None),
                    out_axes=(-1, -1, 0))

    def body(carry, inputs):
        state, box, record = step(params, seeds, *carry, *inputs)
        return (state, box), record

    T = obs["time"].shape[0]
    _, records = jax.lax.scan(body, (state0, box0), (obs, jnp.arange(T)))
    return records


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


