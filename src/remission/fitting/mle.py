"""Maximum-likelihood fits, one per subject, with autodiff gradients and several seeded starts.

Parameters are optimised on the unconstrained scale of their :class:`~remission.params.ParamSpec`
transform. Every subject × start is its own small BFGS problem (own inverse-Hessian estimate, step
lengths tried in parallel), all run in one compiled, vmapped loop; each subject keeps its best
start. Standard errors come from the inverse of the (finite-difference) Hessian on the unconstrained
scale, carried to the constrained scale by the delta method; 95 % intervals are the transformed unconstrained
intervals (so they respect the bounds).
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


@partial(jax.jit, static_argnames=("model", "dims", "names", "response", "maxiter"))
def _bfgs(model, dims, names, response, U, fixed, data, maxiter: int = 200, gtol: float = 1e-6):
    """Batched BFGS: every (start, subject) fit has its own inverse-Hessian estimate and line search.

    ``U`` has shape (S, N, P); returns the optimum, the negative log-likelihoods (S, N), their
    gradients, the number of iterations and whether each fit stalled: two iterations in a row
    gained less than :data:`FTOL` (at an optimum whose gradient the tolerance misses, or at a kink
    or plateau of the likelihood, e.g. the local-MAP cause assignments of the latent cause
    model). A fit stops when its gradient is below ``gtol`` or it has stalled; all stop together.
    """

    def nll(U):
        return -jax.vmap(lambda u: batch_log_likelihood(model, dims, names, u, fixed, *data,
                                                        response=response))(U)

    def value_and_grad(U):
        f, vjp = jax.vjp(nll, U)
        return f, vjp(jnp.ones_like(f))[0]

    P = U.shape[-1]
    eye = jnp.broadcast_to(jnp.eye(P), U.shape[:-1] + (P, P))

    def cond(c):
        it, U, f, g, Hi, stall = c
        active = (jnp.linalg.norm(g, axis=-1) > gtol) & (stall < 2)
        return (it == 0) | ((it < maxiter) & jnp.any(active))

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
    zero = jnp.zeros(U.shape[:-1], jnp.int32)
    start = (0, U, jnp.full(U.shape[:-1], jnp.inf, U.dtype), jnp.zeros_like(U), eye, zero)
    it, U, f, g, _, stall = jax.lax.while_loop(cond, body, start)
    return U, f, g, it, stall >= 2


HESSIAN_STEP = 1e-3
"""Step (unconstrained scale) of the finite-difference Hessian."""


@partial(jax.jit, static_argnames=("model", "dims", "names", "response"))
def _hessians(model, dims, names, response, U, fixed, data):
    """Per-subject Hessians of the negative log-likelihood, shape (N, P, P), by central
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
                                                 response=response))(shifts)
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
            maxiter: int = 300, response: str = "gaussian") -> dict:
    """Fit every subject of ``design`` by maximum likelihood.

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
        BFGS iterations (all fits stop together once every gradient is below 1e-6).
    response : str
        Response model of the CRs (:data:`~remission.fitting.response.RESPONSE_MODELS`).

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
    U, per, grad, n_iter, stalled = _bfgs(model, design.dims, layout.names, response,
                                          jnp.asarray(U0), fx, data, maxiter=maxiter)
    U, per, grad, stalled = np.asarray(U), np.asarray(per), np.asarray(grad), np.asarray(stalled)
    best = per.argmin(0)
    u = U[best, np.arange(N)]
    nll = per[best, np.arange(N)]
    g = grad[best, np.arange(N)]
    H = np.asarray(_hessians(model, design.dims, layout.names, response, jnp.asarray(u), fx, data))
    return _tables(layout, design, u, nll, g, H, starts_agree=_agreement(per), success=int(n_iter) < maxiter,
                   stalled=stalled[best, np.arange(N)])


def _agreement(per: np.ndarray) -> np.ndarray:
    """Fraction of starts within 0.01 log-likelihood units of each subject's best."""
    return (per - per.min(0) < 1e-2).mean(0)


def _tables(layout, design, u, nll, grad, H, starts_agree, success, stalled) -> dict:
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
    subjects["converged"] = bool(success) | (subjects["grad_norm"] < 1e-3)
    return {"params": pd.DataFrame(rows), "subjects": subjects, "layout": layout, "u": u}
