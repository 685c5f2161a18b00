"""Temporal-difference learning with a non-compensable drug signal (docs/MODELS.md §2, §7).

Redish, A. D. (2004). Addiction as a computational process gone awry. *Science* 306, 1944–1947.

Each operant response is a semi-Markov transition from the current state s (cues and context,
linear features x) to an outcome after a delay d (seconds)::

    δ = γ^d [u + V(s′)] − Q(s, a)                 (natural outcomes; V(s′) = 0 at the outcome)
    δ = max(γ^d [u + V(s′)] − Q(s, a) + D, D)     (drug deliveries; D = surge · dose > 0)
    Q(s, a) ← Q(s, a) + η δ

Because δ ≥ D at every drug delivery, the drug-seeking value grows with every infusion and never
converges, while a natural reward's value converges to its magnitude: demand for the drug becomes
inelastic to cost. Pavlovian trials learn a state value V = w · x with δ = US − V. Choice is a
softmax with lapse, not responding valued at ``rest`` (the Rescorla–Wagner policy).
"""

from __future__ import annotations

import jax.numpy as jnp

from remission.models import register, rescorla_wagner
from remission.models.base import CHOICE_PARAMS, REST, VALUE_PARAMS, Model, outcome_utility
from remission.params import ParamSpec

PARAMS = (
    ParamSpec("eta", 0.1, 0.0, rescorla_wagner.ETA_MAX,
              doc="learning rate η (below 0.5: the delta rule's stable range, rescorla_wagner.ETA_MAX)"),
    ParamSpec("gamma", 0.99, 0.0, 1.0, doc="discount per second of delay γ",
              fit=False),
    ParamSpec("surge", 0.05, 0.0, 10.0, doc="pharmacological surge D per unit dose"),
) + CHOICE_PARAMS + (REST,) + VALUE_PARAMS


def init(params, dims):
    F = dims.n_features
    zero = jnp.zeros((), params["eta"].dtype)
    return {"w": jnp.full((F,), zero), "q": jnp.full((dims.n_actions, F), zero)}


policy = rescorla_wagner.policy


def update(params, state, obs, action, outcome):
    target = params["gamma"] ** (outcome["delay"] * 60.0) * outcome_utility(outcome, params)
    surge = params["surge"] * outcome["drug"]

    def td_error(q_a):
        delta = target - q_a
        return jnp.where(surge > 0, jnp.maximum(delta + surge, surge), delta)

    return rescorla_wagner.delta_rule_update(params, state, obs, action, td_error)


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
    mechanism="erasure",
    perceives=frozenset({"context", "cues", "us", "drug", "reward", "shock", "delay"}),
)
register(MODEL)
