"""Choosing social interaction over the drug wins and prevents incubation of craving.

Venniro et al. 2018, Nat Neurosci 21:1520.

The ``incubation`` paradigm with a peer as the alternative (``alternative_kind="social"``):
self-administration (10 × 1 h, infusions paired with a cue), then forced abstinence or voluntary
abstinence — daily sessions of 20 discrete choice trials (10 min apart) between the drug and
access to a peer (magnitude 1: worth one training dose by the value convention) on every day before
the test. Cue tests (1 h, presses bring the cue) on abstinence day 1 and day 21, in separate
groups. Published: > 90 % social choices; cue-induced seeking incubates after forced abstinence
(day 21 > day 1) but not after social-choice abstinence.
"""

from __future__ import annotations

from remission.phenomena.base import BIN, Phenomenon, register, total
from remission.phenomena.checks import SHARE, Equivalent, Greater, Within
from remission.protocols import Paradigm

TESTS = {"forced day 1": ("forced", 1), "forced day 21": ("forced", 21), "social day 21": ("choice", 21)}
GROUPS = {g: Paradigm("incubation", {"test_days": (day,), "abstinence": mode, "access": "short",
                                     "alternative": 1.0, "alternative_kind": "social",
                                     "choice_trials": 20, "bin": BIN})
          for g, (mode, day) in TESTS.items()}


def measure(sessions):
    v = {g: total(sessions, g, f"cue_test_day{day}") for g, (_, day) in TESTS.items()}
    chosen = sessions[(sessions["group"] == "social day 21")
                      & (sessions["phase"] == "choice_before_day21")]
    made = chosen["drug_presses"].sum() + chosen["alternative_presses"].sum()
    v["social choice share"] = float(chosen["alternative_presses"].sum() / made) if made else 0.0
    return v


SOCIAL_CHOICE = register(Phenomenon(
    id="social_choice",
    title="Social choice wins over the drug and prevents incubation",
    citation="Venniro et al. 2018, Nat Neurosci 21:1520",
    doi=("10.1038/s41593-018-0246-6",),
    readout="cue seeking after social-choice abstinence, day 21 / day 1",
    target="> 90 % social; forced abstinence incubates, social-choice abstinence does not",
    groups=GROUPS,
    measure=measure,
    checks=(
        Within("> 90 % social choices", x="social choice share", target=0.95, low=0.85, high=1.0,
               domain=SHARE),
        Greater("forced abstinence incubates (day 21 > day 1)", a="forced day 21", b="forced day 1"),
        Equivalent("social-choice abstinence does not (day 21 within ±25 % of day 1)",
                   a="social day 21", b="forced day 1", reference="forced day 1", margin=0.25),
    ),
    headline="social day 21",
    conditions=tuple(TESTS),
    tag="remission",
    needs=frozenset({"reward"}),
    unit="test presses / h",
))
