"""Spontaneous recovery: extinguished responding returns with the passage of time.

Rescorla 2004, Learn Mem 11:501; Bouton 2002, Biol Psychiatry 52:976.

Pavlovian acquisition (10 × 10 tone–US pairings) and extinction (6 × 10 tones) in one context,
then a 4-trial test 10 min (immediate) or 21 days (delayed) after extinction. Read-out: mean test
CR. Published benchmark ≈6.2 vs 0.2 responses/min: delayed ≫ immediate. Erasure predicts no
recovery (nothing is left to recover). Rule: delayed − immediate above 10 % of the CR acquired by
the end of acquisition, so a difference around zero does not count.
"""

from __future__ import annotations

from remission.phenomena.base import Phenomenon, average, register
from remission.phenomena.checks import Greater
from remission.protocols import Paradigm

DELAYS = {"immediate": "10 min", "delayed": "21 days"}
GROUPS = {g: Paradigm("spontaneous_recovery", {"test_delay": gap, "pavlovian": True})
          for g, gap in DELAYS.items()}


def measure(sessions):
    v = {g: average(sessions, g, "test") for g in DELAYS}
    v["acquired"] = average(sessions, "immediate", "acquisition", session=-1)
    v["delayed − immediate"] = float(v["delayed"].mean() - v["immediate"].mean())
    return v


SPONTANEOUS_RECOVERY = register(Phenomenon(
    id="spontaneous_recovery",
    title="Return of extinguished responding with time",
    citation="Rescorla 2004, Learn Mem 11:501; Bouton 2002, Biol Psychiatry 52:976",
    doi=("10.1016/S0006-3223(02)01546-9",),
    readout="test CR, delayed (21 d) − immediate (10 min)",
    target="delayed ≫ immediate (≈6.2 vs 0.2 responses/min)",
    groups=GROUPS,
    measure=measure,
    checks=(
        Greater("delayed > immediate (by > 10 % of the acquired CR)", a="delayed", b="immediate",
                floor=0.10, reference="acquired"),
    ),
    headline="delayed − immediate",
    conditions=("immediate", "delayed"),
    tag="remission",
    readouts=("response",),
    unit="test CR",
))
