"""Retrieval–extinction: extinction inside the reconsolidation window prevents the return of fear
and of drug seeking.

Monfils et al. 2009, Science 324:951; Xue et al. 2012, Science 336:241.

Pavlovian acquisition (10 sessions of 10 tone–US pairings), then on each of 3 days one retrieval
trial (tone alone) followed 10 min, 1 h or 6 h later by 18 extinction trials; spontaneous recovery
is tested 21 days later. Published: return of responding is attenuated when extinction starts
10 min or 1 h after retrieval (inside the reconsolidation window) but not after 6 h — the one
behavioural result read as erasure of the original memory. (Renewal and primed-reinstatement tests
and the human heroin-craving follow-up are not simulated here.)
"""

from __future__ import annotations

from remission.phenomena.base import Phenomenon, clearly_greater, make_score, pavlovian_cr, register
from remission.protocols import Paradigm

GAPS = {"10 min": "10 min", "1 h": "1 h", "6 h": "6 h"}
DAYS = 3
GROUPS = {g: Paradigm("retrieval_extinction", {
    "retrieval_gap": gap, "acquisition_sessions": 10, "acquisition_trials": 10, "days": DAYS,
    "extinction_trials": 18, "test_gap": "21 days", "test_trials": 4}) for g, gap in GAPS.items()}


def score(trials):
    cr = {g: pavlovian_cr(trials, g, "test") for g in GAPS}
    acquired = pavlovian_cr(trials, "6 h", "acquisition", session=-1).mean()
    floor = 0.05 * abs(acquired)
    checks = {
        "10 min < 6 h": clearly_greater(cr["6 h"], cr["10 min"], floor),
        "1 h < 6 h": clearly_greater(cr["6 h"], cr["1 h"], floor),
    }
    sim = {g: v.mean() for g, v in cr.items()}
    return make_score(sim["6 h"] - sim["10 min"], checks, sim)


RETRIEVAL_EXTINCTION = register(Phenomenon(
    id="retrieval_extinction",
    title="Extinction inside the reconsolidation window prevents return",
    citation="Monfils et al. 2009, Science 324:951; Xue et al. 2012, Science 336:241",
    readout="spontaneous recovery, 6 h − 10 min retrieval–extinction gap",
    target="return attenuated with 10 min / 1 h, not with 6 h",
    rule="test CR after 10 min and after 1 h each < after 6 h (> 2 SE, > 5 % of acquired CR)",
    groups=GROUPS,
    score=score,
    kind="line",
    unit="test CR",
))
