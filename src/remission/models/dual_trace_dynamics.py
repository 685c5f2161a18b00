"""Dynamics of the dual-trace model (docs/MODELS.md §6.3–§6.6; see :mod:`remission.models.dual_trace`).

Three pure functions of one subject:

* :func:`advance` applies the time elapsed since the previous step and the interventions applied
  at it: trace ages, drug level and allostasis, stress, enrichment, cue memory, lability,
  depotentiation and the amnestic agent (§6.3, §6.5, §6.6);
* :func:`evaluate` retrieves the traces and computes the action values and the conditioned
  response (§6.2, §6.4);
* :func:`learn` applies the prediction-error rule split by the erasure share, the habit rule and
  the encoding of what was learned (§6.4, §6.5).

:func:`prepare` (advance then evaluate) is what ``policy`` and ``update`` both need: the model
declares it (``Model.prepare``), so every caller computes it once per step.
"""

from __future__ import annotations

import jax.numpy as jnp

from remission.models import dual_trace_memory as mem
from remission.models.base import delay_discount

NOVELTY_RESPONSES = 5.0
"""Completed responses over which an untried lever's novelty bonus fades (ν e^{−n/5}: Kakade &
Dayan 2002)."""

DOSE_REF = 0.25
"""K: the reference dose (the library's training dose), the half-saturation dose of v(d) and the
drug level at which satiety halves the drug's incentive value (before allostasis)."""


def dose_value(params, dose):
    """v(d) = drug_value · d · 2K / (K + d): saturating in dose, v(K) = drug_value · K (§6.3)."""
    return params["drug_value"] * dose * (2.0 * DOSE_REF) / (DOSE_REF + dose)


def session_lability(gap, window, retrieved, reinforced):
    """Lability of the drug memory at a session start: 1 / (1 + (gap / W)⁴) after a session that
    retrieved it with a negative prediction error and without drug, prime or US (§6.5)."""
    return retrieved * (1.0 - reinforced) / (1.0 + (gap / window) ** 4)


def advance(params, state, obs):
    """The state after ``obs["dt"]`` minutes and the step's interventions."""
    dt = obs["dt"]
    days = dt / mem.DAY
    # drug level: one-compartment elimination, the exposure ∫ L dt over the gap (exact), and the
    # allostatic state it drives; a prime is a dose
    pk = jnp.exp(-dt / params["pk_tau"])
    exposure = state["level"] * params["pk_tau"] * (1.0 - pk)
    level = state["level"] * pk + obs["prime"]
    allostasis = (state["allostasis"] * jnp.exp(-days / params["allostasis_tau"])
                  + params["allostasis"] * exposure / mem.DAY)
    stress = state["stress"] * jnp.exp(-dt / params["arousal_tau"]) + obs["stress"]
    e = obs["enrichment"]
    enrich = jnp.where(e > 0, 1.0 - (1.0 - state["enrich"]) * jnp.exp(-params["enrich_rate"] * e * days),
                       state["enrich"] * jnp.exp(-params["enrich_decay"] * days))
    cue_fade = jnp.exp(-dt / params["cue_tau"])
    retrieved, reinforced = state["flags"]
    fresh = obs["session_start"]
    lability = jnp.where(fresh, session_lability(dt, params["window"], retrieved, reinforced),
                         state["lability"])
    zero = jnp.zeros_like(retrieved)
    primed = (obs["prime"] > 0).astype(zero.dtype)
    flags = (jnp.where(fresh, zero, retrieved), jnp.maximum(jnp.where(fresh, zero, reinforced), primed))
    # depotentiation removes a fraction of the drug memory; an amnestic agent degrades it as far as
    # it is labile
    keep = (1.0 - obs["depotentiation"]) * (1.0 - obs["amnestic"] * lability)
    S = state["S"]
    return {
        **state,
        "S": (S[0] * keep,) + S[1:],
        "age": tuple(a + dt for a in state["age"]),
        "level": level, "allostasis": allostasis, "stress": stress, "enrich": enrich,
        "cue_memory": tuple(m * cue_fade for m in state["cue_memory"]),
        "lability": lability, "flags": flags,
        "erased": state["erased"] + S[0] * (1.0 - keep),
    }


def incentive(params, state):
    """κ = m(L) [G (1 + s_gain σ) + p_gain x_L]: satiety m, enrichment gate G, stress σ, priming
    by drug on board x_L = L / (L + K) (§6.3)."""
    L = state["level"]
    satiety = 1.0 / (1.0 + (L / (DOSE_REF * (1.0 + state["allostasis"]))) ** 2)
    gate = 1.0 - params["enrich_protect"] * state["enrich"]
    primed = L / (L + DOSE_REF)
    return satiety * (gate * (1.0 + params["stress_gain"] * state["stress"])
                      + params["prime_gain"] * primed)


