"""The operant box: schedules of reinforcement and outcome delivery, as pure JAX functions.

Schedules belong to the environment, not the agent (MODELS.md §7). Per subject the box keeps, for
each action, the presses since the last delivery, the deliveries this session (for PR) and the
steps of time-out left; all reset at the start of each session.
"""

from __future__ import annotations

import jax.numpy as jnp

from remission.protocols.compile import pr_requirement


def init_box(n_actions: int = 4):
    zeros = jnp.zeros(n_actions)
    return {"presses": zeros, "deliveries": zeros, "timeout": zeros}


def step(box, obs, action, u_shock):
    """Apply one action; return the new box state and the outcome.

    Outcome fields: ``delivered`` (bool), ``drug`` (contingent dose; a non-contingent prime is in ``obs``),
    ``reward``, ``shock`` (intensity, 0 if no shock), ``delay`` (minutes), ``cue`` (cue vector
    presented), ``stress`` (stressor magnitude).
    """
    fresh = obs["session_start"]
    presses = jnp.where(fresh, 0.0, box["presses"])
    deliveries = jnp.where(fresh, 0.0, box["deliveries"])
    timeout = jnp.where(fresh, 0.0, box["timeout"])

    n = presses.shape[0]
    pressed = (jnp.arange(n) == action) & obs["available"] & (action > 0) & ~obs["pavlovian"]
    counting = pressed & (timeout <= 0)
    presses = presses + counting
    requirement = jnp.where(obs["progressive"], pr_requirement(deliveries), obs["ratio"])
    delivered = counting & (presses >= requirement)
    presses = jnp.where(delivered, 0.0, presses)
    deliveries = deliveries + delivered
    timeout = jnp.where(delivered, obs["timeout_steps"], jnp.maximum(timeout - 1.0, 0.0))

    # elementwise products and sums, not tiny matmuls: batched matmuls of this size are slow on CPU
    d = delivered.astype(jnp.float64)
    shocked = d * (u_shock < obs["shock_probability"])
    outcome = {
        "delivered": jnp.any(delivered),
        "drug": jnp.sum(d * obs["dose"]),
        "reward": jnp.sum(d * obs["reward"]),
        "shock": jnp.sum(shocked * obs["shock_intensity"]),
        "delay": jnp.sum(d * obs["delay"]),
        "cue": jnp.minimum(jnp.sum(d[:, None] * obs["cue_on_delivery"], axis=0), 1.0),
        "stress": obs["stress"],
        "requirement": requirement[jnp.maximum(action, 0)],
    }
    return {"presses": presses, "deliveries": deliveries, "timeout": timeout}, outcome
