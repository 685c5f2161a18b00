"""Delaying the drug shifts choice toward food.

Woolverton & Anderson 2006, Psychopharmacology 186:99.

Discrete-trial choice between a cocaine infusion delivered after 0–240 s and an immediate food
reward ("4 pellets"), same sampling/choice structure as :mod:`sweet_choice`. As in the monkey study,
the cocaine dose (1.0, worth four food units by the value convention) is one chosen over food (0.5)
at zero delay. Published: ≈100 % cocaine choice at 0 s, falling with delay, 50 % at ≈64 s.
"""

from __future__ import annotations

import math

import numpy as np

from remission.phenomena.base import CHOICE_DAYS, Phenomenon, choice_share, register
from remission.phenomena.checks import SHARE, Greater, Within
from remission.protocols import Paradigm

DELAYS = (0, 16, 32, 64, 128, 240)
DOSE, FOOD = 1.0, 0.5
GROUPS = {f"{d} s": Paradigm("sweet_vs_cocaine_choice", {
    "days": CHOICE_DAYS, "dose": DOSE, "alternative": FOOD, "alternative_kind": "food",
    "drug_delay": f"{d} s"}) for d in DELAYS}


def indifference_delay(delays, shares) -> float:
    """First delay at which the cocaine share crosses 50 %, interpolated on log(1 + delay)."""
    x = np.log1p(np.asarray(delays, float))
    y = np.asarray(shares, float)
    for i in range(len(y) - 1):
        if y[i] >= 0.5 > y[i + 1]:
            f = (y[i] - 0.5) / (y[i] - y[i + 1])
            return float(np.expm1(x[i] + f * (x[i + 1] - x[i])))
    return math.nan


def measure(sessions):
    v = {f"{d} s": choice_share(sessions, f"{d} s") for d in DELAYS}
    delay = indifference_delay(DELAYS, [np.nanmean(v[f"{d} s"]) for d in DELAYS])
    v["log2 indifference delay"] = math.log2(delay) if delay > 0 else math.nan
    v["indifference delay (s)"] = delay
    return v


CHOICE_DELAY = register(Phenomenon(
    id="choice_delay",
    title="Delay to the drug shifts choice toward food",
    citation="Woolverton & Anderson 2006, Psychopharmacology 186:99",
    doi=("10.1007/s00213-006-0355-x",),
    readout="delay (s) at which cocaine choice falls to 50 %",
    target="≈100 % at 0 s, falling with delay; 50 % at ≈64 s",
    groups=GROUPS,
    measure=measure,
    checks=(
        Within("≈100 % cocaine at 0 s", x="0 s", target=1.0, low=0.8, high=1.0, domain=SHARE),
        Greater("choice falls with delay (0 s > 240 s)", a="0 s", b="240 s", floor=0.3, reference="0 s"),
        Within("50 % at ≈64 s (within an octave)", x="log2 indifference delay", target=6.0, low=5.0,
               high=7.0),
    ),
    headline="indifference delay (s)",
    conditions=tuple(f"{d} s" for d in DELAYS),
    published={"0 s": 1.0, "64 s": 0.5},
    tag="use",
    needs=frozenset({"reward", "delay"}),
    kind="line",
    unit="cocaine choice share",
))
