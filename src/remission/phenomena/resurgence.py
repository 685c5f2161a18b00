"""Resurgence: drug seeking extinguished while an alternative reward is available returns when
the alternative is withdrawn. A finding outside docs/PHENOMENA.md (tag ``outside``: never
calibrated on).

Winterbauer & Bouton 2010, J Exp Psychol Anim Behav Process 36:343; Podlesnik, Jimenez-Gomez &
Shahan 2006, Behav Pharmacol 17:369 (alcohol); Quick et al. 2011, Neuropsychopharmacology
36:1015 (cocaine).

Drug self-administration (8 × 1 h, FR1), then 5 sessions in which the drug lever is under
extinction and a second lever earns food (1 unit, FR1; ``resurgence``) or nothing (``control``),
then a test with both levers under extinction. Read-out: drug presses in the test minus the last
session before it. Published: drug seeking rises when the alternative is withdrawn, and not (or
much less) after plain extinction. Rule: in the resurgence group, test > last alternative session
by more than 10 % of the trained drug presses, and its rise exceeds the control's by as much.
"""

from __future__ import annotations

from remission.phenomena.base import BIN, SHORT_SA, Phenomenon, register, total
from remission.phenomena.checks import Greater
from remission.protocols import Paradigm

_COMMON = {"training_sessions": SHORT_SA, "alternative_sessions": 5, "bin": BIN}
GROUPS = {"resurgence": Paradigm("resurgence", {"alternative": 1.0, **_COMMON}),
          "control": Paradigm("resurgence", {"alternative": 0.0, **_COMMON})}


def measure(sessions):
    v = {}
    for g in GROUPS:
        v[f"{g} before"] = total(sessions, g, "alternative", session=-1)
        v[f"{g} test"] = total(sessions, g, "test")
        v[f"{g} rise"] = v[f"{g} test"] - v[f"{g} before"]
    v["trained"] = total(sessions, "resurgence", "self_administration", session=-1)
    v["rise − control"] = float(v["resurgence rise"].mean() - v["control rise"].mean())
    return v


RESURGENCE = register(Phenomenon(
    id="resurgence",
    title="Withdrawing an alternative reward brings back extinguished drug seeking",
    citation="Winterbauer & Bouton 2010; Podlesnik et al. 2006; Quick et al. 2011",
    readout="drug presses, test − last session with the alternative (resurgence − control)",
    target="drug seeking rises when the alternative is withdrawn, not after plain extinction",
    groups=GROUPS,
    measure=measure,
    checks=(Greater("resurgence test > before (by > 10 % of trained presses)", a="resurgence test",
                    b="resurgence before", floor=0.10, reference="trained"),
            Greater("rise > control's rise (by > 10 % of trained presses)", a="resurgence rise",
                    b="control rise", floor=0.10, reference="trained")),
    headline="rise − control",
    conditions=("resurgence rise", "control rise"),
    tag="outside",
    needs=frozenset({"reward"}),
    unit="drug presses / h",
))
