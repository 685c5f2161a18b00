"""Record selection and the in-program session table (simulate_sessions) against the host reference."""

import numpy as np
import pandas as pd
import pytest

import remission
from remission import RemissionError
from remission.engine import run as engine_run
from remission.engine import simulate_sessions
from remission.engine.records import STEP_COLUMNS, session_table

get = remission.protocols.get
WINDOWS = {"early": (0.0, 10.0), "late": (30.0, 60.0)}


def _protocols():
    return {
        "operant": get("self_administration", sessions=2, bin="60 s"),
        "pavlovian": get("renewal_aba", pavlovian=True, training_sessions=2, extinction_sessions=1,
                         bin="60 s"),
        "choice": get("sweet_vs_cocaine_choice", days=2),
        "groups": {"ShA": get("self_administration", sessions=1, bin="60 s"),
                   "punished": get("punished_self_administration", training_sessions=1,
                                   punished_sessions=1, bin="60 s")},
    }


def _reference(model, protocol, readouts, windows, **kw):
    trials = remission.simulate(model, protocol, **kw).trials
    ref = session_table(trials, windows=windows)
    drop = [c for c in trials.columns if c not in STEP_COLUMNS and c not in readouts]
    return ref.drop(columns=[c for c in drop if c in ref])


@pytest.mark.parametrize("model, design, readouts", [
    ("rescorla_wagner", "operant", ("response", "q_drug")),
    ("drug_td", "choice", ("value",)),
    ("rescorla_wagner", "pavlovian", ("response", "prediction_error")),
    ("latent_cause_rw", "groups", ("response", "n_causes")),
])
def test_sessions_equal_the_host_session_table(model, design, readouts):
    protocol = _protocols()[design]
    kw = dict(n_subjects=6, seed=3, params={"beta": np.linspace(2.0, 9.0, 6)})
    got = simulate_sessions(model, protocol, windows=WINDOWS, readouts=readouts, **kw)
    ref = _reference(model, protocol, readouts, WINDOWS, **kw)
    assert list(got.columns) == list(ref.columns)
    measured = got.drop(columns=["subject", "session", "time"]).select_dtypes("number")
    assert (measured.to_numpy() != 0).any()  # something happened to compare
    pd.testing.assert_frame_equal(got, ref, check_exact=False, rtol=1e-9, atol=1e-9)


def test_sessions_chunked_and_subject_alone_agree():
    protocol = _protocols()["operant"]
    whole = simulate_sessions("rescorla_wagner", protocol, n_subjects=6, seed=3)
    chunked = simulate_sessions("rescorla_wagner", protocol, n_subjects=6, seed=3, chunk_size=4)
    pd.testing.assert_frame_equal(whole, chunked)
    alone = simulate_sessions("rescorla_wagner", protocol, subjects=[4], seed=3)
    pd.testing.assert_frame_equal(alone, whole[whole.subject == 4].reset_index(drop=True))


def test_repeated_session_calls_reuse_one_program():
    protocol = _protocols()["operant"]
    simulate_sessions("rescorla_wagner", protocol, n_subjects=5, seed=0)
    size = engine_run.run_sessions_block._cache_size()
    for seed in (1, 2):
        simulate_sessions("rescorla_wagner", protocol, n_subjects=5, seed=seed,
                          params={"eta": 0.05 * (seed + 1)})
    assert engine_run.run_sessions_block._cache_size() == size


def test_record_selection_keeps_only_those_columns():
    protocol = _protocols()["operant"]
    full = remission.simulate("rescorla_wagner", protocol, n_subjects=4, seed=2).trials
    some = remission.simulate("rescorla_wagner", protocol, n_subjects=4, seed=2,
                              record=("action", "drug", "response")).trials
    labels = ["subject", "group", "phase", "session", "trial", "step", "time", "context",
              "pavlovian", "us"]
    assert list(some.columns) == labels + ["action", "drug", "response"]
    pd.testing.assert_frame_equal(some, full[list(some.columns)])


def test_unknown_record_or_readout_is_refused_with_the_valid_names():
    protocol = _protocols()["operant"]
    with pytest.raises(RemissionError, match="respnse.*Did you mean 'response'"):
        remission.simulate("rescorla_wagner", protocol, n_subjects=2, record=("respnse",))
    with pytest.raises(RemissionError, match="read-out of model 'rescorla_wagner'.*'n_causes'"):
        simulate_sessions("rescorla_wagner", protocol, n_subjects=2, readouts=("n_causes",))
    with pytest.raises(RemissionError, match="windows"):
        simulate_sessions("rescorla_wagner", protocol, n_subjects=2, windows={"early": 10})


def test_a_session_table_too_large_for_memory_is_refused_before_work():
    protocol = _protocols()["operant"]
    with pytest.raises(RemissionError, match=r"n_subjects \(--subjects\) = 10,000,000,000,000 × .*sessions"):
        simulate_sessions("rescorla_wagner", protocol, n_subjects=10**13)
