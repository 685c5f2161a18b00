"""Spontaneous recovery grows with the time since extinction. A finding outside
docs/PHENOMENA.md (tag ``outside``: never calibrated on).

Pavlov 1927 (Conditioned Reflexes, lecture IV); Robbins 1990, J Exp Psychol Anim Behav Process
16:235; Rescorla 2004, Learn Mem 11:501 (review: recovery increases with the retention interval).

The design of ``spontaneous_recovery`` (Pavlovian, 10 × 10 pairings, 6 × 10 tone-alone trials, a
4-trial test) tested 1, 7 or 21 days after extinction. Read-out: test CR. Published: the longer
the interval, the more responding recovers. Rule: 21 days > 1 day by more than 10 % of the CR
acquired by the end of acquisition, and 7 days not below 1 day.
"""

from __future__ import annotations

from remission.phenomena.base import Phenomenon, average, register
from remission.phenomena.checks import AtLeast, Greater
from remission.protocols import Paradigm

DELAYS = ("1 day", "7 days", "21 days")
GROUPS = {d: Paradigm("spontaneous_recovery", {"test_delay": d, "pavlovian": True}) for d in DELAYS}


def measure(sessions):
    v = {d: average(sessions, d, "test") for d in DELAYS}
    v["acquired"] = average(sessions, "1 day", "acquisition", session=-1)
    v["21 days − 1 day"] = float(v["21 days"].mean() - v["1 day"].mean())
    return v


RECOVERY_INTERVAL = register(Phenomenon(
    id="recovery_interval",
    title="Spontaneous recovery grows with the interval since extinction",
    citation="Pavlov 1927; Robbins 1990, J Exp Psychol Anim Behav Process 16:235; Rescorla 2004",
    doi=("10.1037/0097-7403.16.3.235", "10.1101/lm.77504"),
    readout="test CR, 21 days − 1 day after extinction",
    target="21 d > 7 d ≥ 1 d",
    groups=GROUPS,
    measure=measure,
    checks=(Greater("21 days > 1 day (by > 10 % of the acquired CR)", a="21 days", b="1 day",
                    floor=0.10, reference="acquired"),
            AtLeast("7 days ≥ 1 day", a="7 days", b="1 day")),
    headline="21 days − 1 day",
    conditions=DELAYS,
    tag="outside",
    readouts=("response",),
    unit="test CR",
))
