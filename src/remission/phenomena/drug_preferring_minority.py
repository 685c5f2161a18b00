"""A drug-preferring minority whose size depends on the drug and on the history of use.

Cantin et al. 2010, PLoS ONE 5:e11592; Lenoir et al. 2013, Neuropsychopharmacology 38:1209;
Augier et al. 2018, Science 360:1321.

The same discrete-trial choice as :mod:`sweet_choice` against saccharin, after limited history
(choice only) or after 12 days of 6 h long-access self-administration, for cocaine and for heroin
(protocols name the drug). Published: cocaine-preferring rats are a minority (< 15 %) and extended
access barely changes it; with heroin, 11 % after limited access → 51 % after extended access.
A model that does not tell drugs apart (``Model.perceives`` without ``substance``) treats heroin as
cocaine, so the heroin check is not applicable to it.
"""

from __future__ import annotations

import numpy as np

from remission.phenomena.base import BIN, CHOICE_DAYS, Phenomenon, choice_share, register
from remission.phenomena.checks import SHARE, Within
from remission.protocols import Paradigm


def _choice(substance: str, extended: bool) -> Paradigm:
    history = {"prior_sessions": 12, "prior_access": "long", "bin": BIN} if extended else {}
    return Paradigm("sweet_vs_cocaine_choice", {"days": CHOICE_DAYS, "substance": substance, **history})


GROUPS = {f"{s} {h}": _choice(s, h == "extended") for s in ("cocaine", "heroin")
          for h in ("limited", "extended")}


def drug_preferring(sessions, group) -> float:
    share = choice_share(sessions, group)
    return float(np.mean(np.nan_to_num(share, nan=0.0) > 0.5))


def measure(sessions):
    v = {g: drug_preferring(sessions, g) for g in GROUPS}
    v["heroin: extended − limited"] = v["heroin extended"] - v["heroin limited"]
    return v


DRUG_PREFERRING_MINORITY = register(Phenomenon(
    id="drug_preferring_minority",
    title="A drug-preferring minority that grows with extended heroin access",
    citation="Cantin et al. 2010; Lenoir et al. 2013; Augier et al. 2018",
    doi=("10.1371/journal.pone.0011592", "10.1038/npp.2013.17", "10.1126/science.aao1157"),
    readout="fraction of subjects preferring cocaine (limited history)",
    target="cocaine < 15 %; heroin 11 % → 51 % with extended access; alcohol ≈15 %",
    groups=GROUPS,
    measure=measure,
    checks=(
        Within("cocaine: a minority (< 15 %)", x="cocaine limited", target=0.10, low=0.0, high=0.15,
               domain=SHARE),
        Within("cocaine: still a minority after extended access", x="cocaine extended",
               target=0.15, low=0.0, high=0.25, domain=SHARE),
        Within("heroin: +40 points with extended access", x="heroin: extended − limited",
               target=0.40, low=0.20, high=0.60, needs=frozenset({"substance"})),
    ),
    headline="cocaine limited",
    conditions=tuple(GROUPS),
    published={"cocaine limited": 0.11, "heroin limited": 0.11, "heroin extended": 0.51},
    tag="use",
    needs=frozenset({"reward"}),
    unit="fraction preferring the drug",
))
