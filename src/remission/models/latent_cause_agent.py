"""The latent cause model (Gershman, Blei & Niv 2010, Psych Rev 117:197) as an engine agent.

Registered as ``latent_cause`` (``remission.models.latent_cause.MODEL``); every learning trial is
one call of :func:`remission.models.latent_cause.trial` (local MAP, K = 10 causes), the function
the matrix-level ``infer`` scans. See that module for the equations.

Features x = (US, cues, one-hot context), binary. Pavlovian steps are trials with US = (us > 0).
Operant steps are trials when the drug lever is pressed and a dose is delivered (US = 1) or the
lever brings no drug in this phase (extinction, US = 0). A ``prime`` intervention is a US-alone
trial (context only) just before the step. The CRP has no clock: time only orders trials, so gaps
and the ``amnestic`` intervention have no effect on this model.

Choice: softmax(β Q) with lapse, Q = (0, drug_value·V − press_cost, −press_cost, −press_cost).
Read-outs: ``value`` = ``response`` = V (predicted US probability), ``n_causes``,
``p_acquisition`` (CS-and-context posterior of the cause of the last reinforced trial) and the
erasure decomposition against that cause's US prediction p_a = (n_{a,0}+a)/(N_a+a+b) right after
that trial: ``suppression`` S = p_a⁰ − V, ``modification`` M = p_a⁰ − p_a (the old cause changed),
``new_causes`` S − M, ``modification_share`` M⁺/(M⁺ + (S − M)⁺) (0 without suppression).
"""

from __future__ import annotations

import jax
import jax.numpy as jnp

from remission.models import latent_cause as core
from remission.models import register
from remission.models.base import CHOICE_PARAMS, VALUE_PARAMS, Model, choice_probabilities
from remission.params import ParamSpec

MAX_CAUSES = 10

PARAMS = (
    ParamSpec("alpha", 1.0, 0.0, 20.0, doc="CRP concentration α (0: one cause)"),
    ParamSpec("a", 1.0, 0.01, 10.0, doc="Beta prior a", fit=False),
    ParamSpec("b", 1.0, 0.01, 10.0, doc="Beta prior b", fit=False),
    ParamSpec("stickiness", 0.0, 0.0, 10.0, doc="prior bonus of the previous cause",
              fit=False),
) + CHOICE_PARAMS + tuple(p for p in VALUE_PARAMS if p.name in ("drug_value", "press_cost"))


def _features(obs, us):
    return jnp.concatenate([jnp.reshape(us, (1,)), obs["cues"], obs["context"]])


def init(params, dims):
    return {"lcm": core.init_state(1 + dims.n_cues + dims.n_contexts, MAX_CAUSES),
            "ref_k": jnp.zeros((), jnp.int32), "ref_p": jnp.zeros(()), "ref_on": jnp.zeros((), bool)}


def _trial(params, s, x):
    lcm, (v, _, _) = core.trial(s["lcm"], x, params["alpha"], params["a"], params["b"],
                             params["stickiness"])
    return lcm, v


def _p_us(params, lcm, k):
    return (lcm["n"][0, k, 0] + params["a"]) / (lcm["Nk"][0, k] + params["a"] + params["b"])


def _primed(params, state, obs):
    x = _features(obs, 1.0).at[1: 1 + obs["cues"].shape[0]].set(0.0)
    lcm, _ = _trial(params, state, x)
    return jax.tree_util.tree_map(lambda u, v: jnp.where(obs["prime"] > 0, u, v),
                                  {**state, "lcm": lcm}, state)


def policy(params, state, obs):
    s = _primed(params, state, obs)
    x = _features(obs, 0.0)
    _, (v, _, post) = core.trial(s["lcm"], x, params["alpha"], params["a"], params["b"],
                                 params["stickiness"])
    q = jnp.stack([0.0, params["drug_value"] * v - params["press_cost"], -params["press_cost"],
                   -params["press_cost"]])
    probs = choice_probabilities(q, obs["available"], params["beta"], params["lapse"])
    S = jnp.where(s["ref_on"], s["ref_p"] - v, 0.0)
    M = jnp.where(s["ref_on"], s["ref_p"] - _p_us(params, s["lcm"], s["ref_k"]), 0.0)
    m, n = jnp.maximum(M, 0.0), jnp.maximum(S - M, 0.0)
    return probs, {
        "value": v, "response": v, "n_causes": jnp.sum(s["lcm"]["Nk"] > 0).astype(obs["us"].dtype),
        "p_acquisition": jnp.where(s["ref_on"], post[s["ref_k"]], 0.0), "suppression": S,
        "modification": M, "new_causes": S - M, "modification_share": m / jnp.maximum(m + n, 1e-12),
    }


def update(params, state, obs, action, outcome):
    s = _primed(params, state, obs)
    pressed = (action == 1) & ~obs["pavlovian"] & outcome["completed"]
    is_trial = obs["pavlovian"] | pressed
    us = jnp.where(obs["pavlovian"], obs["us"] > 0, outcome["drug"] > 0).astype(obs["us"].dtype)
    lcm, _ = _trial(params, s, _features(obs, us))
    k = lcm["z"][0]
    rec = is_trial & (us > 0)
    new = {"lcm": lcm, "ref_k": jnp.where(rec, k, s["ref_k"]).astype(jnp.int32),
           "ref_p": jnp.where(rec, _p_us(params, lcm, k), s["ref_p"]), "ref_on": s["ref_on"] | rec}
    out = jax.tree_util.tree_map(lambda u, v: jnp.where(is_trial, u, v), new, s)
    return out, {"trial": is_trial.astype(obs["us"].dtype)}


MODEL = Model(
    name="latent_cause",
    citation="Gershman, Blei & Niv 2010, Psych Rev 117:197",
    summary="latent cause inference: extinction in a new context is a new cause, not erasure",
    params=PARAMS,
    init=init,
    policy=policy,
    update=update,
    readouts=("value", "response", "n_causes", "p_acquisition", "suppression", "modification",
              "new_causes", "modification_share", "trial"),
    doc=__doc__,
    mechanism="competition",
    perceives=frozenset({"context", "cues", "us", "drug", "prime"}),
)
register(MODEL)
