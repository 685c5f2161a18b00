"""An addiction-like minority after long self-administration: three DSM-like criteria.

Deroche-Gamonet, Belin & Piazza 2004, Science 305:1014.

The ``addiction_criteria`` paradigm: 8 days, each of 1 h self-administration in context A (FR1,
cue) followed by a 10 min period signalled as drug-free (context N, lever presses bring nothing);
then a 1 h progressive-ratio session (Richardson & Roberts schedule, 30 s bins) and a 1 h session
in which every infusion is followed by a 0.2 mA footshock. As in the paper, a rat meets a
criterion when its score is in the 40 % highest of the population's distribution: (1) persistence,
presses during the drug-free periods of the last 3 days; (2) motivation, PR infusions (breakpoint);
(3) compulsivity, punished infusions relative to the last 3 days' baseline. The paper's 3 months
are compressed to 8 days (simulation budget). Published: ≈17 % meet all three criteria, ≈41 %
none; with independent criteria 6.4 % and 21.6 % would (0.4³, 0.6³), so the criteria co-occur in a
vulnerable minority.

The tolerance bands are binomial: p ± 2·√(p(1 − p)/n) for the published share p of n rats. The
paper's n is not in our sources (its abstract only), so n is the smallest number of rats whose whole
counts round to all four published percentages (41/28/14/17 %: 12, 8, 4 and 5 of 29 rats). The true
n cannot be smaller; a larger one would narrow the bands, so these are the widest that the published
numbers justify.
"""

from __future__ import annotations

import itertools
import math

import pandas as pd

from remission.errors import RemissionError
from remission.phenomena.base import BIN, Phenomenon, register
from remission.phenomena.checks import SHARE, Within
from remission.protocols import Paradigm

DAYS = 8
TOP = 0.40
"""Share of the population above each criterion's cut (the paper's "40 % highest percentile")."""
GROUPS = {"criteria": Paradigm("addiction_criteria", {"days": DAYS, "bin": BIN})}
PUBLISHED = {"0 criteria": 0.41, "1 criteria": 0.28, "2 criteria": 0.14, "3 criteria": 0.17}
"""Shares of rats meeting 0-3 criteria (Deroche-Gamonet et al. 2004, Fig. 3), to whole percent."""


def smallest_consistent_n(shares: dict[str, float], largest: int = 500) -> int:
    """The fewest subjects whose whole counts, summing to n, round to every published percentage."""
    percents = [round(100 * p) for p in shares.values()]
    for n in range(1, largest + 1):
        counts = [[k for k in range(n + 1) if round(100 * k / n) == p] for p in percents]
        if any(sum(c) == n for c in itertools.product(*counts)):
            return n
    raise ValueError(f"no n <= {largest} gives the percentages {percents}")


N_RATS = smallest_consistent_n(PUBLISHED)


def binomial_band(p: float, n: int = N_RATS) -> tuple[float, float]:
    """p ± 2 binomial standard errors √(p(1 − p)/n), clipped to [0, 1]."""
    half = 2.0 * math.sqrt(p * (1.0 - p) / n)
    return max(0.0, p - half), min(1.0, p + half)


def _within(label: str, x: str) -> Within:
    low, high = binomial_band(PUBLISHED[x])
    return Within(label, x=x, target=PUBLISHED[x], low=round(low, 3), high=round(high, 3),
                  domain=SHARE)


def criteria(sessions, group: str = "criteria") -> pd.DataFrame:
    """Per subject of ``group`` (a simulation of the ``addiction_criteria`` paradigm, as a session
    table): the three criterion scores and whether each is in the top :data:`TOP` of the group."""
    df = sessions[sessions["group"].astype(str) == group]
    phases = set(df["phase"].astype(str))
    days = sorted(int(p[3:]) for p in phases if p.startswith("day") and p[3:].isdigit())
    if len(days) < 3 or not {"progressive_ratio", "punishment"} <= phases:
        raise RemissionError(f"group {group!r} lacks the phases of the 'addiction_criteria' paradigm "
                             f"(day<d>, day<d>_nodrug for 3+ days, progressive_ratio, punishment); "
                             f"simulate that paradigm")
    per = df.groupby(["subject", "phase"], observed=True)[["drug_presses", "infusions"]].sum()
    presses, infusions = per["drug_presses"].unstack(), per["infusions"].unstack()
    last = [f"day{d}" for d in days[-3:]]
    base = infusions[last].mean(axis=1)
    scores = pd.DataFrame({
        "persistence": presses[[f"{d}_nodrug" for d in last]].sum(axis=1),
        "motivation": infusions["progressive_ratio"],
        "resistance": infusions["punishment"] / base.where(base > 0),
    }).fillna(0.0)
    positive = scores.rank(pct=True, method="min") > 1.0 - TOP  # a tie at the cut is left out
    return scores.join(positive.add_suffix("_criterion"))


def measure(sessions):
    crit = criteria(sessions)
    met = crit[[c for c in crit if c.endswith("_criterion")]].sum(axis=1)
    return {f"{k} criteria": float((met == k).mean()) for k in range(4)}


ADDICTION_MINORITY = register(Phenomenon(
    id="addiction_minority",
    title="An addiction-like minority meets all three criteria",
    citation="Deroche-Gamonet et al. 2004, Science 305:1014",
    doi=("10.1126/science.1099020",),
    readout="fraction of subjects meeting all 3 criteria",
    target="≈17 % (small minority; ≈41 % meet none)",
    groups=GROUPS,
    measure=measure,
    checks=(
        _within("≈17 % meet all three", "3 criteria"),
        _within("≈41 % meet none", "0 criteria"),
        _within("≈28 % meet one", "1 criteria"),
    ),
    headline="3 criteria",
    conditions=("0 criteria", "1 criteria", "2 criteria", "3 criteria"),
    published=PUBLISHED,
    tag="use",
    needs=frozenset({"shock"}),
    unit="fraction of subjects",
))
