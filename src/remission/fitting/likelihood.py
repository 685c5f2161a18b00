"""Likelihood of trial data under a model, built on :func:`remission.engine.run.action_log_likelihood`.

Fitting never re-implements a model: the observed actions and outcomes are replayed through the
model's own ``policy``/``update`` (the functions the simulator runs). Per subject::

    log L = Σ_t mask_t · log p(a_t | history)  +  log p(CRs | response read-outs)

The second term appears only when conditioned responses were observed (Pavlovian data); it is
the chosen response model (:mod:`remission.fitting.response`: Gaussian on a scaled read-out, or
logit-normal for proportions) with its coefficients profiled out per subject, so it adds no free
parameter.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from functools import partial

import jax
import jax.numpy as jnp
import numpy as np

from remission.engine.run import action_log_likelihood
from remission.errors import RemissionError, unknown_name
from remission.fitting import response as responses
from remission.models.base import CHOICE_PARAMS, REST, Dims, Model
from remission.protocols.schema import ACTIONS


class ParamLayout:
    """Which parameters are estimated (on the unconstrained scale) and which are held fixed.

    Parameters
    ----------
    model : Model
    fit : iterable of str, optional
        Parameters to estimate (default: those with ``spec.fit``).
    fixed : mapping, optional
        Values for parameters held fixed (default: the spec default).
    """

    def __init__(self, model: Model, fit: Iterable[str] | None = None, fixed: Mapping | None = None):
        by_name = {p.name: p for p in model.params}
        names = [p.name for p in model.params if p.fit] if fit is None else list(fit)
        for name in list(names) + list(fixed or {}):
            if name not in by_name:
                raise unknown_name(f"parameter of model {model.name!r}", name, by_name)
        if not names:
            raise RemissionError(f"model {model.name!r}: no parameter to fit; name some with --fit")
        fixed = dict(fixed or {})
        clash = set(fixed) & set(names)
        if clash:
            raise RemissionError(f"parameters {sorted(clash)} are both fitted and fixed; choose one")
        for name, value in fixed.items():
            by_name[name].check(np.asarray([value]), where="fixed")
        self.model = model
        self.names = tuple(names)
        self.specs = tuple(by_name[n] for n in names)
        self.fixed = {p.name: float(fixed.get(p.name, p.default)) for p in model.params
                      if p.name not in names}

    @property
    def n(self) -> int:
        return len(self.names)

    def constrain(self, u) -> dict:
        """``u[..., j]`` (unconstrained) -> ``{name: constrained values}``."""
        return {s.name: s.to_constrained(u[..., j]) for j, s in enumerate(self.specs)}

    def unconstrain(self, values: Mapping) -> np.ndarray:
        return np.stack([np.asarray(s.to_unconstrained(jnp.asarray(values[s.name], dtype=float)))
                         for s in self.specs], axis=-1)

    def fixed_arrays(self, n_subjects: int) -> dict:
        return {k: jnp.full(n_subjects, v) for k, v in self.fixed.items()}


def subject_log_likelihood(model: Model, dims: Dims, params, obs, actions, outcomes, mask, cr,
                           cr_mask, response: str = "gaussian"):
    """Log-likelihood of one subject's data (scalar) and its per-step read-outs.

    ``cr`` is on the response model's scale (:func:`prepare` transforms it).
    """
    logp, readouts = action_log_likelihood(model, dims, obs, params, actions, outcomes)
    ll = jnp.sum(jnp.where(mask, logp, 0.0))
    if "response" in readouts:
        ll = ll + responses.log_likelihood(response, readouts["response"], cr, cr_mask)
    return ll, logp, readouts


@partial(jax.jit, static_argnames=("model", "dims", "names", "response"))
def batch_log_likelihood(model: Model, dims: Dims, names: tuple, u, fixed, obs, actions, outcomes,
                         mask, cr, cr_mask, response: str = "gaussian"):
    """Per-subject log-likelihoods, shape (N,), for unconstrained ``u`` of shape (N, P).

    Gradients with respect to ``u`` are computed in forward mode (one JVP per parameter, exact):
    reverse mode through a model's ``jnp.where`` branches can turn an unselected branch's infinite
    derivative into NaN, forward mode cannot; with few parameters per subject it costs about the
    same.
    """
    specs = {p.name: p for p in model.params}

    def one(u_i, fixed_i, *data):
        params = {n: specs[n].to_constrained(u_i[j]) for j, n in enumerate(names)} | fixed_i
        return subject_log_likelihood(model, dims, params, *data, response=response)[0]

    def value_and_jac(u, fixed, data):
        def per_subject(u_i, fixed_i, *d):
            basis = jnp.eye(u_i.shape[0], dtype=u_i.dtype)
            vals, tans = jax.vmap(lambda e: jax.jvp(lambda x: one(x, fixed_i, *d), (u_i,), (e,)))(basis)
            return vals[0], tans

        return jax.vmap(per_subject)(u, fixed, *data)

    @jax.custom_vjp
    def ll(u, fixed, data):
        return jax.vmap(one)(u, fixed, *data)

    def fwd(u, fixed, data):
        value, jac = value_and_jac(u, fixed, data)
        return value, jac

    def bwd(jac, ct):
        return ct[:, None] * jac, None, None

    ll.defvjp(fwd, bwd)
    return ll(u, fixed, (obs, actions, outcomes, mask, cr, cr_mask))


def used_obs_keys(model: Model, dims: Dims, obs, outcomes) -> tuple[str, ...]:
    """Keys of the step layout that ``policy``/``update`` actually read (found by tracing them).

    Replaying only these keeps the likelihood's scan lean (several times faster on CPU); a model
    never sees less than it uses, so results are unchanged.
    """
    params = {p.name: jnp.asarray(p.default) for p in model.params}
    one = {k: jnp.asarray(v)[0, 0] for k, v in obs.items()}
    keys = sorted(one)
    outcome = {k: jnp.asarray(v)[0, 0] for k, v in outcomes.items()}

    def step(*leaves):
        o = dict(zip(keys, leaves))
        state = model.init(params, dims)
        ready = model.begin(params, state, o)
        probs, pre = model.policy(params, ready, o)
        state, post = model.update(params, ready, o, jnp.int32(1), outcome)
        return probs, pre, post, state

    closed = jax.make_jaxpr(step)(*[one[k] for k in keys])
    used = set()
    for eqn in closed.jaxpr.eqns:
        used.update(id(v) for v in eqn.invars)
    used.update(id(v) for v in closed.jaxpr.outvars)
    return tuple(k for k, v in zip(keys, closed.jaxpr.invars) if id(v) in used)


def prepare(model: Model, design, response: str = "gaussian") -> tuple:
    """Design arrays for the likelihood: the step layout reduced to the keys the model reads, the
    CRs on the response model's scale."""
    obs, actions, outcomes, mask, _, cr_mask = design.arrays()
    cr = jnp.asarray(responses.transform(response, design.cr, design.cr_mask, design.data.source))
    keys = used_obs_keys(model, design.dims, obs, outcomes)
    return ({k: obs[k] for k in keys}, actions, outcomes, mask, cr, cr_mask)


