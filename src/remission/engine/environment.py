"""The operant box: schedules of reinforcement and outcome delivery, as pure JAX functions.

Schedules belong to the environment, not the agent (docs/MODELS.md §7). Per subject the box keeps,
for each action, the presses since the last delivery, the deliveries this session (for PR) and the
steps of time-out left; all reset at the start of each session. The box reads the ``programme``
fields of the step layout (:mod:`remission.engine.layout`) and answers with an outcome.

Delayed consequences (life-course protocols: health, legal and social costs of use) are a pool
``pending`` per subject that never resets: each delivery of an option adds its ``consequence``,
and between steps a share of the pool arrives, exponentially in real time with mean lag
``consequence_lag`` (minutes)::

    arriving_t = pending_t (1 − exp(−dt_t / lag)),
    pending_{t+1} = pending_t − arriving_t + c_a (1 + g_a k_t) d_t,   k_{t+1} = k_t + d_t [c_a > 0]

where ``k`` (``used``, never reset) counts the subject's earlier deliveries that carried a
consequence and ``g`` is the option's ``consequence_growth``: with g > 0 harm builds up with use, so
the costs of a week of use grow with the years of use before it (chronic health, social and legal
damage; the accumulating costs behind "maturing out", Winick 1962, Bull Narc 14:1).

What arrives is reported as the step's ``shock`` (an aversive outcome) when the subject completes
a response of an option that carries consequences (the costs of past use are felt, and credited,
in weeks of use: the learning rule of every model credits an outcome to the response it follows);
in other steps it arrives unfelt. With ``consequence = 0`` (every laboratory protocol) nothing
changes.

"""

from __future__ import annotations

import jax.numpy as jnp


def pr_requirement(deliveries):
    """Richardson & Roberts (1996) progressive ratio: round(5 e^{0.2 (j+1)} - 5) after j deliveries
    (numpy or JAX input)."""
    return jnp.round(5.0 * jnp.exp(0.2 * (deliveries + 1.0)) - 5.0)


def init_box(n_subjects: int, n_actions: int = 4, dtype=jnp.float64):
    """The box of ``n_subjects`` subjects: one (actions, subjects) array per counter."""
    zeros = jnp.zeros((n_actions, n_subjects), dtype)
    return {"presses": zeros, "deliveries": zeros, "timeout": zeros, "pending": zeros[0],
            "used": zeros[0]}


def step(box, obs, action, u_shock):
    """Apply each subject's action; return the new box state and the outcomes.

    ``box`` holds (actions, subjects) arrays, ``action`` and ``u_shock`` are (subjects,), ``obs``
    the step (shared by all subjects). Outcome fields
    (:data:`remission.engine.layout.OUTCOME_FIELDS`), each (subjects,) and ``cue`` (subjects,
    cues): ``completed`` (the response met its schedule requirement), ``drug`` (contingent dose;
    a non-contingent prime is in ``obs``), ``reward``, ``shock`` (intensity, 0 if no shock),
    ``delay`` (minutes), ``cue`` (cue vector presented).

    Written for the whole batch, not one subject under vmap, and for every action at once: each
    action's counters advance as if it were chosen, and the chosen action's entry is then taken by
    a masked reduction over the (small, leading) action axis. XLA:CPU recomputes an elementwise
    value inside every fusion that reads it, but materialises a reduction once; picking after the
    schedule logic keeps the response's completion (which the model's update reads many times)
    a reduction's output. Picking before it, or by a chain of selects, gave the same numbers but
    ran 2–10× slower (docs/DEVELOPING.md).
    """
    fresh = obs["session_start"]
    presses = jnp.where(fresh, 0.0, box["presses"])
    deliveries = jnp.where(fresh, 0.0, box["deliveries"])
    timeout = jnp.where(fresh, 0.0, box["timeout"])
    n_actions = presses.shape[0]
    chosen = jnp.arange(n_actions)[:, None] == action

    def pick(values):
        """Each subject's entry of a per-action programme field ``values`` (actions,) for its action."""
        return jnp.sum(jnp.where(chosen, values[:, None], jnp.zeros((), values.dtype)), axis=0)

    responses = (obs["available"] & (jnp.arange(n_actions) > 0))[:, None]
    counts = chosen & responses & ~obs["pavlovian"] & (timeout <= 0)
    requirement = jnp.where(obs["progressive"][:, None], pr_requirement(deliveries),
                            obs["ratio"][:, None])
    completes = counts & (presses + 1.0 >= requirement)
    presses = jnp.where(counts, jnp.where(completes, 0.0, presses + 1.0), presses)
    deliveries = deliveries + completes
    timeout = jnp.where(completes, obs["timeout_steps"][:, None], jnp.maximum(timeout - 1.0, 0.0))
    completed = jnp.any(completes, axis=0)

    d = completed.astype(obs["dose"].dtype)
    shocked = d * (u_shock < pick(obs["shock_probability"]))
    lag = obs["consequence_lag"]
    share = jnp.where(lag > 0, -jnp.expm1(-obs["dt"] / jnp.where(lag > 0, lag, 1.0)), 0.0)
    arriving = box["pending"] * share
    carrying = pick(obs["consequence"])
    felt = jnp.where(completed & (carrying > 0), arriving, 0.0)
    harm = d * (carrying > 0)
    pending = box["pending"] - arriving + harm * carrying * (1.0 + pick(obs["consequence_growth"]) * box["used"])
    paired = jnp.where(chosen[:, :, None], obs["cue_on_delivery"][:, None, :], 0.0)
    outcome = {
        "completed": completed,
        "drug": d * pick(obs["dose"]),
        "reward": d * pick(obs["reward"]),
        "shock": shocked * pick(obs["shock_intensity"]) + felt,
        "delay": d * pick(obs["delay"]),
        "cue": d[:, None] * jnp.sum(paired, axis=0).astype(d.dtype),
    }
    return {"presses": presses, "deliveries": deliveries, "timeout": timeout,
            "pending": pending, "used": box["used"] + harm}, outcome
