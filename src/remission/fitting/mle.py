"""Maximum-likelihood (or maximum a posteriori) fits, one per subject, with autodiff gradients
and several seeded starts.

Parameters are optimised on the unconstrained scale of their :class:`~remission.params.ParamSpec`
transform. Every subject × start is its own small BFGS problem (own inverse-Hessian estimate, step
lengths tried in parallel), all run in one compiled, vmapped loop; each subject keeps its best
start. Standard errors come from the inverse of the (finite-difference) Hessian on the unconstrained
scale, carried to the constrained scale by the delta method; 95 % intervals are the transformed unconstrained
intervals (so they respect the bounds).

With ``prior=True`` (method ``map``) each fit maximises log-likelihood + Σ log N(u_j; m_j, s_j),
the weakly informative normal prior every :class:`~remission.params.ParamSpec` declares on the
unconstrained scale (``spec.prior``; by default centred on the default, SD 1.5): penalised
likelihood, as used for reinforcement-learning fits where a subject's data leave a parameter
weakly constrained (Daw 2011, "Trial-by-trial data analysis using computational models"; Gershman
2016, J Math Psychol 71:1–6, "Empirical priors for reinforcement learning models").
"""

from __future__ import annotations

from functools import partial

import jax
import jax.numpy as jnp
import numpy as np
import pandas as pd

from remission.fitting.likelihood import (
    ParamLayout,
    batch_log_likelihood,
    chance_log_likelihood,
    default_fit,
    prepare,
)

U_BOUND = 12.0
"""Unconstrained values are kept within ±U_BOUND (a logit of 12 is 6e-6 from a bound)."""


STEPS = jnp.array([1.0, 0.5, 0.2, 0.05, 0.01])
"""Step lengths tried in parallel along each BFGS direction."""

FTOL = 1e-5
"""A fit whose log-likelihood improves by less than this in two iterations in a row stops (far
below what moves an estimate by a fraction of its standard error)."""


TAIL = 16
"""Once no more than this many fits of a batch are still running, they go on in a batch of this
width (:func:`fit_mle`): the loop runs until its last fit stops, and a few slow fits would
otherwise keep the whole batch computing."""

GTOL = 1e-6
"""A fit whose gradient norm (unconstrained scale) is below this stops."""


def _start(U):
    """The loop's carry before iteration 0: f = inf and g = 0, so iteration 0 evaluates ``U``."""
    eye = jnp.broadcast_to(jnp.eye(U.shape[-1]), U.shape[:-1] + (U.shape[-1],) * 2)
    return (jnp.zeros((), jnp.int32), U, jnp.full(U.shape[:-1], jnp.inf, U.dtype), jnp.zeros_like(U),
            eye, jnp.zeros(U.shape[:-1], jnp.int32))


def penalty(U, prior):
    """½ Σ_j λ_j (u_j − m_j)²: the negative log prior density up to a constant; ``prior`` is
    ``(m, λ)`` with λ = 1/s² (all zero for maximum likelihood)."""
    mean, precision = prior
    return 0.5 * jnp.sum(precision * (U - mean) ** 2, axis=-1)


def prior_arrays(layout: ParamLayout, prior: bool):
    """``(m, λ)`` of :func:`penalty` for the fitted parameters: their specs' priors, or λ = 0."""
    mean = np.array([s.prior[0] for s in layout.specs], float)
    sd = np.array([s.prior[1] for s in layout.specs], float)
    return jnp.asarray(mean), jnp.asarray(1.0 / sd**2 if prior else np.zeros_like(sd))


def _running(g, stall):
    return (jnp.linalg.norm(g, axis=-1) > GTOL) & (stall < 2)


