r"""Survival analysis of simulated lives with lifelines (Davidson-Pilon 2019, J Open Source Softw 4:1317).

* Kaplan–Meier estimate of the time from dependence onset to remission,
  :math:`\hat S(t) = \prod_{t_i \le t}(1 - d_i/n_i)` (Kaplan & Meier 1958, J Am Stat Assoc 53:457),
  with Greenwood 95 % intervals; the cumulative probability of remission is :math:`1 - \hat S(t)`
  and the median the first :math:`t` with :math:`\hat S(t) \le 0.5`.
* The hazard's shape: a Weibull fit :math:`S(t) = \exp(-(t/\lambda)^\rho)`; :math:`\rho = 1` is
  the constant hazard of Heyman's exponential model (Heyman 2013, Annu Rev Clin Psychol 9:29),
  :math:`\rho < 1` a hazard that falls with time since onset; and the yearly discrete hazard
  :math:`h_k = d_k / n_k` (life table).
* Relapse after remission: Kaplan–Meier of the time from the end of the remission year to renewed
  dependence.
* Cox proportional hazards :math:`h(t \mid x) = h_0(t)\, e^{\beta^\top x}` (Cox 1972, J R Stat Soc B
  34:187) for covariates such as treatment, the history's alternative reward and ε.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np
import pandas as pd

from remission.errors import RemissionError


def _clean(time, event):
    time = np.asarray(time, float)
    event = np.asarray(event, bool)
    keep = np.isfinite(time)
    return np.maximum(time[keep], 0.0), event[keep]


def kaplan_meier(time, event, label: str = "remission"):
    """A fitted :class:`lifelines.KaplanMeierFitter` (times in years)."""
    from lifelines import KaplanMeierFitter

    t, e = _clean(time, event)
    if len(t) == 0:
        raise RemissionError(f"{label}: no lives at risk (nobody became dependent with a year of "
                             "follow-up); use more subjects or longer lives")
    return KaplanMeierFitter(label=label).fit(t, e)


def curve(kmf, grid: np.ndarray) -> pd.DataFrame:
    """Survival, cumulative probability and 95 % CI of a fitted KM on ``grid`` (years)."""
    s = kmf.survival_function_at_times(grid).to_numpy()
    ci = kmf.confidence_interval_survival_function_
    lo = np.interp(grid, ci.index.to_numpy(), ci.iloc[:, 0].to_numpy())
    hi = np.interp(grid, ci.index.to_numpy(), ci.iloc[:, 1].to_numpy())
    return pd.DataFrame({"years": grid, "survival": s, "cumulative": 1.0 - s,
                         "cumulative_low": 1.0 - hi, "cumulative_high": 1.0 - lo})


def cumulative_at(kmf, years: float) -> float:
    """1 − Ŝ(t): the cumulative probability of the event by ``years``."""
    return float(1.0 - kmf.survival_function_at_times([years]).iloc[0])


def median(kmf) -> float:
    """Median time (years; inf when Ŝ never reaches 0.5)."""
    return float(kmf.median_survival_time_)


def weibull_shape(time, event) -> dict:
    """Weibull fit: ``rho`` (shape; 1 constant hazard) and ``lambda`` (scale, years)."""
    from lifelines import WeibullFitter

    t, e = _clean(time, event)
    t = np.maximum(t, 1.0 / 52)  # lifelines refuses zero durations in parametric fits
    if e.sum() < 2:
        return {"rho": float("nan"), "lambda": float("nan")}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        w = WeibullFitter().fit(t, e)
    return {"rho": float(w.rho_), "lambda": float(w.lambda_)}


def yearly_hazard(time, event, years: int) -> pd.DataFrame:
    """Life-table hazard h_k = d_k / n_k of years k = 0 .. years−1 after onset."""
    t, e = _clean(time, event)
    rows = []
    for k in range(years):
        at_risk = int(np.sum(t >= k))
        d = int(np.sum(e & (t >= k) & (t < k + 1)))
        rows.append({"year": k, "at_risk": at_risk, "events": d,
                     "hazard": d / at_risk if at_risk else float("nan")})
    return pd.DataFrame(rows)


def cox(table: pd.DataFrame, duration: str, event: str, covariates: Sequence[str]) -> pd.DataFrame:
    """Cox model of ``duration``/``event`` on ``covariates``: hazard ratios with 95 % CIs and p.

    Covariates without variation are dropped (a constant has no hazard ratio).
    """
    from lifelines import CoxPHFitter

    df = table[[duration, event, *covariates]].dropna()
    df = df[df[duration] >= 0].astype(float)
    used = [c for c in covariates if df[c].std() > 0]
    if not used or df[event].sum() < 2:
        return pd.DataFrame(columns=["covariate", "hazard_ratio", "low", "high", "p"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fit = CoxPHFitter(penalizer=1e-4).fit(df[[duration, event, *used]], duration, event)
    s = fit.summary
    return pd.DataFrame({"covariate": s.index, "hazard_ratio": s["exp(coef)"].to_numpy(),
                         "low": s["exp(coef) lower 95%"].to_numpy(),
                         "high": s["exp(coef) upper 95%"].to_numpy(), "p": s["p"].to_numpy()})


def logrank(time_a, event_a, time_b, event_b) -> float:
    """p of the log-rank test that two groups share one survival curve."""
    from lifelines.statistics import logrank_test

    ta, ea = _clean(time_a, event_a)
    tb, eb = _clean(time_b, event_b)
    if len(ta) < 2 or len(tb) < 2:
        return float("nan")
    return float(logrank_test(ta, tb, ea, eb).p_value)
