"""Depotentiation: reversing drug-evoked synaptic potentiation abolishes cue-induced seeking.

Pascoli et al. 2012, Nature 481:71; Pascoli et al. 2014, Nature 509:459.

Self-administration (10 × 1 h), 30 days of abstinence, then a 1 h cue test; the depotentiated
group receives optogenetic depotentiation of the cortico-accumbal input (intervention
``depotentiation``, magnitude 1 = full reversal) just before the test. Published: cue-induced
seeking reduced to abolished — the erasure arm of the seed question, done by hand. Rule:
depotentiated ≤ 0.75 × control. (Locomotor sensitisation is not simulated.)
"""

from __future__ import annotations

from remission.phenomena.base import BIN, Phenomenon, register, total
from remission.phenomena.checks import Greater
from remission.protocols import Paradigm

GAP = "30 days"
GROUPS = {g: Paradigm("depotentiation", {"magnitude": m, "gap": GAP, "bin": BIN})
          for g, m in (("control", 0.0), ("depotentiated", 1.0))}


def measure(sessions):
    v = {g: total(sessions, g, "test") for g in GROUPS}
    v["depotentiated / control"] = float(v["depotentiated"].mean() / max(v["control"].mean(), 1e-12))
    return v


DEPOTENTIATION = register(Phenomenon(
    id="depotentiation",
    title="Reversing drug-evoked potentiation abolishes cue-induced seeking",
    citation="Pascoli et al. 2012, Nature 481:71; Pascoli et al. 2014, Nature 509:459",
    doi=("10.1038/nature10709",),
    readout="cue-induced seeking, depotentiated / control",
    target="reduced / abolished",
    groups=GROUPS,
    measure=measure,
    checks=(Greater("seeking reduced (depotentiated ≤ 0.75 × control)", a="control",
                    b="depotentiated", margin=1 / 3),),
    headline="depotentiated / control",
    conditions=("control", "depotentiated"),
    tag="remission",
    needs=frozenset({"depotentiation"}),
    unit="test presses / h",
))
