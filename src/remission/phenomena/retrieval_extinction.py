"""Retrieval–extinction: extinction inside the reconsolidation window prevents the return of fear.

Monfils, Cowansage, Klann & LeDoux 2009, Science 324:951; Xue et al. 2012, Science 336:241.

The ``retrieval_extinction`` paradigm as Monfils et al. (and the latent-cause model's own
simulations of it, Gershman et al. 2017) ran it: 3 tone–US pairings; a day later one tone alone
(retrieval) and 10 min, 1 h or 6 h later 18 tones of extinction; a month later 4 test tones
(spontaneous recovery). Read-out: mean test CR. Published: return of responding is attenuated when
extinction starts 10 min or 1 h after retrieval (inside the reconsolidation window), not after 6 h —
the one behavioural result read as erasure of the original memory. Rule: each short gap below
6 h by more than 5 % of the acquired CR. (Renewal and primed-reinstatement tests and the human
heroin-craving follow-up are not simulated here.)
"""

from __future__ import annotations

from remission.phenomena.base import Phenomenon, average, register
from remission.phenomena.checks import Greater
from remission.protocols import Paradigm

GAPS = ("10 min", "1 h", "6 h")
GROUPS = {g: Paradigm("retrieval_extinction", {"retrieval_gap": g, "test_trials": 4}) for g in GAPS}


def measure(sessions):
    v = {g: average(sessions, g, "test") for g in GAPS}
    v["acquired"] = average(sessions, "6 h", "acquisition")
    v["6 h − 10 min"] = float(v["6 h"].mean() - v["10 min"].mean())
    return v


RETRIEVAL_EXTINCTION = register(Phenomenon(
    id="retrieval_extinction",
    title="Extinction inside the reconsolidation window prevents return",
    citation="Monfils et al. 2009, Science 324:951; Xue et al. 2012, Science 336:241",
    doi=("10.1126/science.1167975", "10.1126/science.1215070"),
    readout="spontaneous recovery, 6 h − 10 min retrieval–extinction gap",
    target="return attenuated with 10 min / 1 h, not with 6 h",
    groups=GROUPS,
    measure=measure,
    checks=(
        Greater("10 min < 6 h", a="6 h", b="10 min", floor=0.05, reference="acquired"),
        Greater("1 h < 6 h", a="6 h", b="1 h", floor=0.05, reference="acquired"),
    ),
    headline="6 h − 10 min",
    conditions=GAPS,
    tag="remission",
    readouts=("response",),
    kind="line",
    unit="test CR",
))
