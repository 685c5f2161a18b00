"""The operant box: schedules of reinforcement and outcome delivery, as pure JAX functions.

Schedules belong to the environment, not the agent (docs/MODELS.md §7). Per subject the box keeps,
for each action, the presses since the last delivery, the deliveries this session (for PR) and the
steps of time-out left; all reset at the start of each session. The box reads the ``programme``
fields of the step layout (:mod:`remission.engine.layout`) and answers with an outcome.
"""

from __future__ import annotations

import jax.numpy as jnp


def pr_requirement(deliveries):
    """Richardson & Roberts (1996) progressive ratio: round(5 e^{0.2 (j+1)} - 5) after j deliveries
    (numpy or JAX input)."""
    return jnp.round(5.0 * jnp.exp(0.2 * (deliveries + 1.0)) - 5.0)


def init_box(n_actions: int = 4, dtype=jnp.float64):
    zeros = jnp.zeros(n_actions, dtype)
    return {"presses": zeros, "deliveries": zeros, "timeout": zeros}


def step(box, obs, action, u_shock):
    """Apply one action; return the new box state and the outcome.

    Outcome fields (:data:`remission.engine.layout.OUTCOME_FIELDS`): ``completed`` (the response
    met its schedule requirement), ``drug`` (contingent dose; a non-contingent prime is in
    ``obs``), ``reward``, ``shock`` (intensity, 0 if no shock), ``delay`` (minutes), ``cue`` (cue
    vector presented).
    """
    fresh = obs["session_start"]
    presses = jnp.where(fresh, 0.0, box["presses"])
    deliveries = jnp.where(fresh, 0.0, box["deliveries"])
    timeout = jnp.where(fresh, 0.0, box["timeout"])

    # Only the chosen action can change anything, so work on its scalars (picked with a one-hot
    # mask: gathers, scatters and tiny matmuls are slow under vmap on CPU).
    chosen = jnp.arange(presses.shape[0]) == action
    pick = lambda values: jnp.sum(jnp.where(chosen, values, 0))  # noqa: E731
    counting = (pick(obs["available"]) > 0) & (action > 0) & ~obs["pavlovian"] & (pick(timeout) <= 0)
    presses_a = pick(presses) + counting
    requirement = jnp.where(pick(obs["progressive"]) > 0, pr_requirement(pick(deliveries)),
                            pick(obs["ratio"]))
    completed = counting & (presses_a >= requirement)
    hit = chosen & completed
    presses = jnp.where(chosen, jnp.where(completed, 0.0, presses_a), presses)
    deliveries = deliveries + hit
    timeout = jnp.where(hit, obs["timeout_steps"], jnp.maximum(timeout - 1.0, 0.0))

    d = completed.astype(obs["dose"].dtype)
    shocked = d * (u_shock < pick(obs["shock_probability"]))
    outcome = {
        "completed": completed,
        "drug": d * pick(obs["dose"]),
        "reward": d * pick(obs["reward"]),
        "shock": shocked * pick(obs["shock_intensity"]),
        "delay": d * pick(obs["delay"]),
        "cue": d * jnp.sum(jnp.where(chosen[:, None], obs["cue_on_delivery"], 0.0), axis=0),
    }
    return {"presses": presses, "deliveries": deliveries, "timeout": timeout}, outcome