def evaluate(params, state, obs):
    """Retrieval, incentive, action values [none, drug, alternative, inactive] and the CR."""
    s = mem.stimulus(obs, state["cue_memory"])
    rho, B = mem.retrieval(params, state, s)
    kappa = incentive(params, state)
    bonus = tuple(params["habit_weight"] * h + params["novelty"] * jnp.exp(-n / NOVELTY_RESPONSES)
                  for h, n in zip(state["habit"], state["responses"]))
    c = params["press_cost"]
    drug_net = kappa * B[mem.X0] - B[mem.N0] - B[mem.P0]
    alt_net = B[mem.X1] - B[mem.N1] - B[mem.P1]
    zero = jnp.zeros_like(drug_net)
    q = jnp.stack([zero, drug_net + bonus[0] - c, alt_net + bonus[1] - c, bonus[2] - c])
    return {"rho": rho, "B": B, "kappa": kappa, "q": q, "drug_net": drug_net,
            "cr": B[mem.X0] - B[mem.N0]}


def prepare(params, state, obs):
    """:func:`advance` then :func:`evaluate`."""
    st = advance(params, state, obs)
    return st, evaluate(params, st, obs)


def _channel(params, S, rho, B, event, primary, cue, aversive, lever, eps):
    """New strengths of one channel's (X, N, P), their growth, the erased and competed amounts and
    the appetitive prediction error (§6.5). A delivered cue without a primary outcome is worth
    κ_c times the channel's retrieved expectation (conditioned reinforcement)."""
    (x, n, p), (rx, rn, rp), (bx, bn, bp) = S, rho, B
    eta, eta_p = params["eta"], params["eta_aversive"]
    expected = bx - bn
    conditioned = params["cue_value"] * cue * jnp.maximum(expected, 0.0)
    appetitive = jnp.where(primary > 0, primary, conditioned)
    delta = jnp.where(event, appetitive - expected, 0.0)
    up, down = jnp.maximum(delta, 0.0), jnp.maximum(-delta, 0.0)
    delta_p = jnp.where(lever, aversive - bp, 0.0)
    worse, better = jnp.maximum(delta_p, 0.0), jnp.maximum(-delta_p, 0.0)
    x_gain = eta * up
    n_gain = (1.0 - eps) * eta * down
    p_gain = (1.0 - eps) * eta_p * worse
    # the drug memory changes at its own rate η whichever error erases it
    x_lost = jnp.minimum(eps * eta * (down + worse) * rx, x + x_gain)
    new = (x + x_gain - x_lost,
           jnp.maximum(n + n_gain - eta * up * rn, 0.0),
           jnp.maximum(p + p_gain - eta_p * better * rp, 0.0))
    return new, (x_gain, n_gain, p_gain), x_lost, n_gain + p_gain, delta


def learn(params, state, obs, action, outcome, r):
    """One step of learning; returns the new state and the step's prediction error."""
    pav = obs["pavlovian"]
    done = outcome["completed"] & ~pav
    disc = delay_discount(outcome["delay"], params["k"])
    drug_v = dose_value(params, outcome["drug"]) * disc
    lever_u = drug_v * (1.0 + params["surge"]) + outcome["reward"] * disc
    aversive = params["shock_cost"] * outcome["shock"] + params["harm"] * dose_value(params, outcome["drug"])
    drug_lever, alt_lever = done & (action == 1), done & (action == 2)
    eps = params["epsilon"]
    eps0 = eps + (1.0 - eps) * params["reconsolidation"] * state["lability"]
    S, rho, B = state["S"], r["rho"], r["B"]
    cues_out = tuple(outcome["cue"][j] for j in range(len(state["cue_memory"])))
    cue = jnp.zeros_like(lever_u)
    for c in cues_out:
        cue = jnp.maximum(cue, c)
    ch0 = _channel(params, S[:3], rho[:3], B[:3], pav | drug_lever, jnp.where(pav, obs["us"], lever_u),
                   jnp.where(pav, 0.0, cue), aversive, drug_lever, eps0)
    ch1 = _channel(params, S[3:], rho[3:], B[3:], alt_lever, lever_u, cue, aversive, alt_lever, eps)
    growth = ch0[1] + ch1[1]
    s_bind = mem.stimulus(obs, state["cue_memory"], cues_out)
    binding, age = mem.encode(state["binding"], state["age"], S, growth, s_bind)
    reinforced = (outcome["drug"] > 0) | (outcome["reward"] > 0)
    chosen = tuple(done & (action == a) for a in (1, 2, 3))
    habit = tuple(h + params["habit_rate"] * c * (reinforced - h) for c, h in zip(chosen, state["habit"]))
    retrieved, was_reinforced = state["flags"]
    flags = (jnp.maximum(retrieved, (ch0[4] < 0).astype(retrieved.dtype)),
             jnp.maximum(was_reinforced, ((outcome["drug"] > 0) | (pav & (obs["us"] > 0)))
                         .astype(retrieved.dtype)))
    new = {
        **state,
        "S": ch0[0] + ch1[0], "binding": binding, "age": age, "habit": habit, "flags": flags,
        "responses": tuple(n + c for n, c in zip(state["responses"], chosen)),
        "level": state["level"] + outcome["drug"],
        "cue_memory": tuple(jnp.maximum(m, c) for m, c in zip(state["cue_memory"], cues_out)),
        "erased": state["erased"] + ch0[2],
        "competed": state["competed"] + ch0[3],
    }
    return new, jnp.where(pav | drug_lever, ch0[4], ch1[4])
