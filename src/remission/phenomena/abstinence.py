"""Shared design of the voluntary-abstinence studies (:mod:`social_choice`,
:mod:`food_choice_abstinence`): not itself a phenomenon.

The ``incubation`` paradigm: self-administration (10 × 1 h, infusions paired with a cue); then
either forced abstinence or 19 days of voluntary abstinence: daily sessions of 20 discrete choice
trials (10 min apart) between the drug and a non-drug alternative (magnitude 1, as the saccharin
of :mod:`sweet_choice`). Cue tests (1 h, presses bring the cue) on abstinence day 1 and day 21, in
separate groups. The models
have one kind of non-drug reward, so a social peer and palatable food are the same outcome here:
the two studies' opposite results cannot both be reproduced by any registered model.
"""

from __future__ import annotations

from remission.phenomena.base import BIN, phase_total
from remission.protocols import Paradigm

ALTERNATIVE = 1.0
CHOICE_DAYS, CHOICE_TRIALS = 19, 20
TEST_DAYS = {"forced day 1": ("forced", 1), "forced day 21": ("forced", 21),
             "choice day 21": ("choice", 21)}
GROUPS = {g: Paradigm("incubation", {"test_days": (day,), "abstinence": mode, "access": "short",
                                     "alternative": ALTERNATIVE, "choice_trials": CHOICE_TRIALS,
                                     "choice_days": CHOICE_DAYS,
                                     "bin": BIN})
          for g, (mode, day) in TEST_DAYS.items()}


def readouts(trials):
    """Per-subject cue-test presses per group, and the mean share of alternative choices."""
    tests = {g: phase_total(trials, g, f"cue_test_day{day}") for g, (_, day) in TEST_DAYS.items()}
    ch = trials[(trials["group"] == "choice day 21") & (trials["phase"] == "choice_before_day21")]
    made = ch["action"].isin(["drug", "alternative"]).sum()
    alt_share = float((ch["action"] == "alternative").sum() / made) if made else float("nan")
    trained = phase_total(trials, "forced day 1", "self_administration", session=-1).mean()
    return tests, alt_share, 0.05 * trained
