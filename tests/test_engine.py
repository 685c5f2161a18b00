import numpy as np
import pandas as pd
import pytest

import remission
from remission import Beta, LogNormal, Population, RemissionError
from remission.engine import run as engine_run
from remission.engine.compile import compile_protocol
from remission.engine.simulation import engine_inputs, precision
from remission.params import resolve_params


def test_same_seed_same_numbers(short_sa):
    a = remission.simulate("rescorla_wagner", short_sa, n_subjects=20, seed=3)
    b = remission.simulate("rescorla_wagner", short_sa, n_subjects=20, seed=3)
    pd.testing.assert_frame_equal(a.trials, b.trials)
    c = remission.simulate("rescorla_wagner", short_sa, n_subjects=20, seed=4)
    assert not c.trials["action"].equals(a.trials["action"])


@pytest.mark.parametrize("model", ["rescorla_wagner", "drug_td"])
def test_subject_alone_equals_subject_in_batch_of_1000(model, short_sa):
    pop = Population(eta=Beta(a=2, b=8), beta=LogNormal(mu=1.5, sigma=0.3))
    batch = remission.simulate(model, short_sa, n_subjects=1000, params=pop, seed=11)
    for i in (0, 637, 999):
        alone = remission.simulate(model, short_sa, subjects=[i], params=pop, seed=11)
        expected = batch.trials[batch.trials.subject == i].reset_index(drop=True)
        pd.testing.assert_frame_equal(alone.trials, expected)
        assert alone.params.iloc[0].equals(batch.params.iloc[i].rename(0))


def test_chunked_equals_unchunked(short_sa):
    whole = remission.simulate("drug_td", short_sa, n_subjects=30, seed=5)
    chunked = remission.simulate("drug_td", short_sa, n_subjects=30, seed=5, chunk_size=8)
    pd.testing.assert_frame_equal(whole.trials, chunked.trials)


def test_tidy_table_has_the_documented_columns(short_sa):
    res = remission.simulate("rescorla_wagner", short_sa, n_subjects=3, seed=0)
    for col in ("subject", "group", "phase", "session", "step", "time", "context", "action",
                "drug", "reward", "shock", "value", "prediction_error"):
        assert col in res.trials, col
    assert len(res.trials) == 3 * short_sa.n_steps
    assert set(res.trials["action"].cat.categories) == {"none", "drug", "alternative", "inactive"}


def test_params_scalar_array_and_population(short_sa):
    eta = np.linspace(0.05, 0.3, 4)
    res = remission.simulate("rescorla_wagner", short_sa, n_subjects=4, params={"eta": eta, "beta": 8})
    assert np.allclose(res.params["eta"], eta) and np.all(res.params["beta"] == 8)
    pop = remission.simulate("rescorla_wagner", short_sa, n_subjects=50,
                             params=Population(eta=Beta(a=2, b=8)), seed=1)
    assert pop.params["eta"].std() > 0 and pop.params["eta"].between(0, 1).all()


def test_out_of_bounds_params_refused_before_compilation(short_sa, monkeypatch):
    def boom(*args, **kwargs):  # pragma: no cover - must not be reached
        raise AssertionError("compiled despite invalid parameters")

    monkeypatch.setattr("remission.engine.simulation.run_batch", boom)
    with pytest.raises(RemissionError, match=r"eta = 1.5 is out of bounds.*\[0.0, 0.5\]"):
        remission.simulate("rescorla_wagner", short_sa, n_subjects=2, params={"eta": 1.5})
    with pytest.raises(RemissionError, match="shape"):
        remission.simulate("rescorla_wagner", short_sa, n_subjects=2, params={"eta": [0.1, 0.2, 0.3]})
    with pytest.raises(RemissionError, match="Did you mean 'beta'"):
        remission.simulate("rescorla_wagner", short_sa, n_subjects=2, params={"betta": 2})


def test_unknown_model_suggests_a_name(short_sa):
    with pytest.raises(RemissionError, match="Did you mean 'rescorla_wagner'"):
        remission.simulate("rescorla_wagnr", short_sa)


