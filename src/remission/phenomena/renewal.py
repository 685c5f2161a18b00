"""Renewal: extinguished responding returns outside the extinction context.

Crombag & Shaham 2002, Behav Neurosci 116:169; Bouton et al. 2011, Learn Mem 18:1;
Harris et al. 2000, J Exp Psychol Anim Behav Process 26:174.

Pavlovian design (the benchmark docs/PHENOMENA.md quotes is Pavlovian): 10 sessions of 10 tone–US
pairings in the first context, 6 sessions of 10 tone-alone trials in the second, 4 tone-alone test
trials in the third, one day later. Published order ABA > ABC ≥ AAB > AAA; the Pavlovian benchmark
is ≈55 % CR tested outside vs ≈27 % inside the extinction context. The pure erasure hypothesis
predicts no renewal beyond what the context's own associative strength sums to.
"""

from __future__ import annotations

from remission.phenomena.base import Phenomenon, clearly_greater, make_score, pavlovian_cr, register
from remission.protocols import Paradigm

DESIGNS = ("ABA", "ABC", "AAB", "AAA")
GROUPS = {d: Paradigm(f"renewal_{d.lower()}", {"pavlovian": True}) for d in DESIGNS}


def score(trials):
    cr = {d: pavlovian_cr(trials, d, "test") for d in DESIGNS}
    acquired = pavlovian_cr(trials, "AAA", "acquisition", session=-1).mean()
    floor = 0.05 * abs(acquired)
    checks = {
        "ABA > ABC": clearly_greater(cr["ABA"], cr["ABC"], floor),
        "ABC >= AAB": not clearly_greater(cr["AAB"], cr["ABC"], floor),
        "AAB > AAA": clearly_greater(cr["AAB"], cr["AAA"], floor),
    }
    sim = {d: cr[d].mean() for d in DESIGNS}
    return make_score(sim["ABA"] - sim["AAA"], checks, sim,
                      published={"ABA": 0.55, "AAA": 0.27})


RENEWAL = register(Phenomenon(
    id="renewal",
    title="Renewal after extinction in another context",
    citation="Crombag & Shaham 2002; Bouton et al. 2011; Harris et al. 2000",
    readout="test CR, ABA − AAA (Pavlovian)",
    target="ABA > ABC ≥ AAB > AAA; ≈55 % vs 27 % CR (ABA − AAA ≈ 0.28)",
    rule="ABA > ABC, ABC ≥ AAB, AAB > AAA (each difference > 2 SE and > 5 % of acquired CR)",
    groups=GROUPS,
    score=score,
    unit="test CR",
))
