"""Remission is the norm and comes at a constant rate (human epidemiology).

Heyman 2013, Annu Rev Clin Psychol 9:29; Lopez-Quintero et al. 2011, Addiction 106:657.

The human course cannot be run as a rat protocol, so it is simulated as a life course and says so:
after 10 sessions of drug self-administration (onset of use), each subject lives 15 years in which
every month brings 3 discrete choices (10 min apart) between the drug (0.25, with its cue) and the
non-drug rewards of daily life (magnitude 1, worth a dose by the value convention). A subject is
dependent in a year when it takes the drug on more than half of that year's choices; the cohort is
the subjects dependent in year 1, and remission is the first later year in which it is not. The
survival of dependence S(t) is fitted by an exponential (least squares on log S through
S(0) = 1). Published: exponential (constant hazard), half-life ≈4 years for cocaine (≈16 for
alcohol), lifetime remission 84–99 %. A replicate with fewer than 3 subjects dependent in year 1
has no cohort to follow; the cell is not applicable when no replicate has one.
"""

from __future__ import annotations

import math

import numpy as np

from remission.phenomena.base import BIN, NOT_APPLICABLE, Phenomenon, register
from remission.phenomena.checks import Within
from remission.protocols import Paradigm

YEARS, MONTHLY_CHOICES = 15, 3
LIFE_REWARD = 1.0
GROUPS = {"life course": Paradigm("life_course", {"years": YEARS, "monthly_choices": MONTHLY_CHOICES,
                                                  "life_reward": LIFE_REWARD, "bin": BIN})}


def dependence_by_year(sessions) -> np.ndarray:
    """(subjects, years) boolean: drug on > 50 % of the year's completed choices."""
    df = sessions[(sessions["group"] == "life course") & (sessions["phase"] == "life")]
    year = df["session"] // 12
    per = df.groupby([df["subject"], year])[["drug_presses", "alternative_presses"]].sum()
    drug, alt = per["drug_presses"].unstack(), per["alternative_presses"].unstack()
    return (drug > 0.5 * (drug + alt)).to_numpy()


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
    lam = -float(t[ok] @ y / (t[ok] @ t[ok])) if (t[ok] @ t[ok]) > 0 else math.nan
    resid = y + lam * t[ok]
    ss = float(((y - y.mean()) ** 2).sum())
    r2 = 1.0 - float((resid ** 2).sum()) / ss if ss > 0 else math.nan
    return lam, r2


def measure(sessions):
    dependent = dependence_by_year(sessions)
    n = int(dependent[:, 0].sum())
    v = {"dependent in year 1": n / len(dependent)}
    if n < 3:
        return v | {NOT_APPLICABLE: f"{n} of {len(dependent)} subjects dependent in year 1: no "
                                    "cohort to follow"}
    surv = survival(dependent)
    lam, r2 = exponential_fit(surv)
    v["half-life (years)"] = float(np.log(2) / lam) if lam > 0 else math.inf
    v["lifetime remission"] = float(1.0 - surv[-1])
    v["exponential R²"] = r2
    v |= {f"year {t}": float(s) for t, s in enumerate(surv) if t % 2 == 0}
    return v


REMISSION_EPIDEMIOLOGY = register(Phenomenon(
    id="remission_epidemiology",
    title="Remission is the norm, at a constant hazard",
    citation="Heyman 2013, Annu Rev Clin Psychol 9:29; Lopez-Quintero et al. 2011, Addiction 106:657",
    doi=("10.1146/annurev-clinpsy-032511-143041", "10.1111/j.1360-0443.2010.03194.x"),
    readout="half-life of dependence (years), simulated life course",
    target="exponential; half-life ≈4 y cocaine (≈16 alcohol); lifetime remission 84–99 %",
    groups=GROUPS,
    measure=measure,
    checks=(
        Within("exponential (R² of the log-linear fit ≥ 0.9)", x="exponential R²", target=1.0,
               low=0.9, high=1.0),
        Within("half-life ≈4 years", x="half-life (years)", target=4.0, low=2.0, high=8.0),
        Within(f"lifetime remission 84–99 % (by {YEARS} years)", x="lifetime remission",
               target=0.92, low=0.84, high=1.0),
    ),
    headline="half-life (years)",
    conditions=tuple(f"year {t}" for t in range(0, YEARS, 2)),
    published={f"year {t}": float(0.5 ** (t / 4.0)) for t in range(0, YEARS, 2)},
    tag="remission",
    kind="line",
    unit="fraction still dependent",
))
