"""Most rats prefer sweet water to intravenous cocaine.

Lenoir, Serre, Cantin & Ahmed 2007, PLoS ONE 2:e698.

Discrete-trial choice (paradigm ``sweet_vs_cocaine_choice``: each day 2 sampling trials of each
lever, then 10 choice trials, 10 min apart; 12 days) between cocaine 0.25 mg i.v. and 0.2 % saccharin
(magnitude 1), and at a 6-fold higher cocaine dose. Subjects differ (drug value, shock cost and
choice temperature drawn from the shared population). A subject prefers saccharin when it takes
it on more than half of its choices in the last 3 days. Published: 94 % of rats prefer saccharin,
and raising the cocaine dose does not reverse it. (Persistence after escalation is not scored.)
"""

from __future__ import annotations

from remission.phenomena.base import (
    CHOICE_DAYS,
    Phenomenon,
    choice_steps,
    drug_share,
    make_score,
    register,
    within,
)
from remission.protocols import Paradigm

HIGH_DOSE = 1.5
GROUPS = {"choice": Paradigm("sweet_vs_cocaine_choice", {"days": CHOICE_DAYS}),
          "choice high dose": Paradigm("sweet_vs_cocaine_choice", {"days": CHOICE_DAYS,
                                                                  "dose": HIGH_DOSE})}


def sweet_preferring(trials, group) -> float:
    """Fraction of subjects choosing the alternative on > 50 % of their last-3-day choices."""
    share = drug_share(choice_steps(trials, group))
    return float((share < 0.5).mean())


def score(trials):
    sim = {"0.25 mg": sweet_preferring(trials, "choice"),
           f"{HIGH_DOSE} mg": sweet_preferring(trials, "choice high dose")}
    checks = {
        "≈94 % prefer sweet ([0.8, 1])": within(sim["0.25 mg"], 0.8, 1.0),
        "not reversed at high dose (> 50 %)": sim[f"{HIGH_DOSE} mg"] > 0.5,
    }
    return make_score(sim["0.25 mg"], checks, sim, published={"0.25 mg": 0.94})


SWEET_CHOICE = register(Phenomenon(
    id="sweet_choice",
    title="Most rats prefer sweet water to cocaine",
    citation="Lenoir et al. 2007, PLoS ONE 2:e698",
    readout="fraction of subjects preferring saccharin",
    target="94 %; not reversed by raising the cocaine dose",
    rule="fraction in [0.8, 1] at 0.25 mg; > 0.5 at 1.5 mg",
    groups=GROUPS,
    score=score,
    bears_on_remission=False,
    individual_differences=True,
    unit="fraction preferring sweet",
))
