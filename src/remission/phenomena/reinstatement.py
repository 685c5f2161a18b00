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

from remission.phenomena import designs
from remission.phenomena.base import Phenomenon, clearly_greater, make_score, phase_total, register
from remission.protocols.registry import INACTIVE
from remission.protocols.schema import Duration, Option, Outcome, Phase, Protocol, Schedule

KINDS = ("none", "prime", "cue", "stress")
FOOD = 0.25


def drug_protocol(kind: str) -> Protocol:
    return Protocol(name=f"reinstatement_{kind}", description=f"SA, extinction, {kind} test",
                    phases=[designs.sa(sessions=designs.SHORT_SA), designs.extinction(),
                            designs.test(kind, magnitude=designs.DOSE if kind == "prime" else 0.5)])


def food_protocol(kind: str) -> Protocol:
    lever = Option(name="alternative",
                   schedule=Schedule(ratio=1, timeout=Duration.model_validate("20 s")),
                   outcome=Outcome(reward=FOOD, cue="food_cue"))
    off = Option(name="alternative")
    ext = dict(session_length="1 h", bin=designs.BIN, options=[off, INACTIVE])
    test = dict(ext, interventions=designs.test(kind, magnitude=0.5).interventions)
    return Protocol(name=f"food_reinstatement_{kind}", description=f"food SA, extinction, {kind} test",
                    phases=[Phase(name="self_administration", sessions=designs.SHORT_SA,
                                  session_length="1 h", bin=designs.BIN, options=[lever, INACTIVE]),
                            Phase(name="extinction", sessions=designs.EXTINCTION, **ext),
                            Phase(name="test", **test)])


def groups():
    out = {k: drug_protocol(k) for k in KINDS}
    out |= {f"food_{k}": food_protocol(k) for k in ("none", "stress")}
    return out


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
    groups=groups,
    score=score,
    unit="test presses / h",
))
