"""Known answers for every phenomenon's read-out and pass rule.

For each finding, a hand-made session table (the structure of its groups and phases, with
numbers written here) that shows the published result must pass, and one that does not must fail.
The tables are built on the finding's own protocols, so a renamed phase or group breaks the test.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from remission import phenomena
from remission.phenomena.base import evaluate

N, REPLICATES = 20, 4
COUNTS = ("drug_presses", "alternative_presses", "inactive_presses", "infusions", "rewards", "shocks")


def skeleton(phen) -> pd.DataFrame:
    """Every (group, subject, phase, session) of the finding's protocols, all counts 0."""
    rows = [(g, s, ph.name, k) for g, prot in phen.protocols().items() for ph in prot.phases
            for k in range(ph.sessions) for s in range(N * REPLICATES)]
    df = pd.DataFrame(rows, columns=["group", "subject", "phase", "session"])
    for col in COUNTS + tuple(f"{w}_{c}" for w in phen.windows for c in COUNTS):
        df[col] = 0.0
    df["response"] = 0.0
    return df


def put(df, group, phase, column, mean, sd=0.1, session=None, seed=0):
    """Give subjects of ``group`` in ``phase`` (optionally one session) values around ``mean``."""
    rows = (df["group"] == group) & (df["phase"] == phase)
    if session is not None:
        rows &= df["session"] == session
    rng = np.random.default_rng([seed, abs(hash((group, phase, column, session))) % 2**31])
    subjects = df.loc[rows, "subject"].to_numpy()
    noise = rng.normal(0.0, sd, N * REPLICATES)[subjects] if sd else 0.0
    value = mean(subjects) if callable(mean) else mean
    df.loc[rows, column] = np.maximum(np.asarray(value, float) + noise, 0.0)


def fill_escalation(df, good):
    for g in ("ShA", "LgA"):
        put(df, g, "baseline", "first_hour_infusions", 10.0, 1.0)
        for s in range(12):
            rise = 10.0 * s / 11 if (g == "LgA" and good) else 0.0
            put(df, g, "self_administration", "first_hour_infusions", 10.0 + rise, 1.0, session=s)


def fill_addiction_minority(df, good):
    subjects = np.arange(N * REPLICATES) % N  # position within its replicate
    if good:  # 17 % vulnerable on all three, 41 % on none, the rest on one or two
        sets = {c: set(range(4)) for c in ("p", "m", "r")}  # 4 of 20 vulnerable (20 %)
        extra = {"p": {4, 5, 6, 7}, "m": {8, 9, 10, 11}, "r": {4, 8, 12, 13}}
        for c in sets:
            sets[c] |= extra[c]
    else:  # the criteria never co-occur: nobody meets all three
        sets = {"p": set(range(8)), "m": set(range(8, 16)), "r": set(range(16, 20)) | {0, 1, 2, 3}}
    high = {c: np.array([s in sets[c] for s in subjects], float) for c in sets}
    for d in range(1, 9):
        put(df, "criteria", f"day{d}", "infusions", 20.0, 0.5)
        put(df, "criteria", f"day{d}_nodrug", "drug_presses", lambda s: 1 + 10 * high["p"][s], 0.1)
    put(df, "criteria", "progressive_ratio", "infusions", lambda s: 5 + 10 * high["m"][s], 0.1)
    put(df, "criteria", "punishment", "infusions", lambda s: 2 + 15 * high["r"][s], 0.1)


def fill_punishment_resistance(df, good):
    kept = np.arange(N * REPLICATES) % N < 4  # 20 % of each replicate
    for g, n in (("moderate", 8), ("extended", 16)):
        put(df, g, "self_administration", "infusions", 20.0, 0.5)
        resistant = kept if (g == "extended" and good) else np.zeros_like(kept)
        put(df, g, "punishment", "infusions", lambda s: np.where(resistant[s], 16.0, 2.0), 0.3)


def _choices(df, group, drug_share_of_subject):
    for ph in df.loc[df["group"] == group, "phase"].unique():
        if str(ph).endswith("_choice"):
            put(df, group, ph, "drug_presses", lambda s: 10 * drug_share_of_subject(s), 0)
            put(df, group, ph, "alternative_presses", lambda s: 10 * (1 - drug_share_of_subject(s)), 0)


def _share(fraction_preferring_drug):
    return lambda s: np.where((np.asarray(s) % N) < round(fraction_preferring_drug * N), 0.8, 0.2)


def fill_sweet_choice(df, good):
    for g in ("0.25 mg", "1.5 mg"):
        _choices(df, g, _share(0.05 if good else 0.5))


def fill_drug_preferring_minority(df, good):
    shares = {"cocaine limited": 0.1 if good else 0.4, "cocaine extended": 0.15,
              "heroin limited": 0.1, "heroin extended": 0.5}
    for g, f in shares.items():
        _choices(df, g, _share(f))


