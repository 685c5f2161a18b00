"""Shared design of the voluntary-abstinence studies (:mod:`social_choice`,
:mod:`food_choice_abstinence`): not itself a phenomenon.

Self-administration (10 × 1 h, infusions paired with a cue); then either forced abstinence or
19 days of voluntary abstinence: daily sessions of 20 discrete choice trials (10 min apart) between
the drug and a non-drug alternative (magnitude 1, as the saccharin of :mod:`sweet_choice`). Cue
tests (1 h, presses bring the cue) on abstinence day 1 and day 21, in separate groups. The models
have one kind of non-drug reward, so a social peer and palatable food are the same outcome here:
the two studies' opposite results cannot both be reproduced by any registered model.
"""

from __future__ import annotations

from remission.phenomena import designs
from remission.phenomena.base import phase_total
from remission.protocols.schema import Protocol

ALTERNATIVE = 1.0
CHOICE_DAYS, CHOICE_TRIALS = 19, 20


def groups():
    voluntary = Protocol(
        name="voluntary_abstinence", description="SA, 19 days of drug-vs-alternative choice, cue test",
        phases=[designs.sa(),
                designs.choice_phase("choice", CHOICE_DAYS, CHOICE_TRIALS, ALTERNATIVE),
                designs.test("cue", gap="1 day")])
    return {"forced day 1": designs.sa_then_test("forced_abstinence", "1 day"),
            "forced day 21": designs.sa_then_test("forced_abstinence", "21 days"),
            "choice day 21": voluntary}


def readouts(trials):
    """Per-subject cue-test presses per group, and the mean share of alternative choices."""
    tests = {g: phase_total(trials, g, "test") for g in groups()}
    ch = trials[(trials["group"] == "choice day 21") & (trials["phase"] == "choice")]
    made = ch["action"].isin(["drug", "alternative"]).sum()
    alt_share = float((ch["action"] == "alternative").sum() / made) if made else float("nan")
    trained = phase_total(trials, "forced day 1", "self_administration", session=-1).mean()
    return tests, alt_share, 0.05 * trained
