"""Escalation of drug intake with long daily access.

Ahmed & Koob 1998, Science 282:298.

Cocaine self-administration (FR1, 0.25 mg per infusion, 20 s time-out) in 1 h (short access, ShA)
or 6 h (long access, LgA) daily sessions; 12 sessions here (22 in the paper; escalation starts near
session 5). Read-out: infusions in the first hour of each session. Published: LgA intake rises,
ShA stays stable, LgA ≈ 2 × ShA by the end. (Re-escalation after a month of abstinence is not
scored here.)
"""

from __future__ import annotations

from remission.phenomena.base import BIN, Phenomenon, make_score, ratio, register, within
from remission.protocols import Paradigm

SESSIONS = 12
ACCESS = {"ShA": "short", "LgA": "long"}
FIRST_HOUR_STEPS = 60  # 60 s bins

GROUPS = {g: Paradigm("self_administration", {"access": a, "sessions": SESSIONS, "bin": BIN})
          for g, a in ACCESS.items()}


def first_hour_intake(trials, group):
    """Mean first-hour infusions per session (over subjects), indexed by session."""
    df = trials[(trials["group"] == group) & (trials["trial"] < FIRST_HOUR_STEPS)]
    per = (df["drug"] > 0).groupby([df["subject"], df["session"]]).sum()
    return per.groupby(level="session").mean()


def score(trials):
    intake = {g: first_hour_intake(trials, g) for g in ACCESS}
    early = {g: v.iloc[:3].mean() for g, v in intake.items()}
    late = {g: v.iloc[-3:].mean() for g, v in intake.items()}
    value = ratio(late["LgA"], late["ShA"])
    checks = {
        "LgA rises (late ≥ 1.3 × early)": ratio(late["LgA"], early["LgA"]) >= 1.3,
        "ShA stable (late / early in [0.8, 1.25])": within(ratio(late["ShA"], early["ShA"]), 0.8, 1.25),
        "LgA ≈ 2 × ShA at end ([1.4, 3])": within(value, 1.4, 3.0),
    }
    sim = {"ShA early": early["ShA"], "ShA late": late["ShA"],
           "LgA early": early["LgA"], "LgA late": late["LgA"]}
    published = {"ShA early": 1.0, "ShA late": 1.0, "LgA early": 1.0, "LgA late": 2.0}
    return make_score(value, checks, sim, published)


ESCALATION = register(Phenomenon(
    id="escalation",
    title="Escalation of intake with long access",
    citation="Ahmed & Koob 1998, Science 282:298",
    readout="first-hour infusions, LgA / ShA, last 3 sessions",
    target="LgA rises, ShA stable; LgA ≈ 2 × ShA at end",
    rule="LgA late/early ≥ 1.3; ShA late/early in [0.8, 1.25]; LgA/ShA late in [1.4, 3]",
    groups=GROUPS,
    score=score,
    bears_on_remission=False,
    unit="first-hour infusions",
))
