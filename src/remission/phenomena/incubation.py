"""Incubation of craving: cue-induced seeking grows over weeks of forced abstinence.

Grimm et al. 2001, Nature 412:141; Lu et al. 2004, Neuropharmacology 47 Suppl 1:214.

Self-administration (10 × 1 h, each infusion paired with a cue), forced abstinence of 1 to 180
days, then a 1 h extinction test in which presses bring back the cue; separate groups per day
(between-subjects, as in Grimm et al.). Drug-primed seeking is tested after 1 and 60 days.
Published: minimal on day 1, several-fold by day 60, still elevated at 3 months, lower by
6 months; drug-primed seeking does not incubate.
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

DAYS = (1, 2, 4, 7, 15, 29, 60, 90, 180)
PRIME_DAYS = (1, 60)
PRIME = 1.0


def _day(d: int) -> str:
    return f"day {d}"


def _incubation(day: int, trigger: str) -> Paradigm:
    return Paradigm("incubation", {"test_days": (day,), "access": "short", "trigger": trigger,
                                   "magnitude": PRIME if trigger == "prime" else None, "bin": BIN})


GROUPS = {_day(d): _incubation(d, "cue") for d in DAYS}
GROUPS |= {f"prime {_day(d)}": _incubation(d, "prime") for d in PRIME_DAYS}


def score(trials):
    cue = {d: phase_total(trials, _day(d), f"cue_test_day{d}") for d in DAYS}
    prime = {d: phase_total(trials, f"prime {_day(d)}", f"prime_test_day{d}") for d in PRIME_DAYS}
    trained = phase_total(trials, _day(1), "self_administration", session=-1).mean()
    floor = 0.05 * trained
    sim = {_day(d): v.mean() for d, v in cue.items()}
    value = ratio(sim[_day(60)], sim[_day(1)])
    checks = {
        "day 60 ≥ 2 × day 1": bool(value >= 2.0) and clearly_greater(cue[60], cue[1], floor),
        "lower by 6 months": clearly_greater(cue[90] if sim[_day(90)] > sim[_day(60)] else cue[60],
                                             cue[180], floor),
        "primed seeking flat": not clearly_greater(prime[60], prime[1], floor),
    }
    return make_score(value, checks, sim,
                      note=f"primed seeking day 1 / day 60: {prime[1].mean():.3g} / "
                           f"{prime[60].mean():.3g} presses")


INCUBATION = register(Phenomenon(
    id="incubation",
    title="Incubation of cue-induced craving during abstinence",
    citation="Grimm et al. 2001, Nature 412:141; Lu et al. 2004",
    readout="cue-induced seeking, day 60 / day 1 of abstinence",
    target="minimal at day 1, several-fold by day 60, lower by 6 months; primed seeking flat",
    rule="day 60 ≥ 2 × day 1 (and > 2 SE); day 180 < peak (day 60 or 90); primed day 60 not > day 1",
    groups=GROUPS,
    score=score,
    kind="line",
    unit="test presses / h",
))