def fill_choice_delay(df, good):
    curve = {0: 1.0, 16: 0.85, 32: 0.7, 64: 0.5, 128: 0.3, 240: 0.1}
    for d, p in curve.items():
        share = p if good else 0.9
        _choices(df, f"{d} s", lambda s, share=share: np.full(len(s), share))


def _abstinence(df, groups, tests, share):
    for g, (phase, mean) in tests.items():
        put(df, g, phase, "drug_presses", mean, 1.0)
    choice = [p for p in df.loc[df["group"] == groups, "phase"].unique() if str(p).startswith("choice")]
    for ph in choice:
        put(df, groups, ph, "alternative_presses", 20 * share, 0)
        put(df, groups, ph, "drug_presses", 20 * (1 - share), 0)


def fill_social_choice(df, good):
    _abstinence(df, "social day 21", {"forced day 1": ("cue_test_day1", 10.0),
                                      "forced day 21": ("cue_test_day21", 20.0),
                                      "social day 21": ("cue_test_day21", 10.0 if good else 20.0)}, 0.95)


def fill_food_choice_abstinence(df, good):
    _abstinence(df, "food day 21", {"forced day 1": ("cue_test_day1", 10.0),
                                    "forced day 21": ("cue_test_day21", 20.0),
                                    "food day 21": ("cue_test_day21", 18.0)}, 0.9 if good else 0.01)


def fill_extinction_priming(df, good):
    put(df, "primed extinction", "primed extinction 1", "drug_presses", 20.0, 1.0)
    put(df, "primed extinction", "primed extinction 3", "drug_presses", 5.0 if good else 20.0, 1.0)
    for g in ("primed extinction", "control"):
        put(df, g, "re-access", "infusions", 15.0, 1.0)


def _cr(df, values, phase="test"):
    for g, v in values.items():
        put(df, g, phase, "response", v, 0.03)


def fill_renewal(df, good):
    for g in ("ABA", "ABC", "AAB", "AAA"):
        put(df, g, "acquisition", "response", 1.0, 0.02)
    _cr(df, {"ABA": 0.55, "ABC": 0.45, "AAB": 0.4, "AAA": 0.27} if good else
        {"ABA": 0.3, "ABC": 0.3, "AAB": 0.3, "AAA": 0.3})


def fill_spontaneous_recovery(df, good):
    for g in ("immediate", "delayed"):
        put(df, g, "acquisition", "response", 1.0, 0.02)
    _cr(df, {"immediate": 0.05, "delayed": 0.5 if good else 0.05})


def fill_reinstatement(df, good):
    for k in ("none", "prime", "cue", "stress"):
        put(df, k, "test", "drug_presses", 2.0 if k == "none" or not good else 8.0, 0.5)
    for k in ("none", "stress"):
        put(df, f"food {k}", "self_administration", "alternative_presses", 30.0, 1.0)
        put(df, f"food {k}", "test", "alternative_presses", 2.0, 0.3)


def fill_punishment_abstinence(df, good):
    put(df, "A day 2", "test", "drug_presses", 10.0 if good else 2.0, 1.0)
    put(df, "B day 2", "test", "drug_presses", 2.0, 0.5)
    put(df, "B day 21", "test", "drug_presses", 6.0 if good else 2.0, 0.5)


def fill_retrieval_extinction(df, good):
    for g in ("10 min", "1 h", "6 h"):
        put(df, g, "acquisition", "response", 1.0, 0.02)
    _cr(df, {"10 min": 0.1 if good else 0.5, "1 h": 0.15 if good else 0.5, "6 h": 0.5})


def fill_depotentiation(df, good):
    put(df, "control", "test", "drug_presses", 10.0, 1.0)
    put(df, "depotentiated", "test", "drug_presses", 2.0 if good else 9.0, 1.0)


def fill_incubation(df, good):
    curve = dict(zip((1, 2, 4, 7, 15, 29, 60, 90, 180), (2, 3, 4, 6, 8, 10, 12, 11, 6)))
    for d, v in curve.items():
        put(df, f"day {d}", f"cue_test_day{d}", "early_drug_presses", v if good else 2.0, 0.5)
    for d in (1, 60):
        put(df, f"prime day {d}", f"prime_test_day{d}", "early_drug_presses", 5.0, 0.5)


def fill_enrichment(df, good):
    for h in ("standard", "enriched"):
        put(df, f"{h} none", "test", "drug_presses", 2.0, 0.3)
        for k in ("cue", "stress", "prime"):
            low = h == "enriched" and k != "prime" and good
            put(df, f"{h} {k}", "test", "drug_presses", 4.0 if low else 10.0, 0.5)
        put(df, f"{h} day 1", "test", "drug_presses", 5.0, 0.5)
        put(df, f"{h} day 30", "test", "drug_presses", 6.0 if (h == "enriched" and good) else 12.0, 0.5)


