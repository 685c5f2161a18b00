"""Simulation on a data set's own design, and parameter recovery on the fitted design.

A fitted design is what the subjects experienced: their trials, cues, contexts and times. To ask
whether *this* design identifies the parameters, new data are simulated on it from the fitted
values and refitted:

* Pavlovian trials keep their stimuli (the subject's responses do not change them); the model's
  ``response`` read-out is mapped to a measured CR by the response model
  (:func:`remission.fitting.response.sample`) with the subject's profiled coefficients, or with a
  given scale and noise.
* Operant steps are answered by a box built from the data (:func:`box_from_data`): an FR1
  schedule on which each option delivers, per completed response, what that option's completed
  responses brought the subject in that phase (the mean dose, reward, delay and cue; shocks with
  their observed frequency and mean intensity). Time-outs and ratio requirements are not
  reconstructed, so this is an approximation of the real box.

The simulation is the engine's own step (:func:`remission.engine.run.step_batch`: the model's
``policy`` and ``update`` and the box) for a batch of one, vmapped over subjects that each have
their own steps, with the engine's per-step uniforms (:func:`remission.engine.rng.uniforms`).
"""

from __future__ import annotations

import dataclasses
from functools import partial

import jax
import jax.numpy as jnp
import numpy as np
import pandas as pd

from remission.engine import environment, rng
from remission.engine.layout import Sizes, empty_steps
from remission.engine.run import step_batch, subject_keys
from remission.fitting import response as responses
from remission.fitting.likelihood import ParamLayout
from remission.fitting.mle import fit_mle


def box_from_data(design) -> dict:
    """Programme fields (subject, step, action, ...) of an FR1 box that delivers, per completed
    response of an option, the option's mean observed outcome in the subject's phase."""
    N, T = design.actions.shape
    prog = empty_steps(T, Sizes(len(design.cue_names), len(design.context_names)), lead=(N,),
                       roles=("programme",))
    out, act, phase = design.outcomes, design.actions, design.obs["phase"]
    for a in range(1, prog["dose"].shape[-1]):
        for i in range(N):
            for k in np.unique(phase[i, design.valid[i]]):
                steps = design.valid[i] & (phase[i] == k)
                done = steps & (act[i] == a) & out["completed"][i]
                if not done.any():
                    continue
                shocked = out["shock"][i, done] > 0
                prog["dose"][i, steps, a] = out["drug"][i, done].mean()
                prog["reward"][i, steps, a] = out["reward"][i, done].mean()
                prog["delay"][i, steps, a] = out["delay"][i, done].mean()
                prog["shock_probability"][i, steps, a] = shocked.mean()
                prog["shock_intensity"][i, steps, a] = out["shock"][i, done][shocked].mean() if shocked.any() else 0.0
                prog["cue_on_delivery"][i, steps, a] = out["cue"][i, done].mean(0).round()
    return prog


@partial(jax.jit, static_argnames=("model", "dims"))
def _run(model, dims, obs, params, keys):
    """Records (subjects, steps) of each subject on its own steps: the engine's step
    (:func:`remission.engine.run.step_batch`, the model's policy and update and the box) for a
    batch of one, vmapped over subjects, with the engine's per-step uniforms."""
    T = obs["time"].shape[1]
    dtype = obs["time"].dtype
    one_ = lambda tree: jax.tree_util.tree_map(lambda x: x[None], tree)  # noqa: E731
    last_ = lambda tree: jax.tree_util.tree_map(lambda x: x[..., None], tree)  # noqa: E731
    first = lambda tree: jax.tree_util.tree_map(lambda x: x[0], tree)  # noqa: E731

    def one(p, key, o):
        p1 = one_(p)
        state0 = last_(model.init(p, dims))  # the engine's state: subject axis last
        box0 = environment.init_box(1, dtype=dtype)

        def body(carry, inputs):
            state, box = carry
            step_obs, t = inputs
            u = tuple(x[None] for x in rng.uniforms(key, t, dtype))
            state, box, record = step_batch(model, p1, u, state, box, step_obs)
            return (state, box), first(record)

        return jax.lax.scan(body, (state0, box0), (o, jnp.arange(T)))[1]

    return jax.vmap(one)(params, keys, obs)


