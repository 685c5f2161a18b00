r"""Dual-trace erasure/competition model, v2: the project's formalisation of the seed question.

Engeln, M. & Ahmed, S. H. (2024). *Nat Rev Neurosci*: is remission the erasure of drug-induced
changes, or new learning that outcompetes a drug memory that stays latent? The model states both
inside one agent, with the erasure share ε a continuous parameter. Its specification, with the
papers each mechanism comes from, is docs/MODELS.md §6.1–§6.7; in brief:

Traces (§6.2): per response channel c (0: drug lever and Pavlovian CS; 1: alternative lever) an
excitatory X_c, inhibitory N_c and aversive P_c trace, each with strength S, encoding profile b and
encoding age a (renewed only by new learning)::

    B_j = [γ_k + (1 − γ_k) cos(b_j, s)] · (1 + a_j / τ_R)^(−d_k) · S_j

Values (§6.3–§6.4): v(d) = drug_value · d · 2K / (K + d) (K = 0.25); incentive
κ = m(L) [G (1 + s_gain σ) + p_gain L / (L + K)], m(L) = 1 / (1 + (L / (K (1 + H)))²)::

    Q_drug = κ B_X0 − B_N0 − B_P0 + w_H H_drug − c,   Q_alt = B_X1 − B_N1 − B_P1 + w_H H_alt − c
    Q_inactive = w_H H_inactive − c,   Q_none = 0,   CR = B_X0 − B_N0     (+ ν e^{−n_a/5} per lever)

Learning (§6.5), on a Pavlovian trial or a completed response of the channel::

    δ = u + D − (B_X − B_N),   δ_P = shock_cost · shock + harm · v(dose) − B_P
    δ > 0:  S_X += η δ,  S_N −= η δ ρ_N;       δ < 0:  S_X −= ε′ η |δ| ρ_X,  S_N += (1 − ε′) η |δ|
    δ_P > 0:  S_X −= ε′ η δ_P ρ_X,  S_P += (1 − ε′) η_P δ_P;        δ_P < 0:  S_P −= η_P |δ_P| ρ_P
    H_a ← H_a + α_H (reinforced − H_a)        (completed responses of lever a)

with ρ_j = B_j / S_j, D = surge · v(dose), u = κ_c (B_X − B_N)⁺ for a cue without a primary
outcome (conditioned reinforcement), ε′ = ε + (1 − ε) ρ_rc λ on the drug channel (λ: the
lability after a retrieval without reinforcement, §6.5). Operators (§6.6): depotentiation
S_X0 ← (1 − f) S_X0, amnestic agent S_X0 ← (1 − ψ λ) S_X0. Incubation, spontaneous recovery and
renewal all come from the retrieval law; there is no incubation clock.

The presets ``erasure_only`` (ε = 1), ``competition_only`` (ε = 0) and ``mixed`` (ε = 0.5) are
points of this one model and differ in ε alone. Outcome magnitudes, lapse and delay
discount follow the shared value convention: a unit of reward is worth 1 and the training dose
(0.25) as much, a 0.5 mA shock costs as much (docs/MODELS.md §6.3); β and the press cost are the
model's own (§6.4).
"""

from __future__ import annotations

import dataclasses

import jax.numpy as jnp

from remission.models import dual_trace_dynamics as dyn
from remission.models import dual_trace_memory as mem
from remission.models import register
from remission.models.base import CHOICE_PARAMS, DISCOUNT_PARAMS, Model, choice_probabilities
from remission.params import ParamSpec

FIXED = dict(fit=False)
PARAMS = (
    ParamSpec("epsilon", 0.5, 0.0, 1.0, doc="erasure share ε (1 erasure, 0 competition)"),
    ParamSpec("reconsolidation", 0.9, 0.0, 1.0,
              doc="ρ_rc: share of a labile drug memory's negative PE that updates it"),
    ParamSpec("eta", 0.1, 0.0, 1.0, doc="η: learning rate of the appetitive traces"),
    ParamSpec("eta_aversive", 0.3, 0.0, 1.0, doc="η_P: learning rate of the aversive traces"),
    ParamSpec("drug_value", 4.0, 0.0, 50.0, doc="value per unit dose at the reference dose K"),
    ParamSpec("shock_cost", 2.0, 0.0, 50.0, doc="aversiveness per mA of shock"),
    ParamSpec("harm", 0.5, 0.0, 50.0, doc="delayed aversive consequence, per unit drug value"),
    ParamSpec("surge", 0.2, 0.0, 10.0, doc="non-compensable drug signal D / v(dose)"),
    ParamSpec("cue_value", 0.5, 0.0, 1.0,
              doc="κ_c: conditioned value of a delivered cue, per unit retrieved expectation"),
    ParamSpec("gen_exc", 0.6, 0.0, 1.0, doc="γ_X: generalisation of excitatory traces"),
    ParamSpec("gen_comp", 0.1, 0.0, 1.0, doc="γ_N = γ_P: generalisation of competing traces"),
    ParamSpec("decay_exc", 0.05, 0.0, 3.0, doc="d_X: power-law retrieval decay, excitatory"),
    ParamSpec("decay_comp", 0.35, 0.0, 3.0, doc="d_N = d_P: retrieval decay, competing traces"),
    ParamSpec("allostasis", 1.6, 0.0, 100.0, doc="α: allostatic growth per dose·day of exposure"),
    ParamSpec("habit_rate", 0.002, 0.0, 1.0, doc="α_H: habit learning per completed response"),
    ParamSpec("habit_weight", 0.4, 0.0, 10.0, doc="w_H: value of a full habit"),
    ParamSpec("prime_gain", 3.0, 0.0, 50.0, doc="p_gain: incentive from drug on board"),
    ParamSpec("stress_gain", 1.0, 0.0, 50.0, doc="s_gain: incentive per unit stress"),
    ParamSpec("enrich_protect", 0.8, 0.0, 1.0, doc="π_en: enrichment's cut of cue/stress incentive"),
    ParamSpec("press_cost", 0.4, 0.0, 5.0, doc="effort cost of one response", **FIXED),
    ParamSpec("novelty", 1.0, 0.0, 10.0, doc="ν: novelty bonus of an untried lever", **FIXED),
    ParamSpec("retrieval_tau", 1440.0, 1.0, 1e6, doc="τ_R: retrieval time scale (min)", **FIXED),
    ParamSpec("window", 180.0, 1.0, 1e5, doc="W: reconsolidation window (min)", **FIXED),
    ParamSpec("pk_tau", 6.0, 0.1, 1e4, doc="τ_pk: drug elimination time constant (min)", **FIXED),
    ParamSpec("allostasis_tau", 5.0, 0.01, 1e4, doc="τ_H: allostatic recovery (days)", **FIXED),
    ParamSpec("arousal_tau", 60.0, 0.1, 1e5, doc="τ_ar: decay of the stress state (min)", **FIXED),
    ParamSpec("cue_tau", 2.0, 0.01, 1e4, doc="τ_cue: memory of a delivered cue (min)", **FIXED),
    ParamSpec("enrich_rate", 0.2, 0.0, 50.0, doc="r_en: enrichment build-up per day", **FIXED),
    ParamSpec("enrich_decay", 0.01, 0.0, 10.0, doc="r_off: enrichment loss per day", **FIXED),
) + tuple(dataclasses.replace(p, default=10.0) if p.name == "beta" else p
        for p in CHOICE_PARAMS) + DISCOUNT_PARAMS


