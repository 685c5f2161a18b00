"""Voluntary abstinence by choosing palatable food does not stop incubation of craving.

Caprioli et al. 2015, Biol Psychiatry 78:463.

Design in :mod:`abstinence` (19 days × 20 choice trials between the drug and palatable food).
Published: cue-induced seeking on day 21 exceeds day 1 after both forced and food-choice abstinence.
"""

from __future__ import annotations

from remission.phenomena import abstinence
from remission.phenomena.base import Phenomenon, clearly_greater, make_score, ratio, register


def score(trials):
    tests, alt_share, floor = abstinence.readouts(trials)
    sim = {g: v.mean() for g, v in tests.items()}
    checks = {
        "forced abstinence incubates": clearly_greater(tests["forced day 21"], tests["forced day 1"], floor),
        "food-choice abstinence incubates": clearly_greater(tests["choice day 21"], tests["forced day 1"],
                                                            floor),
    }
    value = ratio(sim["choice day 21"], sim["forced day 1"])
    return make_score(value, checks, sim, note=f"food choice share {alt_share:.2f}")


FOOD_CHOICE_ABSTINENCE = register(Phenomenon(
    id="food_choice_abstinence",
    title="Food-choice abstinence does not stop incubation",
    citation="Caprioli et al. 2015, Biol Psychiatry 78:463",
    readout="cue seeking after food-choice abstinence, day 21 / day 1",
    target="day 21 / day 1 > 1 under both forced and food-choice abstinence",
    rule="forced day 21 > day 1 and food-choice day 21 > day 1 (> 2 SE, > 5 % of SA rate)",
    groups=abstinence.GROUPS,
    score=score,
    unit="test presses / h",
))