@partial(jax.jit, static_argnames=("model", "dims", "names", "response", "maxiter", "leave"))
def _bfgs(model, dims, names, response, carry, fixed, data, prior, maxiter: int = 200,
          leave: int = 0):
    """Batched BFGS: every (start, subject) fit has its own inverse-Hessian estimate and line search.

    ``carry`` is :func:`_start` of the (S, N, P) starting values, or the carry this function
    returned (to go on); ``prior`` the ``(m, λ)`` of :func:`penalty`. It returns the carry: the
    iteration count, the current points, the objectives (S, N: negative log-likelihood plus the
    penalty), their gradients, the inverse-Hessian estimates and the stall
    counts. A fit stops when its gradient is below :data:`GTOL` or it has stalled: two iterations
    in a row gained less than :data:`FTOL` (at an optimum whose gradient the tolerance misses, or
    at a kink or plateau of the likelihood, e.g. the local-MAP cause assignments of the latent
    cause model). The loop ends at ``maxiter`` or when no more than ``leave`` fits are running.
    """

    def nll(U):
        return -jax.vmap(lambda u: batch_log_likelihood(model, dims, names, u, fixed, *data,
                                                        response=response))(U) + penalty(U, prior)

    def value_and_grad(U):
        f, vjp = jax.vjp(nll, U)
        return f, vjp(jnp.ones_like(f))[0]

    eye = jnp.broadcast_to(jnp.eye(carry[1].shape[-1]), carry[4].shape)

    def cond(c):
        it, U, f, g, Hi, stall = c
        return (it == 0) | ((it < maxiter) & (jnp.sum(_running(g, stall)) > leave))

    def body(c):
        it, U, f, g, Hi, stall = c
        d = -jnp.einsum("...ij,...j->...i", Hi, g)
        d = jnp.where(jnp.sum(d * g, -1, keepdims=True) < 0, d, -g)  # keep a descent direction
        norm = jnp.linalg.norm(d, axis=-1, keepdims=True)
        d = d * jnp.minimum(1.0, 3.0 / jnp.maximum(norm, 1e-12))
        cand = jnp.clip(U[None] + STEPS[:, None, None, None] * d[None], -U_BOUND, U_BOUND)
        fc = jax.vmap(nll)(cand)
        fc = jnp.where(jnp.isfinite(fc), fc, jnp.inf)
        k = jnp.argmin(fc, axis=0)
        better = jnp.take_along_axis(fc, k[None], 0)[0] < f
        U_new = jnp.where(better[..., None], jnp.take_along_axis(cand, k[None, ..., None], 0)[0], U)
        f_new, g_new = value_and_grad(U_new)
        s, y = U_new - U, g_new - g
        sy = jnp.sum(s * y, -1)[..., None, None]
        ok = sy > 1e-12
        rho = 1.0 / jnp.where(ok, sy, 1.0)
        V = eye - rho * jnp.einsum("...i,...j->...ij", s, y)
        Hi_new = jnp.einsum("...ij,...jk,...lk->...il", V, Hi, V) + rho * jnp.einsum("...i,...j->...ij", s, s)
        Hi = jnp.where(ok, Hi_new, jnp.where(better[..., None, None], Hi, eye))
        # an iteration gaining less than FTOL counts towards a stall; two in a row stop the fit
        stall = jnp.where(f - f_new > FTOL, 0, stall + 1)
        return it + 1, U_new, f_new, g_new, Hi, stall

    # Iteration 0 starts from f = inf, g = 0: its only candidate is U itself, so it evaluates the
    # starting points with the loop's own value_and_grad (tracing it once halves compile time).
    return jax.lax.while_loop(cond, body, carry)


