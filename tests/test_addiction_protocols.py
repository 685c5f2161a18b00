"""Addiction paradigms: choice responds to dose, delay and availability; bad input is refused."""

from pathlib import Path

import numpy as np
import pytest

from remission import Protocol, RemissionError, protocols, simulate
from remission.protocols.addiction import score_addiction_criteria

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
SHORT = dict(days=4, choice_trials=10)


def drug_share(result):
    t = result.trials
    c = t[t["phase"].astype(str).str.endswith("choice")]
    chosen = c[c["action"].isin(["drug", "alternative"])]
    return float((chosen["action"] == "drug").mean())


def drug_taken(result):
    t = result.trials
    c = t[t["phase"].astype(str).str.endswith("choice")]
    return float((c["action"] == "drug").mean())


def run(**kw):
    return simulate("dual_trace", protocols.get("sweet_vs_cocaine_choice", **SHORT, **kw),
                    n_subjects=30, seed=3, params={"alt_value": 0.6})


def test_choice_follows_dose_and_delay():
    base = drug_share(run())
    assert drug_share(run(dose=1.0)) > base + 0.1  # more drug choice at a higher dose
    assert drug_share(run(drug_delay="60 s")) < base - 0.1  # delaying the drug shifts choice away
    assert drug_share(run(alternative_delay="60 s")) > base + 0.1  # and delaying the sweet, toward it


def test_removing_the_alternative_increases_drug_taking():
    assert drug_taken(run(alternative_available=False)) > drug_taken(run()) + 0.1


@pytest.mark.parametrize("name,kw,words", [
    ("incubation", {"test_days": (0, 21)}, ["abstinence", "test_days"]),
    ("incubation", {"test_days": (21, 1)}, ["abstinence", "test_days"]),
    ("punishment_ramp", {"probability": 1.5}, ["punishment", "probability"]),
    ("punishment_ramp", {"intensity_end": -1.0}, ["punishment", "intensity_end"]),
    ("sweet_vs_cocaine_choice", {"dose": -0.5}, ["choice", "dose"]),
    ("seeking_taking_chain", {"probability": -0.1}, ["punishment", "probability"]),
    ("incubation", {"abstinence": "holiday"}, ["abstinence", "mode"]),
])
def test_impossible_protocols_name_phase_and_field(name, kw, words):
    with pytest.raises(RemissionError) as err:
        protocols.get(name, **kw)
    for w in words:
        assert w in str(err.value)


@pytest.mark.parametrize("data,words", [
    ({"name": "x", "phases": [{"name": "choice", "trials": 5}]}, ["choice", "options"]),
    ({"name": "x", "phases": [{"name": "choice", "trials": 5,
                               "options": [{"name": "drug", "outcome": {"drug": -1}}]}]},
     ["choice", "outcome.drug", "-1"]),
    ({"name": "x", "phases": [{"name": "pun", "trials": 5,
                               "options": [{"name": "drug", "outcome": {"shock_probability": 2}}]}]},
     ["pun", "shock_probability"]),
])
def test_schema_refuses_bad_toml_input(data, words):
    with pytest.raises(RemissionError) as err:
        Protocol.parse(data)
    for w in words:
        assert w in str(err.value)


def test_every_addiction_paradigm_builds_round_trips_and_cites():
    for name in ("discrete_trial_choice", "social_choice", "punishment_ramp", "seeking_taking_chain",
                 "escalation", "incubation", "enrichment_abstinence", "addiction_criteria"):
        p = protocols.get(name)
        assert Protocol.parse(p.to_dict()) == p
        assert protocols.citation(name)


def test_examples_load():
    files = sorted(EXAMPLES.glob("*.toml"))
    names = {f.stem for f in files}
    assert {"sweet_vs_cocaine_choice", "incubation_forced_abstinence", "punishment_ramp"} <= names
    for f in files:
        if f.stem != "sweep":
            assert Protocol.from_toml(f).n_steps > 0


def test_abstinence_spans_real_time():
    p = protocols.get("incubation", test_days=(1, 30), training_sessions=2, bin="60 s")
    from remission.protocols.compile import compile_protocol

    c = compile_protocol(p)
    start = {name: c.obs["time"][c.obs["phase"] == i][0] for i, name in enumerate(c.phase_names)}
    assert start["cue_test_day30"] - start["cue_test_day1"] == pytest.approx(29 * 1440, abs=60)


def test_punishment_ramp_suppresses_drug_taking():
    p = protocols.get("punishment_ramp", training_sessions=3, punished_sessions=1, bin="30 s")
    r = simulate("dual_trace", p, n_subjects=10, seed=0).trials
    shocks = r[(r["phase"] == "punishment") & (r["shock"] > 0)]["shock"]
    assert shocks.max() > shocks.min()  # intensity ramps within the session
    sa = r[(r["phase"] == "self_administration") & (r["session"] == 2)]
    pun = r[r["phase"] == "punishment"]
    assert (pun["drug"] > 0).sum() < 0.8 * (sa["drug"] > 0).sum()


def test_addiction_criteria_scoring():
    p = protocols.get("addiction_criteria", sessions=4, bin="60 s", pr_length="1 h")
    from remission.populations import default_rat_population

    r = simulate("dual_trace", p, n_subjects=30, seed=0, params=default_rat_population())
    s = score_addiction_criteria(r)
    assert len(s) == 30 and set(s["criteria"]) <= {0, 1, 2, 3}
    for crit in ("persistence", "motivation", "compulsivity"):
        assert 0 < s[crit].mean() <= 0.6
    assert np.all(s["criteria"] == s[["persistence", "motivation", "compulsivity"]].sum(axis=1))
    with pytest.raises(RemissionError, match="addiction_criteria"):
        score_addiction_criteria(simulate("dual_trace", "sweet_vs_cocaine_choice", n_subjects=2))
