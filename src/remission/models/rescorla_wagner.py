"""Rescorla–Wagner learning: the "erasure" baseline (docs/MODELS.md §1, §7).

Rescorla, R. A. & Wagner, A. R. (1972). A theory of Pavlovian conditioning. In *Classical
Conditioning II*, 64–99.

Pavlovian trials, with stimulus vector x_t (a constant 1, the cues, then the one-hot context)::

    V_t = Σ_d x_{t,d} w_d ;  δ_t = r_t − V_t ;  w_d ← w_d + η δ_t x_{t,d}

Operant steps apply the same delta rule to one weight vector per action: Q_a = W_a · x,
δ = u · D(delay) − Q_a for the chosen action, u = reward + drug_value · dose − shock_cost · shock,
D = 1/(1 + k · delay); choice is a softmax with lapse, not responding valued at ``rest``
(:func:`~remission.models.base.choice_probabilities`). Extinction drives the weights back to 0:
the acquired memory is erased, so the model shows at most summation renewal and no spontaneous
recovery.
"""

from __future__ import annotations

import jax
import jax.numpy as jnp

from remission.models import register
from remission.models.base import (
    CHOICE_PARAMS,
    DISCOUNT_PARAMS,
    REST,
    VALUE_PARAMS,
    Model,
    choice_probabilities,
    delay_discount,
    features,
    outcome_utility,
)
from remission.params import ParamSpec

ETA_MAX = 0.5
"""Upper bound of the delta-rule learning rate. The update w ← w + η δ x moves the prediction w·x
by η ‖x‖² δ, which converges only while η ‖x‖² < 2; a step's stimulus vector has a constant, the
context and one or two cues active (‖x‖² = 3–4), so η must stay below 0.5 (docs/MODELS.md §1
quotes 0.05–0.3 as the usual range). Above it the values oscillate with growing amplitude: the
stability check of :func:`remission.check_model` catches it."""

PARAMS = (
    ParamSpec("eta", 0.15, 0.0, ETA_MAX, doc="learning rate η (below 0.5: stable, see ETA_MAX)"),
    ParamSpec("w0", 0.0, -5.0, 5.0, doc="initial weight", fit=False),
) + CHOICE_PARAMS + (REST,) + VALUE_PARAMS + DISCOUNT_PARAMS


def init(params, dims):
    F = dims.n_features
    return {
        "w": jnp.full((F,), params["w0"]),  # Pavlovian weights
        "q": jnp.full((dims.n_actions, F), params["w0"]).at[0].set(0.0),  # operant weights, row 0 = none
    }


def policy(params, state, obs):
    x = features(obs)
    q = jnp.sum(state["q"] * x, axis=-1)
    probs = choice_probabilities(q, obs["available"], params["beta"], params["lapse"], params["rest"])
    v = jnp.sum(state["w"] * x)
    return probs, {"value": v, "response": v, "q_drug": q[1], "q_alternative": q[2]}


def delta_rule_update(params, state, obs, action, operant_error):
    """Delta-rule learning shared by the delta-rule agents.

    Pavlovian trials: w ← w + η (US − w·x) x. Operant steps: the chosen action's weights move by
    η δ x, with δ = ``operant_error(Q_a)`` (the model's own prediction error for Q_a = W_a · x).
    """
    x = features(obs)
    v = jnp.sum(state["w"] * x)
    delta_pav = obs["us"] - v
    w = state["w"] + obs["pavlovian"] * params["eta"] * delta_pav * x
    chosen = jax.nn.one_hot(action, state["q"].shape[0], dtype=x.dtype)  # one-hot instead of indexing: vectorises under vmap
    q_a = jnp.sum(chosen * jnp.sum(state["q"] * x, axis=-1))
    delta_op = operant_error(q_a)
    learn = (action > 0) & ~obs["pavlovian"]  # "none" teaches nothing
    q = state["q"] + chosen[:, None] * (learn * params["eta"] * delta_op * x)[None, :]
    delta = jnp.where(obs["pavlovian"], delta_pav, jnp.where(learn, delta_op, 0.0))
    return {"w": w, "q": q}, {"prediction_error": delta}


def update(params, state, obs, action, outcome):
    target = outcome_utility(outcome, params) * delay_discount(outcome["delay"], params["k"])
    return delta_rule_update(params, state, obs, action, lambda q_a: target - q_a)


MODEL = Model(
    name="rescorla_wagner",
    citation="Rescorla & Wagner 1972, Classical Conditioning II",
    summary="delta-rule learning; extinction erases the acquired weights",
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