def init(params, dims):
    z = jnp.zeros((), jnp.asarray(params["eta"]).dtype)
    n = len(mem.TRACES)
    return {
        "S": (z,) * n, "age": (z,) * n,
        "binding": ((z,) * (dims.n_contexts + dims.n_cues),) * n,
        "habit": (z, z, z), "responses": (z, z, z), "level": z, "allostasis": z, "stress": z, "enrich": z,
        "cue_memory": (z,) * dims.n_cues, "lability": z, "flags": (z, z),
        "erased": z, "competed": z,
    }


def policy(params, ready, obs):
    """``ready`` = :func:`~remission.models.dual_trace_dynamics.prepare` of the step (the
    engine computes it once for policy and update)."""
    st, r = ready
    probs = choice_probabilities(r["q"], obs["available"], params["beta"], params["lapse"])
    return probs, {"value": r["cr"], "response": r["cr"], "q_drug": r["q"][1],
                   "q_alternative": r["q"][2], "incentive": r["kappa"], "lability": st["lability"]}


def update(params, ready, obs, action, outcome):
    st, r = ready
    new, pe = dyn.learn(params, st, obs, action, outcome, r)
    S = new["S"]
    spent = new["erased"] + new["competed"]
    index = jnp.where(spent > 0, new["erased"] / jnp.where(spent > 0, spent, 1.0), 0.0)
    return new, {
        "prediction_error": pe, "drug_trace": S[mem.X0], "extinction_trace": S[mem.N0],
        "punishment_trace": S[mem.P0], "alternative_trace": S[mem.X1], "habit": new["habit"][0],
        "net_value": r["drug_net"], "erasure_index": index,
    }


MODEL = Model(
    name="dual_trace",
    citation="this project (docs/MODELS.md §6); Engeln & Ahmed 2024 Nat Rev Neurosci; Bouton 2004; "
             "Rescorla & Wagner 1972; Redish 2004",
    summary="drug memory vs context- and time-bound competing traces; erasure share ε splits "
            "negative prediction errors",
    params=PARAMS,
    init=init,
    prepare=dyn.prepare,
    policy=policy,
    update=update,
    readouts=("value", "response", "q_drug", "q_alternative", "incentive", "lability",
              "prediction_error", "drug_trace", "extinction_trace", "punishment_trace",
              "alternative_trace", "habit", "net_value", "erasure_index"),
    doc=__doc__,
    mechanism="mixed",
    # float32 simulation is 2.7x faster on CPU (benchmarks/engine_profile.py); dt arrives from the
    # host in float64 and ages of up to 30 years in weekly steps stay exact integers of minutes.
    # The default scorecard's scores were unchanged to 3 decimals; fits still run in float64.
    sim_dtype="float32",
    erasure_share="epsilon",
    # perceives every observed input (the default; which drug or reward it is is not observed, §6.1)
    recovery="renewal_recovery",
    recovery_fit=("epsilon", "eta", "beta"),
    recovery_ranges={"epsilon": (0.05, 0.95)},
)

PRESETS = (
    MODEL.preset("erasure_only", "pure erasure: every negative PE reduces the drug memory (ε = 1)",
                 epsilon=1.0),
    MODEL.preset("competition_only", "pure competition: negative PEs build competing traces (ε = 0)",
                 epsilon=0.0),
    MODEL.preset("mixed", "half erasure, half competition (ε = 0.5)", epsilon=0.5),
)
"""Named points of the erasure share: each differs from the model only in ε (a matched ablation)."""
register(MODEL, *PRESETS)
