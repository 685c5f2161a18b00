"""Remission is the norm and comes at a constant rate (human epidemiology).

Heyman 2013, Annu Rev Clin Psychol 9:29; Lopez-Quintero et al. 2011, Addiction 106:657.

The human course cannot be run as a rat protocol, so it is simulated as a life course and says so:
after 10 sessions of drug self-administration (onset of use), each subject lives 15 years in which
every month brings 3 discrete choices (10 min apart) between the drug (0.25, with its cue) and the
non-drug rewards of daily life (magnitude 0.25, equal to the drug's value at the default drug
value). Subjects differ (shared population). A subject is dependent in a year when it takes the
drug on more than half of that year's choices; the cohort is the subjects dependent in year 1, and
remission is the first later year in which it is not. The survival of dependence S(t) is fitted
by an exponential (least squares on log S through S(0) = 1). Published: exponential (constant
hazard), half-life ≈4 years for cocaine (≈16 for alcohol), lifetime remission 84–99 %.
The cell is not applicable when fewer than 3 subjects are dependent in year 1 (no cohort to
follow): the model then does not produce a dependent population in this design.
"""

from __future__ import annotations

import numpy as np

from remission.phenomena.base import BIN, Phenomenon, Score, make_score, register, within
from remission.protocols import Paradigm

YEARS, MONTHLY_CHOICES = 15, 3
LIFE_REWARD = 0.25
GROUPS = {"life course": Paradigm("life_course", {"years": YEARS, "monthly_choices": MONTHLY_CHOICES,
                                                  "life_reward": LIFE_REWARD, "bin": BIN})}


def dependence_by_year(trials) -> np.ndarray:
    """(subjects, years) boolean: drug on > 50 % of the year's completed choices."""
    df = trials[(trials["group"] == "life course") & (trials["phase"] == "life")]
    year = df["session"] // 12
    drug = (df["action"] == "drug").groupby([df["subject"], year]).sum().unstack()
    made = df["action"].isin(["drug", "alternative"]).groupby([df["subject"], year]).sum().unstack()
    return (drug > 0.5 * made).to_numpy()


def survival(dependent: np.ndarray) -> np.ndarray:
    """S(t), t = 0..YEARS-1 years after year 1, among subjects dependent in year 1."""
    cohort = dependent[dependent[:, 0]]
    remitted = np.maximum.accumulate(~cohort, axis=1)
    return 1.0 - remitted.mean(axis=0)


def exponential_fit(surv: np.ndarray) -> tuple[float, float]:
    """Hazard λ from log S(t) = −λ t (through S(0) = 1) and the fit's R² on S > 0."""
    t = np.arange(len(surv), dtype=float)
    ok = surv > 0
    y = np.log(surv[ok])
    lam = -float(t[ok] @ y / (t[ok] @ t[ok]))
    resid = y + lam * t[ok]
    ss = float(((y - y.mean()) ** 2).sum())
    r2 = 1.0 - float((resid ** 2).sum()) / ss if ss > 0 else float("nan")
    return lam, r2


def score(trials):
    dependent = dependence_by_year(trials)
    n = int(dependent[:, 0].sum())
    if n < 3:
        return Score(value=float("nan"), passed=None, simulated={"dependent in year 1": n / len(dependent)},
                     note=f"not applicable: {n} of {len(dependent)} subjects dependent in year 1")
    surv = survival(dependent)
    lam, r2 = exponential_fit(surv)
    half_life = float(np.log(2) / lam) if lam > 0 else float("inf")
    lifetime = 1.0 - surv[-1]
    checks = {
        "exponential (R² of log-linear fit ≥ 0.9)": bool(r2 >= 0.9),
        "half-life ≈4 years ([2, 8])": within(half_life, 2.0, 8.0),
        f"lifetime remission 84–99 % (≥ 0.84 by {YEARS} years)": bool(lifetime >= 0.84),
    }
    sim = {f"year {t}": float(s) for t, s in enumerate(surv) if t % 2 == 0}
    published = {f"year {t}": float(0.5 ** (t / 4.0)) for t in range(0, YEARS, 2)}
    return make_score(half_life, checks, sim, published,
                      note=f"cohort {n} of {len(dependent)}; R² {r2:.2f}; remitted by {YEARS} y {lifetime:.2f}")


REMISSION_EPIDEMIOLOGY = register(Phenomenon(
    id="remission_epidemiology",
    title="Remission is the norm, at a constant hazard",
    citation="Heyman 2013, Annu Rev Clin Psychol 9:29; Lopez-Quintero et al. 2011, Addiction 106:657",
    readout="half-life of dependence (years), simulated life course",
    target="exponential; half-life ≈4 y cocaine (≈16 alcohol); lifetime remission 84–99 %",
    rule=f"log-linear R² ≥ 0.9; half-life in [2, 8] y; ≥ 84 % remitted by {YEARS} y",
    groups=GROUPS,
    score=score,
    individual_differences=True,
    kind="line",
    unit="fraction still dependent",
))
