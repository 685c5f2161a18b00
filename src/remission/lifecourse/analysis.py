"""From simulated lives to the survival read-outs of the report: curves, summaries, Cox, paths."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from remission.lifecourse import paths, survival
from remission.lifecourse.lives import Lives
from remission.lifecourse.targets import LIFETIME_YEARS

COVARIATES = ("alternative_reward", "epsilon")


@dataclass
class Analysis:
    """Everything the report shows. ``curves``: KM of remission (and relapse) per arm on a yearly
    grid; ``summary``: one row per arm; ``hazard``: life-table hazard per arm and year; ``cox``:
    hazard ratios; ``paths``: the decomposition; ``verdict``: :func:`paths.verdict`."""

    curves: pd.DataFrame
    summary: pd.DataFrame
    hazard: pd.DataFrame
    cox: pd.DataFrame
    paths: pd.DataFrame
    verdict: dict
    use_by_year: pd.DataFrame
    extra: dict = field(default_factory=dict)


def horizon(lives: Lives) -> float:
    """Longest follow-up after onset that the lives allow (years)."""
    return lives.config["weeks"] / 52.0 - 1.0


def summarise(table: pd.DataFrame, arm: str, years: float) -> dict:
    """One arm's survival figures."""
    risk = table[table["at_risk"]]
    row = {"arm": arm, "lives": len(table), "dependent": int(table["dependent"].sum()),
           "at_risk": len(risk), "remitted": int(risk["remitted"].sum())}
    if len(risk) == 0:
        return row
    km = survival.kaplan_meier(risk["time"], risk["remitted"])
    row |= {"median_years": survival.median(km),
            "cumulative_10y": survival.cumulative_at(km, 10.0),
            "cumulative_20y": survival.cumulative_at(km, 20.0),
            f"cumulative_{int(LIFETIME_YEARS)}y": (survival.cumulative_at(km, LIFETIME_YEARS)
                                                    if years >= LIFETIME_YEARS else math.nan),
            "cumulative_end": survival.cumulative_at(km, years)}
    w = survival.weibull_shape(risk["time"], risk["remitted"])
    row |= {"weibull_rho": w["rho"], "weibull_lambda": w["lambda"]}
    rel = table[table["relapse_time"].notna()]
    if len(rel) >= 2:
        kr = survival.kaplan_meier(rel["relapse_time"], rel["relapsed"], "relapse")
        row |= {"relapse_5y": survival.cumulative_at(kr, 5.0),
                "relapse_10y": survival.cumulative_at(kr, 10.0)}
    return row


def analyse(lives: Lives) -> Analysis:
    """Kaplan–Meier per arm, hazard shape, relapse, Cox on treatment and covariates, paths."""
    t = lives.table
    years = horizon(lives)
    grid = np.arange(0.0, math.floor(years) + 1.0)
    curves, summary, hazard = [], [], []
    for arm, g in t.groupby("arm", sort=False):
        summary.append(summarise(g, arm, years))
        risk = g[g["at_risk"]]
        if len(risk):
            km = survival.kaplan_meier(risk["time"], risk["remitted"])
            curves.append(survival.curve(km, grid).assign(arm=arm, outcome="remission"))
            hazard.append(survival.yearly_hazard(risk["time"], risk["remitted"], len(grid) - 1)
                          .assign(arm=arm))
        rel = g[g["relapse_time"].notna()]
        if len(rel) >= 2:
            kr = survival.kaplan_meier(rel["relapse_time"], rel["relapsed"], "relapse")
            curves.append(survival.curve(kr, grid).assign(arm=arm, outcome="relapse"))
    risk = t[t["at_risk"]].copy()
    arms = [a for a in t["arm"].unique() if a != "none"]
    for a in arms:
        risk[f"treatment_{a}"] = (risk["arm"] == a).astype(float)
    covs = [f"treatment_{a}" for a in arms] + [c for c in COVARIATES if c in risk]
    cox = survival.cox(risk, "time", "remitted", covs)
    weeks = lives.use.shape[1] // 52
    use_year = lives.use[:, : weeks * 52].reshape(len(t), weeks, 52).mean(axis=2)
    use_by_year = pd.DataFrame(use_year).assign(arm=t["arm"].to_numpy()).groupby("arm", sort=False).mean()
    verdict = paths.verdict(t)
    eps = cox[cox["covariate"] == "epsilon"]
    if len(eps):
        e = eps.iloc[0]
        verdict["epsilon_hazard_ratio"] = float(e["hazard_ratio"])
        verdict["text"] += (f" Across the population, the erasure share ε changes the hazard of "
                            f"remission by a factor {e['hazard_ratio']:.3g} per unit (95 % CI "
                            f"{e['low']:.3g}–{e['high']:.3g}, p = {e['p']:.2g}, Cox): ε is "
                            + ("visible in the survival data, so a population curve constrains "
                               "it, though only jointly with the other parameters."
                               if e["p"] < 0.05 else "not detectably visible in the survival data."))
    return Analysis(curves=pd.concat(curves, ignore_index=True) if curves else pd.DataFrame(),
                    summary=pd.DataFrame(summary), hazard=pd.concat(hazard, ignore_index=True)
                    if hazard else pd.DataFrame(), cox=cox, paths=paths.decompose(t),
                    verdict=verdict, use_by_year=use_by_year)
