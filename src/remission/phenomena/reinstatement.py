"""Reinstatement of extinguished seeking by a drug prime, a drug cue or a stressor.

de Wit & Stewart 1981, Psychopharmacology 75:134; Shaham & Stewart 1995, Psychopharmacology
119:334; Ahmed & Koob 1997, Psychopharmacology 132:289; Meil & See 1996, Behav Pharmacol 7:754.

Self-administration (8 × 1 h), extinction (3 × 1 h), then a 1 h test under extinction: nothing
(the extinction baseline), a non-contingent prime (0.25), presses bringing back the infusion cue,
or footshock stress (0.5 mA) before the test. Food-seeking control: the same design with a food
lever whose pellet is worth what the training infusion is worth by the value convention (1),
tested with and without stress. Published: all three reinstate drug seeking — reinstated
responding is typically several times the extinction baseline, so each must exceed 1.5 × the
baseline — and stress reinstates cocaine but not food seeking (within ±10 % of trained food
responding).
"""

from __future__ import annotations

from remission.phenomena.base import BIN, EXTINCTION, SHORT_SA, Phenomenon, register, total
from remission.phenomena.checks import Equivalent, Greater
from remission.protocols import Paradigm

TRIGGERS = ("none", "prime", "cue", "stress")
FOOD = 1.0
_COMMON = {"training_sessions": SHORT_SA, "extinction_sessions": EXTINCTION, "bin": BIN}
GROUPS = {k: Paradigm("reinstatement", {"trigger": k, **_COMMON}) for k in TRIGGERS}
GROUPS |= {f"food {k}": Paradigm("reinstatement", {"trigger": k, "reinforcer": "food", "food": FOOD,
                                                    **_COMMON}) for k in ("none", "stress")}
NEEDS = {"prime": frozenset({"prime"}), "cue": frozenset(), "stress": frozenset({"stress"})}


def measure(sessions):
    v = {k: total(sessions, k, "test") for k in TRIGGERS}
    v |= {f"food {k}": total(sessions, f"food {k}", "test", "alternative_presses")
          for k in ("none", "stress")}
    v["food trained"] = total(sessions, "food none", "self_administration", "alternative_presses",
                              session=-1)
    v["smallest reinstatement"] = min(float(v[k].mean()) for k in TRIGGERS[1:]) - float(v["none"].mean())
    return v


REINSTATEMENT = register(Phenomenon(
    id="reinstatement",
    title="Drug prime, drug cue and stress reinstate extinguished seeking",
    citation="de Wit & Stewart 1981; Shaham & Stewart 1995; Ahmed & Koob 1997",
    doi=("10.1007/BF00432175", "10.1007/BF02246300", "10.1007/s002130050347"),
    readout="smallest reinstatement effect (test presses − extinction baseline), presses/h",
    target="all three reinstate; stress reinstates cocaine but not food seeking",
    groups=GROUPS,
    measure=measure,
    checks=(*(Greater(f"{k} reinstates (> 1.5 × baseline)", a=k, b="none", margin=0.5, needs=NEEDS[k])
              for k in TRIGGERS[1:]),
            Equivalent("stress spares food seeking", a="food stress", b="food none",
                       reference="food trained", margin=0.1, needs=frozenset({"stress"}))),
    headline="smallest reinstatement",
    conditions=(*TRIGGERS, "food none", "food stress"),
    tag="remission",
    unit="test presses / h",
))
