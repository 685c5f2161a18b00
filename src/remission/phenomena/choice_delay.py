"""Delaying the drug shifts choice toward food.

Woolverton & Anderson 2006, Psychopharmacology 186:99.

Discrete-trial choice between a cocaine infusion delivered after 0–240 s and an immediate food
reward ("4 pellets"), same sampling/choice structure as :mod:`sweet_choice`. As in the monkey study,
the cocaine dose (1.0) is one that is chosen over food (0.5) at zero delay. Published: ≈100 %
cocaine choice at 0 s, falling with delay, 50 % at ≈64 s.
"""

from __future__ import annotations

import numpy as np

from remission.phenomena.base import (
    CHOICE_DAYS,
    Phenomenon,
    choice_steps,
    drug_share,
    make_score,
    register,
    within,
)
from remission.protocols import Paradigm

DELAYS = (0, 16, 32, 64, 128, 240)
DOSE, FOOD = 1.0, 0.5
GROUPS = {f"{d} s": Paradigm("sweet_vs_cocaine_choice", {"days": CHOICE_DAYS, "dose": DOSE,
                                                         "alternative": FOOD, "drug_delay": f"{d} s"})
          for d in DELAYS}


def indifference_delay(delays, shares) -> float:
    """First delay at which the cocaine share crosses 50 %, interpolated on log(1 + delay)."""
    x = np.log1p(np.asarray(delays, float))
    y = np.asarray(shares, float)
    for i in range(len(y) - 1):
        if y[i] >= 0.5 > y[i + 1]:
            f = (y[i] - 0.5) / (y[i] - y[i + 1])
            return float(np.expm1(x[i] + f * (x[i + 1] - x[i])))
    return float("nan")


def score(trials):
    shares = [float(np.nanmean(drug_share(choice_steps(trials, f"{d} s")))) for d in DELAYS]
    value = indifference_delay(DELAYS, shares)
    checks = {
        "≈100 % cocaine at 0 s (≥ 0.8)": shares[0] >= 0.8,
        "falls with delay (240 s ≤ 0 s − 0.3)": shares[-1] <= shares[0] - 0.3,
        "50 % at ≈64 s ([32, 128] s)": within(value, 32.0, 128.0),
    }
    sim = {f"{d} s": s for d, s in zip(DELAYS, shares)}
    return make_score(value, checks, sim, published={"0 s": 1.0, "64 s": 0.5})


CHOICE_DELAY = register(Phenomenon(
    id="choice_delay",
    title="Delay to the drug shifts choice toward food",
    citation="Woolverton & Anderson 2006, Psychopharmacology 186:99",
    readout="delay (s) at which cocaine choice falls to 50 %",
    target="≈100 % at 0 s, falling with delay; 50 % at ≈64 s",
    rule="share at 0 s ≥ 0.8; share at 240 s ≤ share at 0 s − 0.3; 50 % point in [32, 128] s",
    groups=GROUPS,
    score=score,
    bears_on_remission=False,
    kind="line",
    unit="cocaine choice share",
))