def omissions(design) -> bool:
    """Whether the data hold omissions: ``none`` chosen on a step that offered a lever."""
    offered = design.obs["available"][..., 1:].any(-1)
    return bool((design.mask & offered & (design.actions == 0)).any())


CHOICE_RULE = tuple(p.name for p in CHOICE_PARAMS) + (REST.name,)
"""Parameters of the shared choice rule (:func:`remission.models.base.choice_probabilities`)."""


def default_fit(model: Model, design, fixed: Mapping | None = None) -> list[str]:
    """Parameters a fit estimates by default: the set the model declares identified
    (``Model.recovery_fit``, e.g. dual-trace ε, η, β) or else its free ones, plus the value of
    not responding (``rest``) when the data hold omissions, less those held ``fixed`` and, for
    data without choices (Pavlovian CRs only), less the choice rule's.

    Holding ``rest`` at 0 on free-operant bins forces the choice rule to explain every bin
    without a press by a low inverse temperature: with one lever the fit then sits at p = 1/2
    in every bin whatever the subject did (issue 14).
    """
    names = [p.name for p in model.params if p.fit] if model.recovery_fit is None else \
        [n for n in model.recovery_fit if model.spec(n).fit]
    if "rest" in model.param_names and "rest" not in names and omissions(design):
        names.append("rest")
    if not design.mask.any():  # Pavlovian data: no choice informs the choice rule
        names = [n for n in names if n not in CHOICE_RULE]
    return [n for n in names if n not in (fixed or {})]


def chance_log_likelihood(design) -> np.ndarray:
    """Per-subject log-likelihood of the chance policy: every offered option equally likely."""
    n_offered = design.obs["available"].sum(-1)
    return np.where(design.mask, -np.log(np.maximum(n_offered, 1)), 0.0).sum(1)


_CHOICE_MODELS: dict = {}


def with_choice_readouts(model: Model) -> Model:
    """The same model, whose policy also reports ``p_<action>`` for every action.

    Used for posterior predictive checks and regressor exports; the replay still runs through
    :func:`action_log_likelihood` with the model's own functions.
    """
    if model not in _CHOICE_MODELS:
        def policy(params, state, obs):
            probs, pre = model.policy(params, state, obs)
            return probs, {**pre, **{f"p_{a}": probs[i] for i, a in enumerate(ACTIONS)}}

        _CHOICE_MODELS[model] = dataclasses.replace(model, policy=policy)
    return _CHOICE_MODELS[model]


@partial(jax.jit, static_argnames=("model", "dims"))
def _replay_batch(model, dims, params, obs, actions, outcomes):
    def one(p, o, a, out):
        logp, readouts = action_log_likelihood(model, dims, o, p, a, out)
        return {"log_p_choice": logp, **readouts}

    return jax.vmap(one)(params, obs, actions, outcomes)


@jax.enable_x64(True)
def replay(model: Model, design, params: Mapping) -> dict:
    """Per-step read-outs of every subject under given parameters (numpy, shape (N, T)).

    ``params`` maps names to one value per subject (missing names: spec defaults). Adds
    ``p_<action>`` choice probabilities and ``log_p_choice`` of the observed action.
    """
    N = design.n_subjects
    full = {p.name: jnp.broadcast_to(jnp.asarray(params.get(p.name, p.default), dtype=float), (N,))
            for p in model.params}
    obs, actions, outcomes, *_ = design.arrays()
    out = _replay_batch(with_choice_readouts(model), design.dims, full, obs, actions, outcomes)
    return {k: np.asarray(v) for k, v in out.items()}