def test_groups_share_subject_parameters():
    groups = {
        "ShA": remission.protocols.get("self_administration", sessions=1, access="short", bin="60 s"),
        "LgA": remission.protocols.get("self_administration", sessions=1, access="long", bin="60 s"),
    }
    res = remission.simulate("drug_td", groups, n_subjects=5, seed=2)
    per = res.trials.groupby("group", observed=True).size()
    assert per["LgA"] == 6 * per["ShA"]


def test_time_out_blocks_deliveries(short_sa):
    res = remission.simulate("rescorla_wagner", remission.protocols.get(
        "self_administration", sessions=1, bin="10 s"), n_subjects=20, params={"beta": 40}, seed=1)
    t = res.trials
    infusion_times = t[t.drug > 0].groupby("subject").time.diff().dropna()
    # a 20 s time-out blocks the next 10 s bin (it starts before the time-out ends), not the one after
    assert (infusion_times >= 20 / 60 - 1e-9).all() and (infusion_times < 30 / 60 - 1e-9).any()


def test_save_and_load_round_trip(short_sa, tmp_path):
    res = remission.simulate("rescorla_wagner", short_sa, n_subjects=3, seed=0)
    res.save(tmp_path / "run")
    back = remission.SimulationResult.load(tmp_path / "run")
    pd.testing.assert_frame_equal(back.trials, res.trials)
    assert back.config["seed"] == 0 and back.config["model"] == "rescorla_wagner"
    assert back.config["version"] == remission.__version__


def test_padding_is_invisible(short_sa):
    """120 steps run padded to a 128-step program; 180 steps to 192. The padded steps come after
    the real ones and change nothing: the first 120 steps of a 3-session run are the 2-session
    run's, number for number, and no padded step reaches the trial table."""
    from remission.engine.simulation import step_bucket

    assert step_bucket(120) >= 120 and step_bucket(1000) <= 1.13 * 1000
    assert step_bucket(119) == step_bucket(120)
    assert step_bucket(120) > 120 and step_bucket(180) > 180  # both runs below are padded
    longer = remission.protocols.get("self_administration", sessions=3, bin="60 s")
    a = remission.simulate("drug_td", short_sa, n_subjects=5, seed=2).trials
    b = remission.simulate("drug_td", longer, n_subjects=5, seed=2).trials
    assert len(a) == 5 * short_sa.n_steps and len(b) == 5 * longer.n_steps
    b = b[b["step"] < short_sa.n_steps].reset_index(drop=True)
    numbers = [c for c in a.columns if c not in ("phase", "group", "context", "action")]
    np.testing.assert_array_equal(a[numbers].to_numpy(float), b[numbers].to_numpy(float))
    assert (a["action"].astype(str) == b["action"].astype(str)).all()
    # the subject axis is padded too (5 subjects in chunks of 4: the last chunk is 1 of 4)
    c = remission.simulate("drug_td", short_sa, n_subjects=5, seed=2, chunk_size=4).trials
    pd.testing.assert_frame_equal(a, c)


@pytest.mark.parametrize("name", remission.models.names())
def test_engine_program_has_no_host_callbacks_and_float32_models_no_float64(name, short_sa):
    """GPU-ready (issue 15): the compiled scan never calls back to the host (a callback would
    stall an accelerator at every step), and a float32 model's program holds no 64-bit floats."""
    mdl = remission.models.get(name)
    comp = compile_protocol(short_sa)
    values = resolve_params(mdl.params, None, 2, mdl.name, seed=0)
    with precision(mdl):
        dims, obs, params, keys = engine_inputs(mdl, comp, values, np.arange(2), 0, short_sa.name)
        hlo = engine_run.run_batch.lower(mdl, dims, obs, params, keys, record=None).as_text()
    assert "callback" not in hlo.lower()
    if mdl.sim_dtype == "float32":
        assert "f64" not in hlo
