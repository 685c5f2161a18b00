"""Response models: how a model's conditioned-response read-out predicts the measured CR.

Every Pavlovian-capable model reports its CR on each trial as ``readouts["response"]`` (computed by
its own ``policy``, the function the engine runs). A lab's measure is on its own scale, so each
response model maps the read-out ``r`` to the measure with per-subject coefficients that are
*profiled out* (set to their least-squares values given ``r``; Gershman & Hartley 2015, Learn
Behav 43:243), adding no free parameter to the fit:

``gaussian`` (skin conductance, magazine entries, any unbounded measure)::

    y_t ~ Normal(b r_t, σ),   b = Σ r y / Σ r²,   σ² = Σ (y − b r)² / n

``logit_normal`` (proportions in [0, 1], e.g. percent freezing / 100)::

    z_t = logit(y'_t) ~ Normal(a + b r_t, σ),   y' = (y (n − 1) + 1/2) / n

with (a, b) the least-squares line of z on r and the squeeze y' of Smithson & Verkuilen (2006,
Psychol Methods 11:54) keeping 0 % and 100 % finite (n: the subject's number of CRs). Its
log-likelihood is the density of y', ``ℓ_z − Σ log(y'(1 − y'))``, so values compare across models.
"""

from __future__ import annotations

import jax.numpy as jnp
import numpy as np

from remission.errors import RemissionError

RESPONSE_MODELS = ("gaussian", "logit_normal")

SIGMA2_FLOOR = 1e-12
"""Smallest residual variance of a profiled CR term (a model that predicts the CRs exactly)."""


def check_response_model(name: str) -> str:
    if name not in RESPONSE_MODELS:
        raise RemissionError(f"response model {name!r}; valid: {', '.join(RESPONSE_MODELS)} "
                             f"(gaussian for SCR and other unbounded measures, logit_normal for "
                             f"proportions such as freezing)")
    return name


def transform(name: str, cr: np.ndarray, cr_mask: np.ndarray, source: str = "data") -> np.ndarray:
    """The measured CRs on the scale the response model is Gaussian on (numpy, per subject rows)."""
    check_response_model(name)
    if name == "gaussian":
        return cr
    seen = cr[cr_mask]
    if seen.size and (seen.min() < 0 or seen.max() > 1):
        bad = seen[(seen < 0) | (seen > 1)][0]
        hint = " (percentages? divide them by 100)" if seen.max() <= 100 and seen.min() >= 0 else ""
        raise RemissionError(f"{source}, column 'cr': {bad!r} is not a proportion in [0, 1], which "
                             f"the logit_normal response model needs{hint}")
    n = np.maximum(cr_mask.sum(-1, keepdims=True), 2)
    squeezed = (cr * (n - 1) + 0.5) / n
    return np.where(cr_mask, np.log(squeezed) - np.log1p(-squeezed), 0.0)


def _fit_line(response, y, m, intercept: bool):
    """Least-squares (a, b) of y on response over the mask m (a = 0 without intercept)."""
    n = jnp.sum(m, axis=-1)
    if intercept:
        mean_r = jnp.sum(m * response, -1) / jnp.maximum(n, 1.0)
        mean_y = jnp.sum(m * y, -1) / jnp.maximum(n, 1.0)
        dr, dy = response - mean_r[..., None], y - mean_y[..., None]
        vv = jnp.sum(m * dr**2, -1)
        b = jnp.where(vv > 1e-300, jnp.sum(m * dr * dy, -1) / jnp.where(vv > 1e-300, vv, 1.0), 0.0)
        return mean_y - b * mean_r, b
    vv = jnp.sum(m * response**2, axis=-1)
    b = jnp.where(vv > 0, jnp.sum(m * response * y, axis=-1) / jnp.where(vv > 0, vv, 1.0), 0.0)
    return jnp.zeros_like(b), b


def profile(name: str, response, y, cr_mask):
    """Profiled ``(a, b, σ²)`` per subject (trailing axis: trials)."""
    m = cr_mask.astype(response.dtype)
    a, b = _fit_line(response, y, m, intercept=(name == "logit_normal"))
    resid = m * (y - a[..., None] - b[..., None] * response)
    n = jnp.sum(m, axis=-1)
    sigma2 = jnp.maximum(jnp.sum(resid**2, axis=-1) / jnp.maximum(n, 1.0), SIGMA2_FLOOR)
    return a, b, sigma2


def log_likelihood(name: str, response, y, cr_mask):
    """Profiled CR log-likelihood per subject, ``−n/2 (log 2πσ² + 1)`` (plus the logit Jacobian).

    ``y`` is :func:`transform` of the measured CRs; works on trailing axes, so it also scores a
    grid of predictions at once (the LCM α grid).
    """
    m = cr_mask.astype(response.dtype)
    n = jnp.sum(m, axis=-1)
    _, _, sigma2 = profile(name, response, y, cr_mask)
    ll = jnp.where(n > 0, -0.5 * n * (jnp.log(2 * jnp.pi * sigma2) + 1.0), 0.0)
    if name == "logit_normal":  # log |dz/dy'| = −log y'(1 − y') = softplus(z) + softplus(−z)
        ll = ll + jnp.sum(m * (jnp.logaddexp(0.0, y) + jnp.logaddexp(0.0, -y)), axis=-1)
    return ll


def predict(name: str, response, y, cr_mask) -> np.ndarray:
    """Expected measured CR under the profiled coefficients (the data scale), for checks."""
    a, b, _ = profile(name, response, y, cr_mask)
    mean = np.asarray(a)[..., None] + np.asarray(b)[..., None] * np.asarray(response)
    return 1.0 / (1.0 + np.exp(-mean)) if name == "logit_normal" else mean


def sample(name: str, response, y, cr_mask, rng: np.random.Generator) -> np.ndarray:
    """CRs drawn from the response model at the profiled coefficients (for recovery)."""
    a, b, sigma2 = (np.asarray(v) for v in profile(name, response, y, cr_mask))
    z = a[..., None] + b[..., None] * np.asarray(response) + np.sqrt(sigma2)[..., None] * \
        rng.standard_normal(np.shape(response))
    return 1.0 / (1.0 + np.exp(-z)) if name == "logit_normal" else z
