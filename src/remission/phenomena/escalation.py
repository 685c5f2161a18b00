"""Escalation of drug intake with long daily access.

Ahmed & Koob 1998, Science 282:298.

Every rat first has 3 short-access (1 h) baseline sessions; then groups split into short access
(ShA, 1 h) and long access (LgA, 6 h) for 12 daily sessions (22 in the paper; escalation starts
near session 5). Cocaine FR1, 0.25 per infusion, 20 s time-out. Read-out: infusions in the first
hour of each session. Published: LgA intake rises above its baseline, ShA stays at its baseline,
and LgA ≈ 2 × ShA by the end. (Re-escalation after a month of abstinence is not scored here.)
"""

from __future__ import annotations

import numpy as np

from remission.phenomena.base import BIN, Phenomenon, register, total
from remission.phenomena.checks import Equivalent, Greater, Within
from remission.protocols import Paradigm

BASELINE, SESSIONS = 3, 12
ACCESS = {"ShA": "short", "LgA": "long"}
GROUPS = {g: Paradigm("escalation", {"access": a, "sessions": SESSIONS,
                                     "baseline_sessions": BASELINE, "bin": BIN})
          for g, a in ACCESS.items()}


def _first_hour(sessions, group, which) -> np.ndarray:
    """Per-subject mean first-hour infusions over the last baseline session or the first / last
    three escalation sessions."""
    if which == "baseline":
        return total(sessions, group, "baseline", "first_hour_infusions", session=-1)
    picks = range(3) if which == "early" else range(SESSIONS - 3, SESSIONS)
    return np.mean([total(sessions, group, "self_administration", "first_hour_infusions", session=s)
                    for s in picks], axis=0)


def measure(sessions):
    v = {f"{g} {w}": _first_hour(sessions, g, w) for g in ACCESS for w in ("baseline", "early", "late")}
    v["LgA / ShA late"] = float(np.mean(v["LgA late"]) / np.mean(v["ShA late"]))
    return v


ESCALATION = register(Phenomenon(
    id="escalation",
    title="Escalation of intake with long access",
    citation="Ahmed & Koob 1998, Science 282:298",
    doi=("10.1126/science.282.5387.298",),
    readout="first-hour infusions, LgA / ShA, last 3 sessions",
    target="LgA rises, ShA stable; LgA ≈ 2 × ShA at end",
    groups=GROUPS,
    measure=measure,
    checks=(
        Greater("LgA escalates (late > 1.3 × baseline)", a="LgA late", b="LgA baseline", margin=0.3),
        Equivalent("ShA stable (late within ±25 % of baseline)", a="ShA late", b="ShA baseline",
                   reference="ShA baseline", margin=0.25),
        Within("LgA ≈ 2 × ShA at end", x="LgA / ShA late", target=2.0, low=1.4, high=3.0),
    ),
    headline="LgA / ShA late",
    conditions=("ShA baseline", "ShA late", "LgA baseline", "LgA early", "LgA late"),
    tag="use",
    windows={"first_hour": (0.0, 60.0)},
    kind="bar",
    unit="first-hour infusions",
))
