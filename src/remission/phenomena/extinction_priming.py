"""Extinguishing drug-primed craving does not prevent relapse once the drug is back.

Girardeau, Navailles, Durand, Vouillac-Mendoza, Guillem & Ahmed 2019, Neuropharmacology.

Self-administration (8 × 1 h), then 3 daily extinction sessions each opened by a non-contingent
drug prime (priming extinction), then one session with the drug available again. Control: the same
days in the box with only the inactive lever (no extinction, no primes). Published: intake when
the drug returns is essentially unchanged by the extinction of priming.
"""

from __future__ import annotations

from remission.phenomena.base import (
    BIN,
    DOSE,
    SHORT_SA,
    Phenomenon,
    make_score,
    phase_total,
    ratio,
    register,
    within,
)
from remission.protocols import Paradigm

SESSIONS = 3
GROUPS = {g: Paradigm("extinction_of_priming", {"primed": primed, "sessions": SESSIONS, "dose": DOSE,
                                                "training_sessions": SHORT_SA, "bin": BIN})
          for g, primed in (("primed extinction", True), ("control", False))}


def score(trials):
    intake = {g: phase_total(trials, g, "re-access", column="infusions")
              for g in ("primed extinction", "control")}
    sim = {f"{g}: re-access": v.mean() for g, v in intake.items()}
    first = phase_total(trials, "primed extinction", "primed extinction 1").mean()
    last = phase_total(trials, "primed extinction", f"primed extinction {SESSIONS}").mean()
    sim |= {"primed session 1": first, f"primed session {SESSIONS}": last}
    value = ratio(intake["primed extinction"].mean(), intake["control"].mean())
    checks = {"re-access intake unchanged (ratio in [0.8, 1.25])": within(value, 0.8, 1.25)}
    return make_score(value, checks, sim,
                      note="primed-session presses show how far priming was extinguished")


EXTINCTION_PRIMING = register(Phenomenon(
    id="extinction_priming",
    title="Extinguishing drug-primed craving does not prevent relapse",
    citation="Girardeau et al. 2019, Neuropharmacology",
    readout="re-access intake, priming-extinction / control",
    target="essentially unchanged",
    rule="ratio in [0.8, 1.25]",
    groups=GROUPS,
    score=score,
    unit="presses or infusions / h",
))
