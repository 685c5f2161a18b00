"""An addiction-like minority after long self-administration: three DSM-like criteria.

Deroche-Gamonet, Belin & Piazza 2004, Science 305:1014.

The ``addiction_criteria`` paradigm: 8 days, each of 1 h self-administration in context A (FR1,
cue) followed by a 10 min period signalled as drug-free (context N, lever presses bring nothing);
then a 1 h progressive-ratio session (Richardson & Roberts schedule, 30 s bins) and a 1 h session in which every infusion is
followed by a 0.2 mA footshock. Criteria, as in the paper, are being in the upper third of the
distribution of: (1) presses during the drug-free periods of the last 3 days; (2) PR infusions
(breakpoint); (3) punished infusions relative to the last 3 days' baseline. Subjects differ
(shared population). The paper's 3 months are compressed to 8 days (simulation budget). Published: 17 % meet all
three criteria, ≈41 % none (3.7 % and 30 % would be expected if the criteria were independent).
"""

from __future__ import annotations

import pandas as pd

from remission.errors import RemissionError
from remission.phenomena.base import BIN, Phenomenon, make_score, register, within
from remission.protocols import Paradigm

DAYS = 8
GROUPS = {"criteria": Paradigm("addiction_criteria", {"days": DAYS, "bin": BIN})}


def criteria(trials, group: str = "criteria") -> pd.DataFrame:
    """Per subject of ``group`` (a simulation of the ``addiction_criteria`` paradigm): the three
    criterion scores (drug-lever presses in the last 3 days' drug-free periods, PR infusions,
    punished infusions / mean of the last 3 days' infusions) and whether each is in the upper
    third of the group's distribution."""
    df = trials[trials["group"].astype(str) == group]
    phases = set(df["phase"].astype(str))
    days = sorted(int(p[3:]) for p in phases if p.startswith("day") and p[3:].isdigit())
    needed = {"progressive_ratio", "punishment"}
    if len(days) < 3 or not needed <= phases:
        raise RemissionError(f"group {group!r} lacks the phases of the 'addiction_criteria' paradigm "
                             f"(day<d>, day<d>_nodrug for 3+ days, progressive_ratio, punishment); "
                             f"simulate that paradigm")
    presses = (df["action"] == "drug").groupby([df["subject"], df["phase"]], observed=True).sum()
    infusions = (df["drug"] > 0).groupby([df["subject"], df["phase"]], observed=True).sum()
    last = [f"day{d}" for d in days[-3:]]
    base = infusions.unstack()[last].mean(axis=1)
    scores = pd.DataFrame({
        "persistence": presses.unstack()[[f"{d}_nodrug" for d in last]].sum(axis=1),
        "motivation": infusions.unstack()["progressive_ratio"],
        "resistance": infusions.unstack()["punishment"] / base.where(base > 0),
    }).fillna(0.0)
    positive = scores.rank(pct=True) > 2 / 3
    return scores.join(positive.add_suffix("_criterion"))


def score(trials):
    crit = criteria(trials)
    met = crit[[c for c in crit if c.endswith("_criterion")]].sum(axis=1)
    sim = {f"{k} criteria": float((met == k).mean()) for k in range(4)}
    checks = {
        "≈17 % meet all three ([0.08, 0.30])": within(sim["3 criteria"], 0.08, 0.30),
        "≈41 % meet none ([0.25, 0.60])": within(sim["0 criteria"], 0.25, 0.60),
    }
    published = {"0 criteria": 0.41, "1 criteria": 0.28, "2 criteria": 0.14, "3 criteria": 0.17}
    return make_score(sim["3 criteria"], checks, sim, published)


ADDICTION_MINORITY = register(Phenomenon(
    id="addiction_minority",
    title="An addiction-like minority meets all three criteria",
    citation="Deroche-Gamonet et al. 2004, Science 305:1014",
    readout="fraction of subjects meeting all 3 criteria",
    target="≈17 % (small minority; ≈41 % meet none)",
    rule="all three in [0.08, 0.30]; none in [0.25, 0.60]",
    groups=GROUPS,
    score=score,
    bears_on_remission=False,
    individual_differences=True,
    unit="fraction of subjects",
))
