"""Depotentiation: reversing drug-evoked synaptic potentiation abolishes cue-induced seeking.

Pascoli et al. 2012, Nature 481:71; Pascoli et al. 2014, Nature 509:459.

Self-administration (10 × 1 h), 30 days of abstinence, then a 1 h cue test; the depotentiated
group receives optogenetic depotentiation of the cortico-accumbal input (intervention
``depotentiation``, magnitude 1 = full reversal) just before the test. Published: cue-induced
seeking reduced to abolished — the erasure arm of the seed question, done by hand.
(Locomotor sensitisation is not simulated.)
"""

from __future__ import annotations

from remission.phenomena.base import (
    BIN,
    Phenomenon,
    clearly_greater,
    make_score,
    phase_total,
    ratio,
    register,
)
from remission.protocols import Paradigm

GAP = "30 days"
GROUPS = {g: Paradigm("depotentiation", {"magnitude": m, "gap": GAP, "bin": BIN})
          for g, m in (("control", 0.0), ("depotentiated", 1.0))}


def score(trials):
    test = {g: phase_total(trials, g, "test") for g in ("control", "depotentiated")}
    trained = phase_total(trials, "control", "self_administration", session=-1).mean()
    sim = {g: v.mean() for g, v in test.items()}
    value = ratio(sim["depotentiated"], sim["control"])
    checks = {
        "seeking reduced ≥ 25 %": bool(value <= 0.75),
        "reduction > 2 SE": clearly_greater(test["control"], test["depotentiated"], 0.05 * trained),
    }
    return make_score(value, checks, sim)


DEPOTENTIATION = register(Phenomenon(
    id="depotentiation",
    title="Reversing drug-evoked potentiation abolishes cue-induced seeking",
    citation="Pascoli et al. 2012, Nature 481:71; Pascoli et al. 2014, Nature 509:459",
    readout="cue-induced seeking, depotentiated / control",
    target="reduced / abolished",
    rule="depotentiated ≤ 0.75 × control, difference > 2 SE and > 5 % of SA rate",
    groups=GROUPS,
    score=score,
    unit="test presses / h",
))
