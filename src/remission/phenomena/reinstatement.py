"""Reinstatement of extinguished seeking by a drug prime, a drug cue or a stressor.

de Wit & Stewart 1981, Psychopharmacology 75:134; Shaham & Stewart 1995, Psychopharmacology
119:334; Ahmed & Koob 1997, Psychopharmacology 132:289; Meil & See 1996, Behav Pharmacol 7:754.

Self-administration (8 × 1 h), extinction (3 × 1 h), then a 1 h test under extinction: nothing
(baseline), a non-contingent prime, presses bringing back the infusion cue, or footshock stress
before the test. Food-seeking control: the same design with a food lever whose pellet is worth
what the drug infusion is worth at the default drug value (0.25), tested with and without stress.
Published: all three reinstate drug seeking; stress reinstates cocaine but not food seeking.
"""

from __future__ import annotations

from remission.phenomena.base import (
    BIN,
    EXTINCTION,
    SHORT_SA,
    Phenomenon,
    clearly_greater,
    make_score,
    phase_total,
    register,
)
from remission.protocols import Paradigm

KINDS = ("none", "prime", "cue", "stress")
FOOD = 0.25
_COMMON = {"training_sessions": SHORT_SA, "extinction_sessions": EXTINCTION, "bin": BIN}
GROUPS = {k: Paradigm("reinstatement", {"trigger": k, **_COMMON}) for k in KINDS}
GROUPS |= {f"food_{k}": Paradigm("reinstatement", {"trigger": k, "reinforcer": "food", "food": FOOD,
                                                    **_COMMON}) for k in ("none", "stress")}


def score(trials):
    test = {k: phase_total(trials, k, "test") for k in KINDS}
    food = {k: phase_total(trials, f"food_{k}", "test", lever="alternative") for k in ("none", "stress")}
    trained = phase_total(trials, "none", "self_administration", session=-1).mean()
    floor = 0.05 * trained
    checks = {f"{k} reinstates": clearly_greater(test[k], test["none"], floor) for k in KINDS[1:]}
    checks["stress spares food seeking"] = not clearly_greater(food["stress"], food["none"],
                                                               floor)
    sim = {k: v.mean() for k, v in test.items()} | {f"food {k}": v.mean() for k, v in food.items()}
    value = min(sim[k] for k in KINDS[1:]) - sim["none"]
    return make_score(value, checks, sim)


REINSTATEMENT = register(Phenomenon(
    id="reinstatement",
    title="Drug prime, drug cue and stress reinstate extinguished seeking",
    citation="de Wit & Stewart 1981; Shaham & Stewart 1995; Ahmed & Koob 1997",
    readout="smallest reinstatement effect (test presses − no-trigger test), presses/h",
    target="all three reinstate; stress reinstates cocaine but not food seeking",
    rule="prime, cue and stress tests each > no-trigger test (> 2 SE, > 5 % of SA rate); "
         "stress does not raise food seeking",
    groups=GROUPS,
    score=score,
    unit="test presses / h",
))
