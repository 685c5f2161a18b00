"""Renewal: extinguished responding returns outside the extinction context.

Crombag & Shaham 2002, Behav Neurosci 116:169; Bouton, Todd, Vurbic & Winterbauer 2011, Learn
Behav 39:57;
Harris et al. 2000, J Exp Psychol Anim Behav Process 26:174.

Pavlovian design (the benchmark docs/PHENOMENA.md quotes is Pavlovian): 10 sessions of 10 tone–US
pairings in the first context, 6 sessions of 10 tone-alone trials in the second, 4 tone-alone test
trials in the third, one day later. Read-out: the mean CR (read-out ``response``) over the test.
Published order ABA > ABC ≥ AAB > AAA; the Pavlovian benchmark is ≈55 % CR tested outside vs
≈27 % inside the extinction context (a ratio of ≈2). The pure erasure hypothesis predicts no
renewal beyond what the context's own associative strength sums to.
"""

from __future__ import annotations

from remission.phenomena.base import Phenomenon, average, register
from remission.phenomena.checks import AtLeast, Greater
from remission.protocols import Paradigm

DESIGNS = ("ABA", "ABC", "AAB", "AAA")
GROUPS = {d: Paradigm(f"renewal_{d.lower()}", {"pavlovian": True}) for d in DESIGNS}


def measure(sessions):
    v = {d: average(sessions, d, "test") for d in DESIGNS}
    v["ABA − AAA"] = float(v["ABA"].mean() - v["AAA"].mean())
    return v


RENEWAL = register(Phenomenon(
    id="renewal",
    title="Renewal after extinction in another context",
    citation="Crombag & Shaham 2002; Bouton et al. 2011, Learn Behav 39:57; Harris et al. 2000",
    doi=("10.1037//0735-7044.116.1.169", "10.3758/s13420-011-0018-6", "10.1037//0097-7403.26.2.174"),
    readout="test CR, ABA − AAA (Pavlovian)",
    target="ABA > ABC ≥ AAB > AAA; ≈55 % vs 27 % CR (ABA / AAA ≈ 2)",
    groups=GROUPS,
    measure=measure,
    checks=(
        Greater("ABA > AAA (≈55 % vs 27 %)", a="ABA", b="AAA", ratio=0.55 / 0.27),
        Greater("ABA > ABC", a="ABA", b="ABC"),
        AtLeast("ABC ≥ AAB", a="ABC", b="AAB"),
        Greater("AAB > AAA", a="AAB", b="AAA"),
    ),
    headline="ABA − AAA",
    conditions=DESIGNS,
    published={"ABA": 0.55, "AAA": 0.27},
    tag="remission",
    readouts=("response",),
    unit="test CR",
))
