"""Published survival figures of remission from dependence (the cell's and the calibration's targets).

NESARC (2001–2002 wave, n = 43,093; DSM-IV lifetime dependence): Lopez-Quintero, Hasin, Pérez de
los Cobos, Pines, Wang, Grant & Blanco 2011, *Addiction* 106(3):657–669,
doi:10.1111/j.1360-0443.2010.03194.x. Every number below is from the paper's **Abstract,
Findings (p. 657)**, checked against the abstract (PubMed 21077975, PMC3227547): "Life-time
cumulative probability estimates of dependence remission were 83.7% for nicotine, 90.6% for
alcohol, 97.2% for cannabis and 99.2% for cocaine. Half of the cases … remitted approximately 26,
14, 6 and 5 years after dependence onset". The figure and table that carry the full curves (the
paper's cumulative-probability figure and its survival table) were **not verified** here: their
numbers and the follow-up at which "life-time" is read are not used.

The issue's target reads the lifetime figure as the cumulative remission 40 years after onset
(an approximation: NESARC respondents were followed to their age at interview).

Heyman 2013, *Annu Rev Clin Psychol* 9:29–59, doi:10.1146/annurev-clinpsy-032511-143041, Abstract
(p. 29): remission half-life ≈4 years for cocaine and ≈16 years for alcohol dependence, with an
exponential (constant-hazard) cumulative curve.
"""

from __future__ import annotations

from dataclasses import dataclass

from remission.errors import unknown_name


@dataclass(frozen=True)
class Target:
    """One substance's published remission figures."""

    substance: str
    median_years: float
    lifetime: float
    half_life_heyman: float | None
    source: str


SOURCE = "Lopez-Quintero et al. 2011, Addiction 106:657, Abstract (Findings), p. 657"
NESARC = {
    "nicotine": Target("nicotine", 26.0, 0.837, None, SOURCE),
    "alcohol": Target("alcohol", 14.0, 0.906, 16.0, SOURCE + "; Heyman 2013 p. 29"),
    "cannabis": Target("cannabis", 6.0, 0.972, None, SOURCE),
    "cocaine": Target("cocaine", 5.0, 0.992, 4.0, SOURCE + "; Heyman 2013 p. 29"),
}
LIFETIME_YEARS = 40.0
"""Years after onset at which the lifetime figure is compared (the issue's reading)."""
MEDIAN_TOLERANCE = 0.20
"""Median within ±20 % of the published median (issue 18)."""
LIFETIME_TOLERANCE = 0.05
"""Cumulative remission at 40 years within 5 points of the published lifetime figure (issue 18)."""


def target(substance: str) -> Target:
    if substance not in NESARC:
        raise unknown_name("substance with NESARC targets", substance, NESARC)
    return NESARC[substance]


def meets(substance: str, median_years: float, cumulative40: float) -> dict:
    """Whether a simulated median and 40-year cumulative remission meet the issue's tolerances."""
    t = target(substance)
    med_ok = abs(median_years - t.median_years) <= MEDIAN_TOLERANCE * t.median_years
    cum_ok = abs(cumulative40 - t.lifetime) <= LIFETIME_TOLERANCE
    return {"median_ok": bool(med_ok), "lifetime_ok": bool(cum_ok), "both": bool(med_ok and cum_ok)}
