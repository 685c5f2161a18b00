"""Temporal-difference learning with a non-compensable drug signal (MODELS.md §2, §7).

Redish, A. D. (2004). Addiction as a computational process gone awry. *Science* 306, 1944–1947.

Each operant response is a semi-Markov transition from the current state s (cues and context,
linear features x) to an outcome after a delay d (seconds)::

    δ = γ^d [u + V(s′)] − Q(s, a)                 (natural outcomes; V(s′) = 0 at the outcome)
    δ = max(γ^d [u + V(s′)] − Q(s, a) + D, D)     (drug deliveries; D = surge · dose > 0)
    Q(s, a) ← Q(s, a) + η δ

Because δ ≥ D at every drug delivery, the drug-seeking value grows with every infusion and never
converges, while a natural reward's value converges to its magnitude: demand for the drug becomes
inelastic to cost. Pavlovian trials learn a state value V = w · x with δ = US − V. Choice is a
softmax with lapse.
"""

from __future__ import annotations

import jax
import jax.numpy as jnp

from remission.models.base import (
    CHOICE_PARAMS,
    VALUE_PARAMS,
    Model,
    choice_probabilities,
    features,
    outcome_utility,
)
from remission.params import ParamSpec

PARAMS = (
    ParamSpec("eta", 0.1, 0.0, 1.0, doc="learning rate η"),
    ParamSpec("gamma", 0.99, 0.0, 1.0, doc="discount per second of delay γ",
              fit=False),
    ParamSpec("surge", 0.05, 0.0, 10.0, doc="pharmacological surge D per unit dose"),
) + CHOICE_PARAMS + VALUE_PARAMS


def init(params, dims):
    F = dims.n_features
    zero = jnp.zeros((), params["eta"].dtype)
    return {"w": jnp.full((F,), zero), "q": jnp.full((4, F), zero)}


def policy(params, state, obs):
    x = features(obs)
    q = jnp.sum(state["q"] * x, axis=-1)
    probs = choice_probabilities(q, obs["available"], params["beta"], params["lapse"])
    v = jnp.sum(state["w"] * x)
    return probs, {"value": v, "response": v, "q_drug": q[1], "q_alternative": q[2]}


def update(params, state, obs, action, outcome):
    x = features(obs)
    v = jnp.sum(state["w"] * x)
    delta_pav = obs["us"] - v
    w = state["w"] + obs["pavlovian"] * params["eta"] * delta_pav * x

    u = outcome_utility(outcome, params)
    discount = params["gamma"] ** (outcome["delay"] * 60.0)
    chosen = jax.nn.one_hot(action, 4, dtype=x.dtype)  # one-hot instead of indexing: vectorises under vmap
    q_a = jnp.sum(chosen * jnp.sum(state["q"] * x, axis=-1))
    surge = params["surge"] * outcome["drug"]
    delta_op = discount * u - q_a
    delta_op = jnp.where(surge > 0, jnp.maximum(delta_op + surge, surge), delta_op)
    learn = (action > 0) & ~obs["pavlovian"]
    q = state["q"] + chosen[:, None] * (learn * params["eta"] * delta_op * x)[None, :]
    delta = jnp.where(obs["pavlovian"], delta_pav, jnp.where(learn, delta_op, 0.0))
    return {"w": w, "q": q}, {"prediction_error": delta}


MODEL = Model(
    name="drug_td",
    citation="Redish 2004, Science 306:1944",
    summary="TD learning whose drug prediction error never falls below the surge D",
    params=PARAMS,
    init=init,
    policy=policy,
    update=update,
    readouts=("value", "response", "q_drug", "q_alternative", "prediction_error"),
    doc=__doc__,
    sim_dtype="float32",
)