def fill_remission_epidemiology(df, good):
    # weekly use from the first week; dependence onset at week 25 (26 weeks of use in a year);
    # use stops after years drawn at the quantiles of an exponential with the NESARC median of
    # 5 years (each replicate alike); the bad case never stops
    quantile = (np.arange(N * REPLICATES) % N + 0.5) / N
    stop = 25 + np.round(-np.log1p(-quantile) * 5.0 / np.log(2) * 52).astype(int)
    week = df["phase"].str.slice(1).astype(int) + df["session"]
    using = (week < stop[df["subject"]]) if good else np.ones(len(df), bool)
    df["drug_presses"] = np.where(using, 1.0, 0.0)
    df["alternative_presses"] = 1.0 - df["drug_presses"]


def fill_rapid_reacquisition(df, good):
    put(df, "retrained", "acquisition", "response", 0.8, 0.05)
    for g in ("retrained", "naive"):
        put(df, g, "test", "response", 0.1 if g == "retrained" else 0.0, 0.02)
    put(df, "naive", "reacquisition", "response", 0.3, 0.05)
    # a retrained gain of 0.6 against 0.3, or of 0.25 (what unlearning would give)
    put(df, "retrained", "reacquisition", "response", 0.7 if good else 0.35, 0.05)


def fill_recovery_interval(df, good):
    for d, cr in (("1 day", 0.1), ("7 days", 0.2), ("21 days", 0.4)):
        put(df, d, "acquisition", "response", 0.8, 0.05)
        put(df, d, "test", "response", cr if good else 0.1, 0.03)


def fill_resurgence(df, good):
    for g in ("resurgence", "control"):
        put(df, g, "self_administration", "drug_presses", 20.0, 1.0)
        put(df, g, "alternative", "drug_presses", 2.0, 0.5)
    put(df, "resurgence", "alternative", "alternative_presses", 30.0, 2.0)
    put(df, "resurgence", "test", "drug_presses", 10.0 if good else 3.0, 0.5)
    put(df, "control", "test", "drug_presses", 3.0, 0.5)


FILL = {name.removeprefix("fill_"): fn for name, fn in globals().items() if name.startswith("fill_")}


def test_every_phenomenon_has_known_answers():
    assert set(FILL) == set(phenomena.names(outside=True))


@pytest.mark.parametrize("pid", phenomena.names(outside=True))
def test_the_published_result_passes_and_its_absence_fails(pid):
    phen = phenomena.get(pid)
    results = {}
    for good in (True, False):
        df = skeleton(phen)
        FILL[pid](df, good)
        results[good] = evaluate(phen, df, N)
    good, bad = results[True], results[False]
    assert good.status == "pass", [(c.name, c.passed, c.effect) for c in good.checks]
    assert bad.status == "fail", [(c.name, c.passed, c.effect) for c in bad.checks]
    assert good.score.mean > bad.score.mean
    assert 0.0 <= good.score.low <= good.score.high <= 1.0


def test_infinite_read_outs_are_an_error_not_a_pass():
    """A model whose values ran away (inf) gets an error naming the read-out, not a verdict."""
    phen = phenomena.get("rapid_reacquisition")
    df = skeleton(phen)
    FILL["rapid_reacquisition"](df, True)
    df.loc[(df["group"] == "retrained") & (df["phase"] == "test"), "response"] = -np.inf
    score = evaluate(phen, df, N)
    assert score.status == "error" and "retrained gain" in score.note


def test_a_share_near_one_is_not_failed_by_an_interval_above_one():
    """A t-interval around a share of 0.997 reaches 1.002: cut to the share's domain [0, 1], a
    result inside the published band passes; without the domain it failed. Outside the band it
    still fails."""
    import dataclasses

    from remission.phenomena.base import Phenomenon

    for label, per_replicate, passes in (("near one", [0.99, 1.0, 1.0, 0.998], True),
                                         ("too low", [0.70, 0.72, 0.69, 0.71], False)):
        df = pd.DataFrame({"group": "g", "subject": range(REPLICATES), "phase": "p", "session": 0,
                           "share": per_replicate})
        phen = phenomena.get("sweet_choice")
        check = phen.checks[0]
        rule = Phenomenon(**{**{f.name: getattr(phen, f.name) for f in dataclasses.fields(phen)},
                             "measure": lambda s: {"0.25 mg": float(s["share"].mean())},
                             "checks": (check,), "headline": "0.25 mg", "conditions": ("0.25 mg",)})
        score = evaluate(rule, df, 1)
        assert score.checks[0].passed is passes, (label, score.checks[0])
        assert score.checks[0].effect.high <= 1.0
