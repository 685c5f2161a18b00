"""Punishment-imposed abstinence: relapse in the drug context, and incubation after punishment.

Marchant, Khuc, Pickens, Bonci & Shaham 2013, Biol Psychiatry 73:256; Krasnova et al. 2014,
Neuropsychopharmacology 39:2008.

Self-administration (8 × 1 h) in context A; then 3 sessions in context B where each infusion is
followed by footshock with probability 0.5 (0.5 mA); cue tests (presses bring the cue) in A or B
2 days later, and in B 21 days later. Published: relapse in A, not in B (context-induced relapse
after punishment-imposed abstinence is several-fold, so A must exceed 1.5 × B); seeking after
punishment still incubates (day 21 > day 2).
"""

from __future__ import annotations

from remission.phenomena.base import BIN, SHORT_SA, Phenomenon, register, total
from remission.phenomena.checks import Greater
from remission.protocols import Paradigm

TESTS = {"A day 2": ("A", "2 days"), "B day 2": ("B", "2 days"), "B day 21": ("B", "21 days")}
GROUPS = {g: Paradigm("punishment_imposed_abstinence", {
    "test_context": c, "test_gap": gap, "training_sessions": SHORT_SA, "punished_sessions": 3,
    "bin": BIN}) for g, (c, gap) in TESTS.items()}


def measure(sessions):
    v = {g: total(sessions, g, "test") for g in TESTS}
    v["punished (last)"] = total(sessions, "A day 2", "punishment", session=-1)
    v["A / B day 2"] = float(v["A day 2"].mean() / max(v["B day 2"].mean(), 1e-12))
    return v


PUNISHMENT_ABSTINENCE = register(Phenomenon(
    id="punishment_abstinence",
    title="Relapse after punishment-imposed abstinence",
    citation="Marchant et al. 2013, Biol Psychiatry 73:256; Krasnova et al. 2014, NPP",
    doi=("10.1016/j.biopsych.2012.07.007",),
    readout="cue-test seeking, context A / context B (day 2)",
    target="relapse in A, not B; day 21 > day 2 after punishment",
    groups=GROUPS,
    measure=measure,
    checks=(
        Greater("relapse in A (> 1.5 × B)", a="A day 2", b="B day 2", margin=0.5),
        Greater("incubation after punishment (B day 21 > day 2)", a="B day 21", b="B day 2"),
    ),
    headline="A / B day 2",
    conditions=("punished (last)", *TESTS),
    tag="remission",
    needs=frozenset({"shock"}),
    unit="test presses / h",
))
