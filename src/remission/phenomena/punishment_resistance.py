"""A compulsive minority: punishment resistance after an extended drug history.

Pelloux, Everitt & Dickinson 2007, Psychopharmacology 194:127; Vanderschuren & Everitt 2004,
Science 305:1017.

The seeking–taking chain is approximated by one FR1 drug lever. Moderate history: 8 × 1 h
self-administration; extended: 16 × 1 h (the paper's extended
training was longer still). Then 3 sessions in which each infusion is followed by
footshock with probability 0.5 (0.5 mA). Subjects differ (shared population). A subject is
resistant if its last punished session keeps ≥ 50 % of its baseline infusions (last 2 sessions of
self-administration). Published: after moderate history nearly all are suppressed; after an
extended one a resistant subgroup of ≈20 % remains.
"""

from __future__ import annotations

from remission.phenomena.base import BIN, SHORT_SA, Phenomenon, make_score, register, within
from remission.protocols import Paradigm

HISTORY = {"moderate": SHORT_SA, "extended": 2 * SHORT_SA}
GROUPS = {g: Paradigm("punished_self_administration", {
    "shock_probability": 0.5, "intensity": 0.5, "training_sessions": n, "punished_sessions": 3,
    "bin": BIN}) for g, n in HISTORY.items()}


def resistant_fraction(trials, group) -> float:
    df = trials[trials["group"] == group]
    inf = (df["drug"] > 0).groupby([df["subject"], df["phase"], df["session"]], observed=True).sum()
    inf = inf.reset_index(name="n")
    sa = inf[inf["phase"] == "self_administration"]
    base = sa[sa["session"] >= sa["session"].max() - 1].groupby("subject")["n"].mean()
    pun = inf[inf["phase"] == "punishment"]
    last = pun[pun["session"] == pun["session"].max()].set_index("subject")["n"]
    kept = last / base.where(base > 0)
    return float((kept >= 0.5).mean())


def score(trials):
    sim = {g: resistant_fraction(trials, g) for g in HISTORY}
    checks = {
        "moderate: nearly all suppressed (≤ 0.1)": sim["moderate"] <= 0.1,
        "extended: resistant subgroup ≈20 % ([0.1, 0.4])": within(sim["extended"], 0.1, 0.4),
    }
    return make_score(sim["extended"], checks, sim, published={"moderate": 0.0, "extended": 0.2})


PUNISHMENT_RESISTANCE = register(Phenomenon(
    id="punishment_resistance",
    title="A punishment-resistant minority after extended drug history",
    citation="Pelloux et al. 2007, Psychopharmacology 194:127; Vanderschuren & Everitt 2004",
    readout="fraction resistant to punishment (extended history)",
    target="moderate: nearly all suppressed; extended: ≈20 % resistant",
    rule="moderate ≤ 0.1; extended in [0.1, 0.4]",
    groups=GROUPS,
    score=score,
    bears_on_remission=False,
    individual_differences=True,
    unit="fraction resistant",
))
