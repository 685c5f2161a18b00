"""Punishment-imposed abstinence: relapse in the drug context, and incubation after punishment.

Marchant, Khuc, Pickens, Bonci & Shaham 2013, Biol Psychiatry 73:256; Krasnova et al. 2014,
Neuropsychopharmacology 39:2008.

Self-administration (8 × 1 h) in context A; then 3 sessions in context B where each infusion is
followed by footshock with probability 0.5 (0.5 mA); cue tests (presses bring the cue) in A or B
2 days later, and in B 21 days later. Published: relapse in A, not in B; seeking after punishment
still incubates (day 21 > day 2).
"""

from __future__ import annotations

from remission.phenomena.base import (
    BIN,
    SHORT_SA,
    Phenomenon,
    clearly_greater,
    make_score,
    phase_total,
    ratio,
    register,
)
from remission.protocols import Paradigm

TESTS = {"A day 2": ("A", "2 days"), "B day 2": ("B", "2 days"), "B day 21": ("B", "21 days")}
GROUPS = {g: Paradigm("punishment_imposed_abstinence", {
    "test_context": c, "test_gap": gap, "training_sessions": SHORT_SA, "punished_sessions": 3,
    "bin": BIN}) for g, (c, gap) in TESTS.items()}


def score(trials):
    test = {g: phase_total(trials, g, "test") for g in TESTS}
    trained = phase_total(trials, "A day 2", "self_administration", session=-1).mean()
    floor = 0.05 * trained
    sim = {g: v.mean() for g, v in test.items()}
    sim["punished (last)"] = phase_total(trials, "A day 2", "punishment", session=-1).mean()
    checks = {
        "relapse in A > B": clearly_greater(test["A day 2"], test["B day 2"], floor),
        "incubation after punishment (B day 21 > day 2)": clearly_greater(test["B day 21"],
                                                                          test["B day 2"], floor),
    }
    return make_score(ratio(sim["A day 2"], sim["B day 2"]), checks, sim)


PUNISHMENT_ABSTINENCE = register(Phenomenon(
    id="punishment_abstinence",
    title="Relapse after punishment-imposed abstinence",
    citation="Marchant et al. 2013, Biol Psychiatry 73:256; Krasnova et al. 2014, NPP",
    readout="cue-test seeking, context A / context B (day 2)",
    target="relapse in A, not B; day 21 > day 2 after punishment",
    rule="A day 2 > B day 2; B day 21 > B day 2 (> 2 SE, > 5 % of SA rate)",
    groups=GROUPS,
    score=score,
    unit="test presses / h",
))
