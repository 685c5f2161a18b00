"""Grid fit of the LCM concentration α to conditioned responses (docs/MODELS.md §4, fitting).

Gershman, S. J. & Hartley, C. A. (2015). Individual differences in learning predict the return of
fear. *Learning & Behavior* 43:243; model of Gershman, Blei & Niv (2010, Psych Rev 117:197).

Per subject and grid value α_j (default 50 values linspace(0, 10)): run local-MAP
:func:`remission.models.latent_cause.trial` over the subject's trials (features = US, cues), get
V_t; regress CR on V without intercept, b = Σ V·CR / Σ V·V over trials with a CR; σ = RMS residual;
log-likelihood ℓ_j = Σ_t log N(CR_t; b V_t, σ) — the CR term every fit uses
(:func:`remission.fitting.response.log_likelihood`, ``gaussian``). With a uniform prior,
p(α_j | data) = softmax(ℓ)_j, E[α] = Σ_j α_j p_j, and the log Bayes factor against a single cause
is logsumexp(ℓ) − log n_grid − ℓ(α = 0).

All subjects and α values run in one compiled program: trials are padded to the longest subject
(padded trials come last, so they change no real V), vmap over α and subjects, lax.scan over
trials.
"""

from __future__ import annotations

from functools import partial

import jax
import jax.numpy as jnp
import numpy as np
import pandas as pd
from jax.scipy.special import logsumexp

from remission.errors import RemissionError
from remission.fitting import response
from remission.models import latent_cause as lcm

DEFAULT_GRID = np.linspace(0.0, 10.0, 50)


@partial(jax.jit, static_argnames=("max_causes",))
def grid_loglik(x, cr, mask, alphas, a=1.0, b=1.0, max_causes: int = 10):
    """ℓ (subjects × α) and V (subjects × α × T) for padded features x (S, T, D), cr (S, T), mask (S, T)."""
    key = jax.random.PRNGKey(0)

    def one(xs, alpha):
        v, _ = lcm.infer_arrays(xs, alpha, a, b, 0.0, key, max_causes=max_causes)
        return v

    V = jax.vmap(lambda xs: jax.vmap(lambda al: one(xs, al))(alphas))(x)
    y = jnp.where(mask, cr, 0.0)[:, None, :]
    return response.log_likelihood("gaussian", V, y, mask[:, None, :]), V


@jax.enable_x64(True)
def fit_alpha(data: pd.DataFrame, cue_columns, us_column="us", cr_column="cr",
              subject_column="subject", alphas=None, source: str = "data") -> pd.DataFrame:
    """Fit α per subject on a tidy table (one row per trial, in trial order).

    Parameters
    ----------
    data : DataFrame
        Columns ``subject_column``, ``us_column`` (0/1), the ``cue_columns`` (0/1) and
        ``cr_column`` (NaN = missing, skipped). Subjects may have different numbers of trials.
    cue_columns : sequence of str
        CS (and context) columns, features 1..D−1 of the model.
    alphas : array, optional
        The grid (default 50 values linearly spaced in [0, 10]); ℓ(α = 0) is always computed.
    source : str
        Name of the data (file) used in error messages.

    Returns
    -------
    DataFrame
        One row per subject: ``subject``, ``n_trials``, ``e_alpha``, ``argmax_alpha``, ``log_bf``,
        ``loglik_alpha0``, ``max_loglik``. The per-α results are in ``.attrs``: ``"alphas"``
        (list of grid values), ``"loglik"`` and ``"posterior"`` (dict subject → list over the
        grid); :func:`loglik_table` turns them into a long table.
    """
    cue_columns = list(cue_columns)
    if not cue_columns:
        raise RemissionError(f"{source}: give at least one cue column")
    needed = [subject_column, us_column, cr_column, *cue_columns]
    missing = [c for c in needed if c not in data.columns]
    if missing:
        raise RemissionError(f"{source}: missing column(s) {missing}; columns present: "
                             f"{list(data.columns)}")
    for col in (us_column, *cue_columns):
        vals = pd.to_numeric(data[col], errors="coerce")
        bad = ~vals.isin([0, 1])
        if bad.any():
            raise RemissionError(f"{source}: column {col!r} must be 0/1; found "
                                 f"{data[col][bad].iloc[0]!r} (row {int(np.flatnonzero(bad)[0])})")
    cr_vals = pd.to_numeric(data[cr_column], errors="coerce")
    if (cr_vals.isna() & data[cr_column].notna()).any():
        bad = data[cr_column][cr_vals.isna() & data[cr_column].notna()].iloc[0]
        raise RemissionError(f"{source}: column {cr_column!r} must be numeric; found {bad!r}")
    grid = np.asarray(DEFAULT_GRID if alphas is None else alphas, float)
    if grid.ndim != 1 or len(grid) == 0 or np.any(grid < 0):
        raise RemissionError(f"alphas must be a non-empty list of values >= 0; got {alphas!r}")

    groups = list(data.groupby(subject_column, sort=False))
    S, T, D = len(groups), max(len(g) for _, g in groups), 1 + len(cue_columns)
    x, cr, mask = np.zeros((S, T, D)), np.zeros((S, T)), np.zeros((S, T), bool)
    for i, (_, g) in enumerate(groups):
        n = len(g)
        x[i, :n] = g[[us_column, *cue_columns]].to_numpy(float)
        c = pd.to_numeric(g[cr_column], errors="coerce").to_numpy(float)
        cr[i, :n], mask[i, :n] = np.nan_to_num(c), ~np.isnan(c)
    ll, _ = grid_loglik(jnp.asarray(x), jnp.asarray(cr), jnp.asarray(mask),
                        jnp.asarray(np.append(grid, 0.0)))
    ll = np.asarray(ll)
    ll0, ll = ll[:, -1], ll[:, :-1]
    post = np.exp(ll - logsumexp(ll, axis=1, keepdims=True))
    subjects = [s for s, _ in groups]
    out = pd.DataFrame({
        "subject": subjects,
        "n_trials": mask.sum(axis=1),
        "e_alpha": post @ grid,
        "argmax_alpha": grid[np.argmax(ll, axis=1)],
        "log_bf": np.asarray(logsumexp(ll, axis=1)) - np.log(len(grid)) - ll0,
        "loglik_alpha0": ll0,
        "max_loglik": ll.max(axis=1),
    })
    out.attrs["alphas"] = grid.tolist()
    out.attrs["loglik"] = {s: ll[i].tolist() for i, s in enumerate(subjects)}
    out.attrs["posterior"] = {s: post[i].tolist() for i, s in enumerate(subjects)}
    return out


def loglik_table(fit: pd.DataFrame) -> pd.DataFrame:
    """Long table (subject, alpha, loglik, posterior) from the ``.attrs`` of :func:`fit_alpha`."""
    grid = fit.attrs["alphas"]
    rows = [(s, a, ll, p) for s in fit.attrs["loglik"]
            for a, ll, p in zip(grid, fit.attrs["loglik"][s], fit.attrs["posterior"][s])]
    return pd.DataFrame(rows, columns=["subject", "alpha", "loglik", "posterior"])
