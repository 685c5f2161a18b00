"""Voluntary abstinence by choosing palatable food does not stop incubation of craving.

Caprioli et al. 2015, Biol Psychiatry 78:463.

The ``incubation`` paradigm with palatable food as the alternative (``alternative_kind="food"``):
self-administration (10 × 1 h), then forced abstinence or 19 days of voluntary abstinence (daily
sessions of 20 discrete choice trials between the drug and food, magnitude 1), cue tests (1 h,
presses bring the cue) on abstinence day 1 and day 21, in separate groups. Published: the rats
abstain (they choose food), and cue-induced seeking on day 21 exceeds day 1 after both forced and
food-choice abstinence.
"""

from __future__ import annotations

from remission.phenomena.base import BIN, Phenomenon, register, total
from remission.phenomena.checks import SHARE, Greater, Within
from remission.protocols import Paradigm

TESTS = {"forced day 1": ("forced", 1), "forced day 21": ("forced", 21), "food day 21": ("choice", 21)}
GROUPS = {g: Paradigm("incubation", {"test_days": (day,), "abstinence": mode, "access": "short",
                                     "alternative": 1.0, "alternative_kind": "food",
                                     "choice_trials": 20, "choice_days": 19, "bin": BIN})
          for g, (mode, day) in TESTS.items()}


def measure(sessions):
    v = {g: total(sessions, g, f"cue_test_day{day}") for g, (_, day) in TESTS.items()}
    chosen = sessions[(sessions["group"] == "food day 21")
                      & (sessions["phase"] == "choice_before_day21")]
    made = chosen["drug_presses"].sum() + chosen["alternative_presses"].sum()
    v["food choice share"] = float(chosen["alternative_presses"].sum() / made) if made else 0.0
    return v


FOOD_CHOICE_ABSTINENCE = register(Phenomenon(
    id="food_choice_abstinence",
    title="Food-choice abstinence does not stop incubation",
    citation="Caprioli et al. 2015, Biol Psychiatry 78:463",
    doi=("10.1016/j.biopsych.2015.02.018",),
    readout="cue seeking after food-choice abstinence, day 21 / day 1",
    target="the rats abstain by choosing food; day 21 / day 1 > 1 under both forced and food-choice abstinence",
    groups=GROUPS,
    measure=measure,
    checks=(
        Within("the rats abstain (≥ 75 % food choices)", x="food choice share", target=0.9,
               low=0.75, high=1.0, domain=SHARE),
        Greater("forced abstinence incubates (day 21 > day 1)", a="forced day 21", b="forced day 1"),
        Greater("food-choice abstinence incubates (day 21 > day 1)", a="food day 21", b="forced day 1"),
    ),
    headline="food day 21",
    conditions=tuple(TESTS),
    tag="remission",
    needs=frozenset({"reward"}),
    unit="test presses / h",
))
