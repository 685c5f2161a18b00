"""Choosing social interaction over the drug wins and prevents incubation of craving.

Venniro et al. 2018, Nat Neurosci 21:1520.

Design in :mod:`abstinence` (voluntary abstinence by choice of a peer over the drug). Published:
> 90 % social choices; cue-induced seeking incubates after forced abstinence (day 21 > day 1) but
not after social-choice abstinence.
"""

from __future__ import annotations

from remission.phenomena import abstinence
from remission.phenomena.base import Phenomenon, clearly_greater, make_score, ratio, register


def score(trials):
    tests, alt_share, floor = abstinence.readouts(trials)
    sim = {g: v.mean() for g, v in tests.items()}
    checks = {
        "> 90 % social choice (≥ 0.85)": alt_share >= 0.85,
        "forced abstinence incubates": clearly_greater(tests["forced day 21"], tests["forced day 1"], floor),
        "social choice prevents it": not clearly_greater(tests["choice day 21"], tests["forced day 1"], floor),
    }
    value = ratio(sim["choice day 21"], sim["forced day 1"])
    return make_score(value, checks, sim, note=f"social choice share {alt_share:.2f}")


SOCIAL_CHOICE = register(Phenomenon(
    id="social_choice",
    title="Social choice wins over the drug and prevents incubation",
    citation="Venniro et al. 2018, Nat Neurosci 21:1520",
    readout="cue seeking after social-choice abstinence, day 21 / day 1",
    target="> 90 % social; forced abstinence incubates, social-choice abstinence does not",
    rule="social share ≥ 0.85; forced day 21 > day 1; choice day 21 not > day 1 (> 2 SE, 5 % of SA)",
    groups=abstinence.GROUPS,
    score=score,
    unit="test presses / h",
))
