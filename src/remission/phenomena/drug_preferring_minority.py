"""A drug-preferring minority whose size depends on the drug and on the history of use.

Cantin et al. 2010, PLoS ONE 5:e11592; Lenoir et al. 2013, Neuropsychopharmacology 38:1209;
Augier et al. 2018, Science 360:1321.

The same discrete-trial choice as :mod:`sweet_choice`, after limited history (choice only) or after
12 days of 6 h long-access self-administration. The models have no drug identity: the limited arm
tests the cocaine/alcohol minority (< 15 %), the extended arm the heroin result (11 % → 51 % after
extended access). Subjects differ (shared population).
"""

from __future__ import annotations

from remission.phenomena.base import (
    BIN,
    CHOICE_DAYS,
    Phenomenon,
    choice_steps,
    drug_share,
    make_score,
    register,
    within,
)
from remission.protocols import Paradigm

GROUPS = {"choice": Paradigm("sweet_vs_cocaine_choice", {"days": CHOICE_DAYS}),
          "extended access": Paradigm("sweet_vs_cocaine_choice", {
              "days": CHOICE_DAYS, "prior_sessions": 12, "prior_access": "long", "bin": BIN})}


def drug_preferring(trials, group) -> float:
    share = drug_share(choice_steps(trials, group))
    return float((share > 0.5).mean())


def score(trials):
    sim = {"limited": drug_preferring(trials, "choice"),
           "extended": drug_preferring(trials, "extended access")}
    checks = {
        "limited history: minority ≤ 15 %": within(sim["limited"], 0.0, 0.15),
        "extended access raises it by ≥ 15 points": sim["extended"] - sim["limited"] >= 0.15,
    }
    return make_score(sim["limited"], checks, sim, published={"limited": 0.11, "extended": 0.51})


DRUG_PREFERRING_MINORITY = register(Phenomenon(
    id="drug_preferring_minority",
    title="A drug-preferring minority that grows with extended access",
    citation="Cantin et al. 2010; Lenoir et al. 2013; Augier et al. 2018",
    readout="fraction of subjects preferring the drug (limited history)",
    target="cocaine < 15 %; heroin 11 % → 51 % with extended access; alcohol ≈15 %",
    rule="limited ≤ 0.15; extended − limited ≥ 0.15",
    groups=GROUPS,
    score=score,
    bears_on_remission=False,
    individual_differences=True,
    unit="fraction preferring drug",
))
