"""The erasure share from the literature: a profile over ε and an approximate posterior.

**Profile.** At each value v of the profiled parameter θ on a grid, θ is held at v for every
subject and the model's other free parameters are re-calibrated on the training findings (CMA-ES,
``Budget.profile_evaluations`` candidates); the best population is scored afresh on the held-out
findings. For dual_trace θ is ε, the erasure share (docs/MODELS.md §6); for the latent-cause-
modulated RW (Gershman et al. 2017, eLife 6:e23763) it is α, the concentration of the prior over
causes: α → 0 allows one cause only, so extinction is attributed to the acquisition cause and
modifies (erases) its weights; large α lets extinction open a new cause (new learning competes).

**Approximate posterior: kernel ABC on the normalised distances.** Each replicate experiment r at
grid value v gives a held-out distance D_r(v) = 1 − S_r(v), the scorecard's normalised
disagreement with the published findings averaged over the held-out findings. Approximate Bayesian
computation (Pritchard et al. 1999, Mol Biol Evol 16:1791; Beaumont, Zhang & Balding 2002,
Genetics 162:2025) weights a parameter by how often its simulations land within a tolerance h of
the data (distance 0 is the literature itself):

    π(v | literature) ∝ π(v) · (1/R) Σ_r K(D_r(v) / h),   K(u) = max(0, 1 − u²)  (Epanechnikov)

with a uniform prior π on the grid's axis (ε on [0, 1]; log α) and h the :data:`QUANTILE`
quantile of all D_r(v) (the usual ABC choice of accepting the closest fraction). The posterior
density is interpolated linearly between grid values and the 90 % interval read from its CDF.

*Why ABC and not a synthetic likelihood* (Wood 2010, Nature 466:1102): a synthetic likelihood
models the summaries as Gaussian with a mean and covariance estimated from replicates. Here the
summaries are per-finding scores bounded in [0, 1] and often sitting on a bound (a wrong-direction
effect scores exactly 0), and with a handful of replicates and a dozen findings their covariance
is singular. The normalised distances already are ABC's discrepancy between simulation and data;
ABC needs nothing more about them than that smaller is closer.

**What moves θ.** The posterior is recomputed with each held-out finding left out of the distance
(no refitting: the held-out findings never entered calibration); the findings whose removal
shifts the posterior mean most are the evidence that pins θ down.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from remission import models as model_registry
from remission.calibration.results import summarise
from remission.calibration.space import Space
from remission.errors import RemissionError

GRID = (0.0, 0.25, 0.5, 0.75, 1.0)
"""Default profile grid of an erasure share (ε)."""

PROFILED = {"latent_cause_rw": ("alpha", (0.001, 0.01, 0.1, 1.0, 10.0))}
"""Models whose erasure/new-cause balance is not named ``erasure_share``: the parameter and grid."""

QUANTILE = 0.5
"""ABC tolerance h: this quantile of all replicate distances over the grid."""

LEVEL = 0.9


def profile_parameter(model: str) -> tuple[str, tuple[float, ...]] | None:
    """The parameter profiled for ``model`` and its default grid (None if it has none free)."""
    mdl = model_registry.get(model)
    if mdl.erasure_share and mdl.erasure_share in mdl.free:
        return mdl.erasure_share, GRID
    if mdl.name in PROFILED and PROFILED[mdl.name][0] in mdl.free:
        return PROFILED[mdl.name]
    return None


def plan_profiles(models: Sequence[str], profile, grid: Sequence[float]) -> dict:
    """``{model: (parameter, grid)}`` for the models to profile."""
    if not profile:
        return {}
    out = {}
    for m in models:
        found = profile_parameter(m)
        if found is None:
            continue
        param, default = found
        values = tuple(float(v) for v in (grid if model_registry.get(m).erasure_share == param
                                          else default))
        spec = model_registry.get(m).spec(param)
        spec.check(np.asarray(values), where="profile grid")
        out[m] = (param, values)
    if profile is True and not out and models:
        raise RemissionError(f"profile: none of {', '.join(models)} has an erasure parameter to "
                             "profile (dual_trace has ε, latent_cause_rw α)")
    return out


@dataclass
class Posterior:
    """An approximate posterior over a profiled parameter on its grid."""

    values: np.ndarray
    weights: np.ndarray
    mean: float
    low: float
    high: float
    bandwidth: float
    log_axis: bool = False


@dataclass
class Profile:
    """A profiled parameter: per grid value the re-calibrated fit, its scores, and the posterior."""

    model: str
    parameter: str
    values: tuple
    fits: list
    posterior: Posterior | None = None
    influence: dict = field(default_factory=dict)

    def rows(self) -> list[dict]:
        out = []
        for v, fit in zip(self.values, self.fits):
            tr, te = fit.summary("train"), fit.summary("test")
            out.append({"model": self.model, "parameter": self.parameter, "value": v,
                        "train": tr["score"], "train_low": tr["low"], "train_high": tr["high"],
                        "test": te["score"], "test_low": te["low"], "test_high": te["high"],
                        "train_loss": fit.trace.best_loss,
                        "weight": (float(self.posterior.weights[list(self.values).index(v)])
                                   if self.posterior else math.nan)})
        return out

    def verdict(self) -> str:
        if self.posterior is None:
            return f"{self.model}: the profile of {self.parameter} gave no usable distances"
        p = self.posterior
        sym = "ε" if self.parameter == "epsilon" else self.parameter
        moved = ", ".join(list(self.influence)[:3])
        tail = f"; the findings that move it most: {moved}" if moved else ""
        return (f"{self.model}: the literature is compatible with {sym} in [{p.low:.2g}, {p.high:.2g}] "
                f"(90 % ABC interval, posterior mean {p.mean:.2g}, from the held-out findings){tail}.")


def distances(fits: Sequence, findings: Sequence[str]) -> list[np.ndarray]:
    """Per grid value, the replicate distances 1 − S_r over ``findings``."""
    return [1.0 - np.asarray(summarise(f.scores, findings)["replicates"], float) for f in fits]


def abc(values: Sequence[float], dists: Sequence[np.ndarray], log_axis: bool = False,
        quantile: float = QUANTILE, level: float = LEVEL) -> Posterior | None:
    """Kernel ABC posterior on the grid (see module docstring); None without finite distances."""
    allds = np.concatenate([d[np.isfinite(d)] for d in dists]) if dists else np.array([])
    if allds.size == 0:
        return None
    h = max(float(np.quantile(allds, quantile)), 1e-9)
    w = np.array([np.mean(np.maximum(0.0, 1.0 - (d[np.isfinite(d)] / h) ** 2))
                  if np.isfinite(d).any() else 0.0 for d in dists])
    if w.sum() <= 0:  # every distance at the tolerance: fall back to the closest value
        w = np.asarray([-np.nanmean(d) if np.isfinite(d).any() else -np.inf for d in dists])
        w = (w == w.max()).astype(float)
    x = np.log10(values) if log_axis else np.asarray(values, float)
    mean, lo, hi = _interval(x, w / w.sum(), level)
    back = (lambda t: float(10 ** t)) if log_axis else float
    return Posterior(np.asarray(values, float), w / w.sum(), back(mean), back(lo), back(hi), h, log_axis)


def _interval(x: np.ndarray, w: np.ndarray, level: float) -> tuple[float, float, float]:
    """Mean and central interval of the density interpolated linearly through (x, w)."""
    if len(x) == 1:
        return float(x[0]), float(x[0]), float(x[0])
    fine = np.linspace(x.min(), x.max(), 2001)
    dens = np.interp(fine, x, w)
    if dens.sum() <= 0:
        return (float(x[np.argmax(w)]),) * 3  # pragma: no cover
    cdf = np.cumsum(dens)
    cdf /= cdf[-1]
    tail = (1.0 - level) / 2.0
    return (float(np.sum(fine * dens) / dens.sum()), float(np.interp(tail, cdf, fine)),
            float(np.interp(1.0 - tail, cdf, fine)))


def posterior(prof: Profile, findings: Sequence[str]) -> None:
    """Set ``prof.posterior`` and, per held-out finding, the shift of the posterior mean when it is
    left out (``prof.influence``, largest first)."""
    log_axis = prof.parameter != model_registry.get(prof.model).erasure_share
    prof.posterior = abc(prof.values, distances(prof.fits, findings), log_axis)
    if prof.posterior is None:
        return
    shifts = {}
    for f in findings:
        rest = [g for g in findings if g != f]
        post = abc(prof.values, distances(prof.fits, rest), log_axis) if rest else None
        if post is not None:
            shifts[f] = post.mean - prof.posterior.mean
    prof.influence = dict(sorted(shifts.items(), key=lambda kv: -abs(kv[1])))


def run_profile(session, model: str, parameter: str, values: Sequence[float], sp,
                fit_spread: bool = True, free: Sequence[str] | None = None) -> Profile:
    """Re-calibrate ``model`` at each value of ``parameter`` and compute the posterior."""
    fits = []
    for v in values:
        space = Space.of(model, fixed={parameter: v}, fit_spread=fit_spread, free=free)
        stage = f"{model}/profile/{parameter}={v:g}"
        path = session.out / model / "profile" / f"{parameter}={v:g}.toml" if session.out else None
        fits.append(session.fit(space, stage, sp.train, sp.test, session.budget.profile_evaluations,
                                path, {parameter: float(v)}))
    prof = Profile(model, parameter, tuple(values), fits)
    posterior(prof, [f for f in sp.test])
    return prof


def influence_rows(profiles: Mapping[str, Profile]) -> list[dict]:
    return [{"model": m, "parameter": p.parameter, "left_out": f, "shift_of_mean": s}
            for m, p in profiles.items() for f, s in p.influence.items()]
