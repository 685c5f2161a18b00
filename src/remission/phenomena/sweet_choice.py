"""Most rats prefer sweet water to intravenous cocaine, whatever the dose.

Lenoir, Serre, Cantin & Ahmed 2007, PLoS ONE 2:e698.

Discrete-trial choice (paradigm ``sweet_vs_cocaine_choice``: each day 2 sampling trials of each
lever, then 10 choice trials, 10 min apart; 12 days) between cocaine 0.25 i.v. (worth one unit of
reward by the value convention) and 0.2 % saccharin (magnitude 1), and at a 6-fold higher cocaine
dose. A subject prefers saccharin when it takes it on more than half of its choices in the last 3
days. Published: 94 % of rats prefer saccharin, and raising the cocaine dose does not reverse it.
(Persistence after escalation is not scored here.)
"""

from __future__ import annotations

import numpy as np

from remission.phenomena.base import CHOICE_DAYS, Phenomenon, choice_share, register
from remission.phenomena.checks import SHARE, Within
from remission.protocols import Paradigm

HIGH_DOSE = 1.5
GROUPS = {"0.25 mg": Paradigm("sweet_vs_cocaine_choice", {"days": CHOICE_DAYS}),
          f"{HIGH_DOSE} mg": Paradigm("sweet_vs_cocaine_choice", {"days": CHOICE_DAYS, "dose": HIGH_DOSE})}


def sweet_preferring(sessions, group) -> float:
    """Share of subjects choosing saccharin on more than half of their last-3-day choices (a
    subject that never chose counts as not preferring it)."""
    share = choice_share(sessions, group)
    return float(np.mean(np.nan_to_num(share, nan=1.0) < 0.5))


def measure(sessions):
    return {g: sweet_preferring(sessions, g) for g in GROUPS}


SWEET_CHOICE = register(Phenomenon(
    id="sweet_choice",
    title="Most rats prefer sweet water to cocaine",
    citation="Lenoir et al. 2007, PLoS ONE 2:e698",
    doi=("10.1371/journal.pone.0000698",),
    readout="fraction of subjects preferring saccharin (0.25 mg)",
    target="94 %; not reversed by raising the cocaine dose",
    groups=GROUPS,
    measure=measure,
    checks=(
        Within("≈94 % prefer sweet", x="0.25 mg", target=0.94, low=0.80, high=1.0,
               domain=SHARE),
        Within("not reversed at a 6-fold dose", x=f"{HIGH_DOSE} mg", target=0.94, low=0.5, high=1.0,
               domain=SHARE),
    ),
    headline="0.25 mg",
    conditions=tuple(GROUPS),
    published={"0.25 mg": 0.94},
    tag="use",
    needs=frozenset({"reward"}),
    unit="fraction preferring sweet",
))
