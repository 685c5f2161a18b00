"""Spontaneous recovery: extinguished responding returns with the passage of time.

Rescorla 2004, Learn Mem 11:501; Bouton 2002, Biol Psychiatry 52:976.

Pavlovian acquisition and extinction in one context, then a 4-trial test 10 min (immediate) or
21 days (delayed) after extinction. Published benchmark ≈6.2 vs 0.2 responses/min: delayed ≫
immediate. Erasure predicts no recovery (nothing is left to recover).
"""

from __future__ import annotations

from remission.phenomena.base import Phenomenon, clearly_greater, make_score, pavlovian_cr, register
from remission.protocols import Paradigm

DELAYS = {"immediate": "10 min", "delayed": "21 days"}
GROUPS = {g: Paradigm("spontaneous_recovery", {"test_delay": gap, "pavlovian": True})
          for g, gap in DELAYS.items()}


def score(trials):
    cr = {g: pavlovian_cr(trials, g, "test") for g in DELAYS}
    acquired = pavlovian_cr(trials, "immediate", "acquisition", session=-1).mean()
    floor = 0.10 * abs(acquired)
    sim = {g: v.mean() for g, v in cr.items()}
    checks = {"delayed > immediate": clearly_greater(cr["delayed"], cr["immediate"], floor)}
    return make_score(sim["delayed"] - sim["immediate"], checks, sim,
                      published={"immediate": 0.2, "delayed": 6.2})


SPONTANEOUS_RECOVERY = register(Phenomenon(
    id="spontaneous_recovery",
    title="Return of extinguished responding with time",
    citation="Rescorla 2004, Learn Mem 11:501; Bouton 2002, Biol Psychiatry 52:976",
    readout="test CR, delayed (21 d) − immediate (10 min)",
    target="delayed ≫ immediate (≈6.2 vs 0.2 responses/min)",
    rule="delayed − immediate > 2 SE and > 10 % of acquired CR",
    groups=GROUPS,
    score=score,
    unit="test CR",
))
