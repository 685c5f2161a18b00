"""Extinguishing drug-primed craving does not prevent relapse once the drug is back.

Girardeau, Navailles, Durand, Vouillac-Mendoza, Guillem & Ahmed 2019, "Relapse to cocaine use
persists following extinction of drug-primed craving", Neuropharmacology.

Self-administration (8 × 1 h), then 3 daily extinction sessions each opened by a non-contingent
drug prime (priming extinction), then one session with the drug available again. Control: the same
days in the box with only the inactive lever (no extinction, no primes). Published: priming is
extinguished (primed seeking falls across sessions until primes no longer reinstate), yet intake
when the drug returns is essentially unchanged.
"""

from __future__ import annotations

from remission.phenomena.base import BIN, DOSE, SHORT_SA, Phenomenon, register, total
from remission.phenomena.checks import Equivalent, Greater
from remission.protocols import Paradigm

SESSIONS = 3
GROUPS = {g: Paradigm("extinction_of_priming", {"primed": primed, "sessions": SESSIONS, "dose": DOSE,
                                                "training_sessions": SHORT_SA, "bin": BIN})
          for g, primed in (("primed extinction", True), ("control", False))}


def measure(sessions):
    return {
        "primed session 1": total(sessions, "primed extinction", "primed extinction 1"),
        f"primed session {SESSIONS}": total(sessions, "primed extinction", f"primed extinction {SESSIONS}"),
        "primed: re-access": total(sessions, "primed extinction", "re-access", "infusions"),
        "control: re-access": total(sessions, "control", "re-access", "infusions"),
    }


EXTINCTION_PRIMING = register(Phenomenon(
    id="extinction_priming",
    title="Extinguishing drug-primed craving does not prevent relapse",
    citation="Girardeau et al. 2019, Neuropharmacology",
    doi=("10.1016/j.neuropharm.2019.05.036",),
    readout="re-access intake after priming extinction (infusions / h)",
    target="priming extinguished; re-access intake essentially unchanged",
    groups=GROUPS,
    measure=measure,
    checks=(
        Greater("priming is extinguished (session 1 > 2 × last session)", a="primed session 1",
                b=f"primed session {SESSIONS}", margin=1.0),
        Equivalent("re-access intake unchanged (within ±20 % of control)", a="primed: re-access",
                   b="control: re-access", reference="control: re-access", margin=0.2),
    ),
    headline="primed: re-access",
    conditions=("primed session 1", f"primed session {SESSIONS}", "primed: re-access",
                "control: re-access"),
    tag="remission",
    needs=frozenset({"prime"}),
    unit="presses or infusions / h",
))