def _run_bfgs(model, dims, names, response, U0, fixed, data, prior, maxiter: int):
    """Every fit of ``U0`` (S, N, P) run to its own stop or ``maxiter``.

    The whole batch runs until at most :data:`TAIL` fits are left; those go on as a batch of
    width :data:`TAIL` (subjects' data gathered, padded with copies of the first), so the last slow
    fits cost a fraction of the whole batch per iteration. Each fit's arithmetic is its own, so
    where it runs does not change its path beyond the last bits of XLA's vectorised arithmetic
    (measured: 1e-7 in an estimate where the likelihood is nearly flat, 2e-12 in its
    log-likelihood). Returns the points, negative log-likelihoods,
    gradients (S, N, …), whether each fit stopped by its own criteria and whether it stalled.
    """
    S, N, _ = U0.shape
    leave = TAIL if S * N > 2 * TAIL else 0
    it, U, f, g, Hi, stall = _bfgs(model, dims, names, response, _start(U0), fixed, data, prior,
                                   maxiter=maxiter, leave=leave)
    U, f, g, Hi, stall = (np.array(a) for a in (U, f, g, Hi, stall))
    left = np.flatnonzero(np.asarray(_running(g, stall)).ravel())
    if leave and len(left) and int(it) < maxiter:
        pick = np.concatenate([left, np.full(TAIL - len(left), left[0])])
        s_idx, n_idx = np.unravel_index(pick, (S, N))
        take = lambda a: a[s_idx, n_idx][None]  # noqa: E731
        sub = jax.tree_util.tree_map(lambda a: a[n_idx], (fixed, data))
        carry = (it, *(jnp.asarray(take(a)) for a in (U, f, g, Hi, stall)))
        out = _bfgs(model, dims, names, response, carry, *sub, prior, maxiter=maxiter, leave=0)
        it = out[0]
        for full, part in zip((U, f, g, Hi, stall), out[1:]):
            full[s_idx[: len(left)], n_idx[: len(left)]] = np.asarray(part)[0, : len(left)]
    return U, f, g, ~np.asarray(_running(g, stall)), stall >= 2


HESSIAN_STEP = 1e-3
"""Step (unconstrained scale) of the finite-difference Hessian."""


@partial(jax.jit, static_argnames=("model", "dims", "names", "response"))
def _hessians(model, dims, names, response, U, fixed, data, prior):
    """Per-subject Hessians of the objective (negative log-likelihood plus :func:`penalty`),
    shape (N, P, P), by central
    differences of its values: H_ij = (f(u+he_i+he_j) − f(u+he_i−he_j) − f(u−he_i+he_j)
    + f(u−he_i−he_j)) / 4h² (i = j included). Values only, so this compiles the likelihood's
    plain forward pass (second-order autodiff through the scan compiled for minutes)."""
    P = U.shape[-1]
    h = HESSIAN_STEP
    pairs = [(i, j) for i in range(P) for j in range(i, P)]
    eye = jnp.eye(P, dtype=U.dtype)
    shifts = jnp.stack([h * (si * eye[i] + sj * eye[j]) for i, j in pairs
                        for si, sj in ((1, 1), (1, -1), (-1, 1), (-1, -1))])
    f = jax.vmap(lambda d: -batch_log_likelihood(model, dims, names, U + d, fixed, *data,
                                                 response=response) + penalty(U + d, prior))(shifts)
    f = f.reshape(len(pairs), 4, -1)
    values = (f[:, 0] - f[:, 1] - f[:, 2] + f[:, 3]) / (4 * h * h)  # (pairs, N)
    H = jnp.zeros((U.shape[0], P, P), U.dtype)
    for k, (i, j) in enumerate(pairs):
        H = H.at[:, i, j].set(values[k]).at[:, j, i].set(values[k])
    return H


def start_points(layout: ParamLayout, n_subjects: int, starts: int, seed: int) -> np.ndarray:
    """(starts, N, P) unconstrained starting values: the defaults, then prior draws (seeded)."""
    rng = np.random.default_rng(seed)
    default = layout.unconstrain({s.name: s.default for s in layout.specs})
    mean = np.array([s.prior[0] for s in layout.specs])
    sd = np.array([s.prior[1] for s in layout.specs])
    U = np.empty((starts, n_subjects, layout.n))
    U[0] = default
    for s in range(1, starts):
        centre = default if s % 2 else mean
        U[s] = centre + sd * rng.standard_normal((n_subjects, layout.n))
    return np.clip(U, -U_BOUND + 1, U_BOUND - 1)


