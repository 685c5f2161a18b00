"""A compulsive minority: punishment resistance after an extended drug history.

Pelloux, Everitt & Dickinson 2007, Psychopharmacology 194:127; Vanderschuren & Everitt 2004,
Science 305:1017.

The seeking–taking chain is approximated by one FR1 drug lever (``punished_self_administration``).
Moderate history: 8 × 1 h self-administration; extended: 16 × 1 h (the paper's extended training was
longer still). Then 3 sessions in which each infusion is followed by footshock with probability
0.5 (0.5 mA). A subject is resistant if its last punished session keeps ≥ 50 % of its baseline
infusions (mean of the last 2 self-administration sessions). Published: after moderate history
nearly all are suppressed; after an extended one a resistant subgroup of ≈20 % remains.
"""

from __future__ import annotations

import numpy as np

from remission.phenomena.base import BIN, SHORT_SA, Phenomenon, register, total
from remission.phenomena.checks import SHARE, Within
from remission.protocols import Paradigm

HISTORY = {"moderate": SHORT_SA, "extended": 2 * SHORT_SA}
GROUPS = {g: Paradigm("punished_self_administration", {
    "shock_probability": 0.5, "intensity": 0.5, "training_sessions": n, "punished_sessions": 3,
    "bin": BIN}) for g, n in HISTORY.items()}


def resistant_fraction(sessions, group: str) -> float:
    n = HISTORY[group]
    base = np.mean([total(sessions, group, "self_administration", "infusions", session=s)
                    for s in (n - 2, n - 1)], axis=0)
    last = total(sessions, group, "punishment", "infusions", session=-1)
    kept = np.divide(last, base, out=np.zeros_like(last), where=base > 0)
    return float(np.mean(kept >= 0.5))


def measure(sessions):
    return {g: resistant_fraction(sessions, g) for g in HISTORY}


PUNISHMENT_RESISTANCE = register(Phenomenon(
    id="punishment_resistance",
    title="A punishment-resistant minority after extended drug history",
    citation="Pelloux et al. 2007, Psychopharmacology 194:127; Vanderschuren & Everitt 2004",
    doi=("10.1007/s00213-007-0805-0", "10.1126/science.1098975"),
    readout="fraction resistant to punishment (extended history)",
    target="moderate: nearly all suppressed; extended: ≈20 % resistant",
    groups=GROUPS,
    measure=measure,
    checks=(
        Within("moderate: nearly all suppressed", x="moderate", target=0.0, low=0.0, high=0.10,
               domain=SHARE),
        Within("extended: a ≈20 % resistant subgroup", x="extended", target=0.20, low=0.10, high=0.40,
               domain=SHARE),
    ),
    headline="extended",
    conditions=("moderate", "extended"),
    published={"moderate": 0.0, "extended": 0.2},
    tag="use",
    needs=frozenset({"shock"}),
    unit="fraction resistant",
))
