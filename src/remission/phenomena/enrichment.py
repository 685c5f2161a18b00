"""Environmental enrichment during abstinence reduces cue- and stress-induced relapse.

Solinas et al. 2008, PNAS 105:17145; Chauvet et al. 2009, Neuropsychopharmacology 34:2767.

Self-administration (8 × 1 h), 30 days of abstinence in standard or enriched housing (intervention
``enrichment`` at the start of the next phase, magnitude 1), extinction (3 × 1 h), then a cue,
stress or drug-prime reinstatement test. Published: enrichment reduces cue- and stress-induced
reinstatement but not drug-primed reinstatement. (Its prevention of incubation is not scored here.)
"""

from __future__ import annotations

from remission.phenomena.base import (
    BIN,
    EXTINCTION,
    SHORT_SA,
    Phenomenon,
    clearly_greater,
    make_score,
    phase_total,
    ratio,
    register,
)
from remission.protocols import Paradigm

TESTS = ("cue", "stress", "prime")
HOUSING = ("standard", "enriched")
GROUPS = {f"{h} {k}": Paradigm("enrichment_abstinence", {
    "enrichment": 1.0 if h == "enriched" else 0.0, "days": 30, "test": k,
    "training_sessions": SHORT_SA, "extinction_sessions": EXTINCTION, "bin": BIN})
    for h in HOUSING for k in TESTS}


def score(trials):
    test = {g: phase_total(trials, g, "test") for g in GROUPS}
    trained = phase_total(trials, "standard cue", "self_administration", session=-1).mean()
    floor = 0.05 * trained
    checks = {
        "reduces cue": clearly_greater(test["standard cue"], test["enriched cue"], floor),
        "reduces stress": clearly_greater(test["standard stress"], test["enriched stress"], floor),
        "spares prime": not clearly_greater(test["standard prime"], test["enriched prime"], floor),
    }
    sim = {g: v.mean() for g, v in test.items()}
    return make_score(ratio(sim["enriched cue"], sim["standard cue"]), checks, sim)


ENRICHMENT = register(Phenomenon(
    id="enrichment",
    title="Enrichment during abstinence reduces cue- and stress-induced relapse",
    citation="Solinas et al. 2008, PNAS 105:17145; Chauvet et al. 2009, NPP 34:2767",
    readout="cue-induced reinstatement, enriched / standard",
    target="reduces cue- and stress-induced reinstatement, not drug-primed",
    rule="enriched < standard for cue and stress (> 2 SE, > 5 % of SA rate); prime not reduced",
    groups=GROUPS,
    score=score,
    unit="test presses / h",
))