@jax.enable_x64(True)
def fit_mle(model, design, fit=None, fixed=None, starts: int = 4, seed: int = 0,
            maxiter: int = 300, response: str = "gaussian", prior: bool = False) -> dict:
    """Fit every subject of ``design`` by maximum likelihood (or, with ``prior``, maximum a
    posteriori).

    Parameters
    ----------
    model : Model
    design : Design
        From :func:`remission.io.build_design`.
    fit, fixed
        See :class:`~remission.fitting.likelihood.ParamLayout`; ``fit`` defaults to
        :func:`~remission.fitting.likelihood.default_fit` of the design.
    starts : int
        Starting points per subject (first: the defaults; others: seeded prior draws).
    seed : int
        Seed of the starting points.
    maxiter : int
        BFGS iterations of each fit (a fit stops earlier when its gradient is below 1e-6 or it stalls).
    response : str
        Response model of the CRs (:data:`~remission.fitting.response.RESPONSE_MODELS`).
    prior : bool
        Maximise the log-likelihood plus the log of each fitted parameter's prior
        (:func:`penalty`; the module docstring). ``loglik`` is still the log-likelihood, at the
        MAP estimate; standard errors come from the curvature of the log posterior.

    Returns
    -------
    dict
        ``params`` (long table: subject, parameter, estimate, se, ci_low, ci_high), ``subjects``
        (subject, loglik, loglik_chance — the choice log-likelihood of picking every offered
        option with equal probability —, n_obs, k, aic, bic, converged), ``layout`` and ``u``.
    """
    layout = fit if isinstance(fit, ParamLayout) else ParamLayout(
        model, default_fit(model, design, fixed) if fit is None else fit, fixed)
    N = design.n_subjects
    data = prepare(model, design, response)
    fx = layout.fixed_arrays(N)
    U0 = start_points(layout, N, max(1, starts), seed)
    pri = prior_arrays(layout, prior)
    U, per, grad, stopped, stalled = _run_bfgs(model, design.dims, layout.names, response,
                                               jnp.asarray(U0), fx, data, pri, maxiter)
    best = per.argmin(0)
    u = U[best, np.arange(N)]
    nll = per[best, np.arange(N)] - np.asarray(penalty(jnp.asarray(u), pri))
    g = grad[best, np.arange(N)]
    H = np.asarray(_hessians(model, design.dims, layout.names, response, jnp.asarray(u), fx, data,
                             pri))
    return _tables(layout, design, u, nll, g, H, starts_agree=_agreement(per),
                   stopped=stopped[best, np.arange(N)], stalled=stalled[best, np.arange(N)])


def _agreement(per: np.ndarray) -> np.ndarray:
    """Fraction of starts within 0.01 log-likelihood units of each subject's best."""
    return (per - per.min(0) < 1e-2).mean(0)


def _tables(layout, design, u, nll, grad, H, starts_agree, stopped, stalled) -> dict:
    N, P = u.shape
    se_u = np.full((N, P), np.nan)
    for i in range(N):
        try:
            if np.all(np.linalg.eigvalsh(H[i]) > 1e-10):
                se_u[i] = np.sqrt(np.diag(np.linalg.inv(H[i])))
        except np.linalg.LinAlgError:
            pass
    rows = []
    for j, spec in enumerate(layout.specs):
        est = np.asarray(spec.to_constrained(jnp.asarray(u[:, j])))
        slope = np.abs(np.asarray(jax.vmap(jax.grad(spec.to_constrained))(jnp.asarray(u[:, j]))))
        lo = np.asarray(spec.to_constrained(jnp.asarray(u[:, j] - 1.96 * se_u[:, j])))
        hi = np.asarray(spec.to_constrained(jnp.asarray(u[:, j] + 1.96 * se_u[:, j])))
        for i, subj in enumerate(design.subjects):
            rows.append({"subject": subj, "parameter": spec.name, "estimate": est[i],
                         "se": slope[i] * se_u[i, j], "ci_low": lo[i], "ci_high": hi[i]})
    n_obs = design.n_obs
    loglik = -nll
    subjects = pd.DataFrame({
        "subject": design.subjects, "loglik": loglik,
        "loglik_chance": chance_log_likelihood(design), "n_obs": n_obs, "k": P,
        "aic": 2 * P - 2 * loglik, "bic": P * np.log(np.maximum(n_obs, 1)) - 2 * loglik,
        "grad_norm": np.linalg.norm(grad, axis=1), "starts_agree": starts_agree,
        "at_bound": (np.abs(u) > U_BOUND - 1e-3).any(1),
    })
    subjects["stalled"] = stalled  # a kink or plateau: no step improved, the gradient is not ~0
    subjects["converged"] = stopped | (subjects["grad_norm"] < 1e-3)
    return {"params": pd.DataFrame(rows), "subjects": subjects, "layout": layout, "u": u}
