"""Environmental enrichment during abstinence: what it adds beyond extinction.

Solinas et al. 2008, PNAS 105:17145; Chauvet et al. 2009, Neuropsychopharmacology 34:2767;
Chauvet et al. 2012, Neuropharmacology (enrichment prevents the incubation of cocaine craving).

Self-administration (8 × 1 h), 30 days of abstinence in standard or enriched housing (intervention
``enrichment`` at the start of the next phase, magnitude 1), extinction (3 × 1 h), then an
extinction baseline test or a cue, stress (0.5 mA) or drug-prime (0.25) reinstatement test. What
enrichment adds is scored on the reinstatement *above each housing's own extinction baseline*, so
extinction alone (which both groups have) cannot pass it. A second design tests incubation: cue
tests on abstinence day 1 or day 30 (no extinction) in either housing. Published: enrichment
reduces cue- and stress-induced reinstatement but not drug-primed reinstatement (within ±30 %),
and prevents the incubation that standard housing shows.
"""

from __future__ import annotations

import numpy as np

from remission.phenomena.base import BIN, EXTINCTION, SHORT_SA, Phenomenon, register, total
from remission.phenomena.checks import Equivalent, Greater
from remission.protocols import Paradigm

TESTS = ("none", "cue", "stress", "prime")
HOUSING = ("standard", "enriched")
GROUPS = {f"{h} {k}": Paradigm("enrichment_abstinence", {
    "enrichment": 1.0 if h == "enriched" else 0.0, "days": 30, "test": k,
    "training_sessions": SHORT_SA, "extinction_sessions": EXTINCTION, "bin": BIN})
    for h in HOUSING for k in TESTS}
GROUPS |= {f"{h} day {d}": Paradigm("enrichment_abstinence", {
    "enrichment": 1.0 if h == "enriched" else 0.0, "days": d, "test": "cue",
    "training_sessions": SHORT_SA, "bin": BIN}) for h in HOUSING for d in (1, 30)}
_NEEDS = {"cue": frozenset({"enrichment"}), "stress": frozenset({"enrichment", "stress"}),
          "prime": frozenset({"enrichment", "prime"})}


def measure(sessions):
    v = {}
    for h in HOUSING:
        baseline = total(sessions, f"{h} none", "test").mean()
        v[f"{h} baseline"] = total(sessions, f"{h} none", "test")
        for k in TESTS[1:]:
            v[f"{h} {k}"] = total(sessions, f"{h} {k}", "test") - baseline  # reinstatement
        for d in (1, 30):
            v[f"{h} day {d}"] = total(sessions, f"{h} day {d}", "test")
    v["enriched / standard cue reinstatement"] = float(
        np.mean(v["enriched cue"]) / max(np.mean(v["standard cue"]), 1e-12))
    return v


ENRICHMENT = register(Phenomenon(
    id="enrichment",
    title="Enrichment during abstinence reduces cue- and stress-induced relapse and prevents incubation",
    citation="Solinas et al. 2008, PNAS 105:17145; Chauvet et al. 2009, NPP 34:2767; Chauvet et al. 2012",
    doi=("10.1038/npp.2009.127",),
    readout="cue-induced reinstatement above extinction, enriched / standard",
    target="reduces cue- and stress-induced reinstatement, not drug-primed; prevents incubation",
    groups=GROUPS,
    measure=measure,
    checks=(
        Greater("reduces cue reinstatement", a="standard cue", b="enriched cue", needs=_NEEDS["cue"]),
        Greater("reduces stress reinstatement", a="standard stress", b="enriched stress",
                needs=_NEEDS["stress"]),
        Equivalent("spares primed reinstatement (within ±30 %)", a="enriched prime",
                   b="standard prime", reference="standard prime", margin=0.3, needs=_NEEDS["prime"]),
        Greater("standard housing incubates (day 30 > day 1)", a="standard day 30", b="standard day 1"),
        Greater("enrichment prevents it (standard day 30 > enriched day 30)", a="standard day 30",
                b="enriched day 30", needs=_NEEDS["cue"]),
    ),
    headline="enriched / standard cue reinstatement",
    conditions=tuple(f"{h} {k}" for h in HOUSING for k in TESTS[1:]),
    tag="remission",
    needs=frozenset({"enrichment"}),
    unit="test presses / h above extinction",
))