@jax.enable_x64(True)
def simulate_on_design(model, design, params: dict, seed: int = 0, response: str = "gaussian",
                       scale=None, noise=None):
    """A new :class:`~remission.io.Design` of simulated behaviour on ``design``'s own steps.

    Parameters
    ----------
    model : Model
    design : Design
    params : mapping
        One value per subject (or a scalar) per parameter; missing ones take their defaults.
    seed : int
        Seed of the choices (engine streams) and of the CR noise.
    response : str
        Response model of the simulated CRs.
    scale, noise : float or array, optional
        Slope ``b`` and residual SD ``σ`` of the CRs (on the response model's scale); default:
        each subject's profiled values on the observed CRs (recovery on a fitted design).
    """
    N = design.n_subjects
    full = {p.name: jnp.broadcast_to(jnp.asarray(params.get(p.name, p.default), dtype=float), (N,))
            for p in model.params}
    prog = box_from_data(design)
    obs = {k: jnp.asarray(v) for k, v in {**design.obs, **prog}.items()}
    keys = subject_keys(int(seed), 0, np.arange(N))
    rec = {k: np.asarray(v) for k, v in _run(model, design.dims, obs, full, keys).items()}
    pav = design.obs["pavlovian"]
    operant = design.valid & ~pav
    actions = np.where(operant, rec["action"], 0).astype(np.int32)
    completed = rec["completed"].astype(bool) & operant
    chosen = np.eye(prog["dose"].shape[-1])[actions].astype(bool)
    outcomes = {"completed": completed,
                **{k: np.where(completed, rec[k], 0.0) for k in ("drug", "reward", "shock")},
                "delay": np.where(completed, (prog["delay"] * chosen).sum(-1), 0.0),
                "cue": np.where(completed[..., None], (prog["cue_on_delivery"] * chosen[..., None]).sum(-2), 0.0)}
    cr = np.zeros_like(design.cr)
    if "response" in rec and design.cr_mask.any():
        cr = _crs(rec["response"], design, response, scale, noise, np.random.default_rng(seed))
    return dataclasses.replace(design, actions=actions, outcomes=outcomes, mask=operant & design.mask,
                               cr=cr)


def _crs(r, design, response, scale, noise, rng):
    y = responses.transform(response, design.cr, design.cr_mask, design.data.source)
    a, b, sigma2 = (np.asarray(v) for v in responses.profile(response, jnp.asarray(r), jnp.asarray(y),
                                                               jnp.asarray(design.cr_mask)))
    b = b if scale is None else np.broadcast_to(np.asarray(scale, float), b.shape)
    sd = np.sqrt(sigma2) if noise is None else np.broadcast_to(np.asarray(noise, float), b.shape)
    z = a[:, None] + b[:, None] * r + sd[:, None] * rng.standard_normal(r.shape)
    cr = 1.0 / (1.0 + np.exp(-z)) if response == "logit_normal" else z
    return np.where(design.cr_mask, cr, 0.0)


def recover_on_design(result, seed: int = 1, starts: int = 2) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Parameter recovery on a fit's own design: simulate from its estimates, refit by MLE (by MAP
    when the fit was MAP).

    Returns
    -------
    summary : pandas.DataFrame
        parameter, r (Pearson, fitted value vs recovered), rmse, n_subjects.
    pairs : pandas.DataFrame
        subject, parameter, true (the fit's estimate), estimate (recovered).
    """
    from remission import models

    mdl = models.get(result.model)
    est = result.estimates()
    truth = {k: est[k].to_numpy() for k in est.columns}
    layout = ParamLayout(mdl, list(dict.fromkeys(result.params["parameter"])), result.fixed)
    sim = simulate_on_design(mdl, result.design, truth, seed=seed, response=result.response)
    refit = fit_mle(mdl, sim, fit=layout, starts=starts, seed=seed, response=result.response,
                    prior=result.method == "map")
    back = refit["params"].pivot(index="subject", columns="parameter", values="estimate")
    back = back.loc[result.design.subjects]
    rows, pairs = [], []
    for name in layout.names:
        t, e = truth[name], back[name].to_numpy()
        ok = np.std(t) > 0 and np.std(e) > 0
        rows.append({"parameter": name, "r": float(np.corrcoef(t, e)[0, 1]) if ok else float("nan"),
                     "rmse": float(np.sqrt(np.mean((t - e) ** 2))), "n_subjects": len(t)})
        pairs.append(pd.DataFrame({"subject": result.design.subjects, "parameter": name, "true": t,
                                   "estimate": e}))
    return pd.DataFrame(rows), pd.concat(pairs, ignore_index=True)
