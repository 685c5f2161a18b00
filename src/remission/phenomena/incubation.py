"""Incubation of craving: cue-induced seeking grows over weeks of forced abstinence.

Grimm, Hope, Wise & Shaham 2001, Nature 412:141; Lu et al. 2004, Neuropharmacology 47 Suppl 1:214.

Self-administration (10 × 1 h, each infusion paired with a cue), forced abstinence of 1 to 180
days, then a 1 h extinction test in which presses bring back the cue; separate groups per day
(between-subjects, as in Grimm et al.). Drug-primed seeking (a non-contingent dose before the test)
after 1 and 60 days. Read-out: presses in the first 10 minutes of the test, before extinction
within the test dilutes the difference the abstinence made. Published: minimal on day 1,
several-fold by day 60 (≥ 2 ×), still elevated at 3 months, lower by 6 months; drug-primed
seeking does not incubate (day 60 within ±25 % of day 1).
"""

from __future__ import annotations

from remission.phenomena.base import BIN, Phenomenon, register, total
from remission.phenomena.checks import Equivalent, Greater
from remission.protocols import Paradigm

DAYS = (1, 2, 4, 7, 15, 29, 60, 90, 180)
PRIME_DAYS = (1, 60)
PRIME = 1.0
EARLY = (0.0, 10.0)


def _day(d: int) -> str:
    return f"day {d}"


def _incubation(day: int, trigger: str) -> Paradigm:
    return Paradigm("incubation", {"test_days": (day,), "access": "short", "trigger": trigger,
                                   "magnitude": PRIME if trigger == "prime" else None, "bin": BIN})


GROUPS = {_day(d): _incubation(d, "cue") for d in DAYS}
GROUPS |= {f"prime {_day(d)}": _incubation(d, "prime") for d in PRIME_DAYS}


def measure(sessions):
    v = {_day(d): total(sessions, _day(d), f"cue_test_day{d}", "early_drug_presses") for d in DAYS}
    v |= {f"prime {_day(d)}": total(sessions, f"prime {_day(d)}", f"prime_test_day{d}",
                                    "early_drug_presses") for d in PRIME_DAYS}
    v["peak (day 60 or 90)"] = max((v[_day(60)], v[_day(90)]), key=lambda a: a.mean())
    v["day 60 / day 1"] = float(v[_day(60)].mean() / max(v[_day(1)].mean(), 1e-12))
    return v


INCUBATION = register(Phenomenon(
    id="incubation",
    title="Incubation of cue-induced craving during abstinence",
    citation="Grimm et al. 2001, Nature 412:141; Lu et al. 2004",
    doi=("10.1038/35084134",),
    readout="cue-induced seeking (first 10 min), day 60 / day 1 of abstinence",
    target="minimal at day 1, several-fold by day 60, elevated at 3 months, lower by 6 months; "
           "primed seeking flat",
    groups=GROUPS,
    measure=measure,
    checks=(
        Greater("day 60 ≥ 2 × day 1", a=_day(60), b=_day(1), margin=1.0),
        Greater("still elevated at 3 months", a=_day(90), b=_day(1)),
        Greater("lower by 6 months", a="peak (day 60 or 90)", b=_day(180)),
        Equivalent("primed seeking flat (day 60 within ±25 % of day 1)", a=f"prime {_day(60)}",
                   b=f"prime {_day(1)}", reference=f"prime {_day(1)}", margin=0.25,
                   needs=frozenset({"prime"})),
    ),
    headline="day 60 / day 1",
    conditions=tuple(_day(d) for d in DAYS),
    tag="remission",
    windows={"early": EARLY},
    kind="line",
    unit="test presses, first 10 min",
))
