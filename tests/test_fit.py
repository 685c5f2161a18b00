"""Fitting: likelihood consistency, MLE recovery, Bayes, comparison, regressors, every model, CLI."""

from pathlib import Path

import jax
import jax.numpy as jnp
import numpy as np
import pandas as pd
import pytest

import remission
from remission.engine.run import action_log_likelihood
from remission.fitting.likelihood import ParamLayout, batch_log_likelihood, prepare
from remission.fitting.recovery import parameter_recovery, simulate_data
from remission.io import build_design

DATA = Path(__file__).parent / "data"
RW = "rescorla_wagner"
TRUE_ETA = np.linspace(0.05, 0.3, 12)


@pytest.fixture(scope="module")
def rw_data():
    """12 simulated RW subjects x 80 trials of the recovery bandit, η over the usual range
    (docs/MODELS.md §1: 0.05–0.3; the box stops at rescorla_wagner.ETA_MAX = 0.5)."""
    model = remission.models.get(RW)
    return simulate_data(model, 12, 80, {"eta": TRUE_ETA}, seed=3)


@jax.enable_x64(True)  # internals (batch_log_likelihood, action_log_likelihood) run in 64-bit
def test_likelihood_is_the_engine_replay_and_ignores_padding(rw_data):
    model = remission.models.get(RW)
    full = build_design(rw_data)
    short = build_design(rw_data.subset(["0"]).__class__(
        rw_data.trials[(rw_data.trials["subject"] != "0") | (rw_data.trials["trial"] < 5)
                       | (rw_data.trials["phase"] != "block1")].reset_index(drop=True)))
    layout = ParamLayout(model)
    u = jnp.zeros((full.n_subjects, layout.n))
    ll = batch_log_likelihood(model, full.dims, layout.names, u, layout.fixed_arrays(full.n_subjects),
                              *prepare(model, full))
    obs, actions, outcomes, mask, *_ = full.arrays()
    one = jax.tree.map(lambda a: a[0], (obs, actions, outcomes))
    params = {**layout.fixed, **layout.constrain(u[0])}
    logp, _ = action_log_likelihood(model, full.dims, one[0], params, one[1], one[2])
    assert float(ll[0]) == pytest.approx(float(jnp.sum(jnp.where(mask[0], logp, 0.0))), abs=1e-9)
    # subject 0 shortened (padded): the other subjects' likelihoods are unchanged
    ll2 = batch_log_likelihood(model, short.dims, layout.names, u, layout.fixed_arrays(short.n_subjects),
                               *prepare(model, short))
    assert short.valid[0].sum() < full.valid[0].sum()
    np.testing.assert_allclose(np.asarray(ll2[1:]), np.asarray(ll[1:]), atol=1e-9)


def test_mle_recovery_small():
    """A smaller version of benchmarks/recovery.py: 24 subjects x 160 trials."""
    summary, pairs = parameter_recovery(RW, n_subjects=24, n_trials=160, seed=11, starts=3)
    r = dict(zip(summary["parameter"], summary["r"]))
    assert r["eta"] > 0.75 and r["beta"] > 0.75, summary


def test_the_last_running_fits_finish_in_a_narrow_batch_on_their_own_path(rw_data, monkeypatch):
    """fit_mle hands the fits still running at the end to a batch of width TAIL; each fit's
    arithmetic is its own, so the estimates equal (to numerical precision) one batch run to the end."""
    from remission.fitting import mle

    model, design = remission.models.get(RW), build_design(rw_data)
    leaves, bfgs = [], mle._bfgs
    monkeypatch.setattr(mle, "_bfgs", lambda *a, **k: leaves.append(k["leave"]) or bfgs(*a, **k))
    monkeypatch.setattr(mle, "TAIL", 4)  # 12 subjects x 3 starts = 36 fits
    tail = mle.fit_mle(model, design, starts=3)
    assert leaves == [4, 0]
    monkeypatch.setattr(mle, "TAIL", 100)  # one batch
    whole = mle.fit_mle(model, design, starts=3)
    assert leaves == [4, 0, 0]
    # where the likelihood is nearly flat (one subject's η near the box's bound, 0.49 of 0.5) the
    # last bits of the batch's arithmetic move the point where BFGS stops: ~1e-7 in the estimate,
    # ~2e-12 in the log-likelihood (measured); elsewhere they agree to the last digits
    np.testing.assert_allclose(tail["params"]["estimate"], whole["params"]["estimate"], rtol=1e-6)
    np.testing.assert_allclose(tail["subjects"]["loglik"], whole["subjects"]["loglik"], rtol=1e-10)
    assert tail["subjects"]["converged"].tolist() == whole["subjects"]["converged"].tolist()


@jax.enable_x64(True)
def test_map_maximises_likelihood_plus_log_prior_and_shrinks_towards_the_prior(rw_data):
    """method="map": each fit's estimate is a stationary point of log-likelihood + log prior
    (not of the likelihood), lies nearer the prior's centre than the MLE, and reports the
    likelihood itself at that point."""
    from remission.fitting import mle

    model = remission.models.get(RW)
    small = rw_data.subset([str(i) for i in range(4)])
    design = build_design(small)
    layout = ParamLayout(model, ["eta", "beta", "rest"])
    ml = mle.fit_mle(model, design, fit=layout, starts=2)
    mp = remission.fit(RW, small, method="map", starts=2, fit=["eta", "beta", "rest"])
    assert mp.method == "map" and "bic" not in mp.subjects
    u = np.stack([layout.unconstrain(row) for row in mp.estimates()[list(layout.names)].to_dict("records")])
    data, fx = prepare(model, design), layout.fixed_arrays(design.n_subjects)
    mean, precision = mle.prior_arrays(layout, True)

    def objective(U):
        return jnp.sum(batch_log_likelihood(model, design.dims, layout.names, U, fx, *data)
                       - mle.penalty(U, (mean, precision)))

    g_post = np.asarray(jax.grad(objective)(jnp.asarray(u)))
    g_lik = np.asarray(jax.grad(lambda U: jnp.sum(batch_log_likelihood(
        model, design.dims, layout.names, U, fx, *data)))(jnp.asarray(u)))
    assert np.abs(g_post).max() < 1e-3 < np.abs(g_lik).max()
    u_ml = np.stack([layout.unconstrain(row) for row in ml["params"].pivot(
        index="subject", columns="parameter", values="estimate").loc[design.subjects][list(layout.names)]
        .to_dict("records")])
    assert np.sum(precision * (u - mean) ** 2) < np.sum(precision * (u_ml - mean) ** 2)
    ll = np.asarray(batch_log_likelihood(model, design.dims, layout.names, jnp.asarray(u), fx, *data))
    np.testing.assert_allclose(mp.subjects["loglik"], ll, rtol=1e-6)
    assert (mp.subjects["loglik"] <= ml["subjects"]["loglik"] + 1e-6).all()


def test_fit_front_door_mle_and_outputs(rw_data, tmp_path):
    res = remission.fit(RW, rw_data, method="mle", starts=2, fixed={"lapse": 0.05})
    # the bandit offers "none" and subjects sometimes chose it: the value of not responding is fitted
    assert set(res.params["parameter"]) == {"eta", "beta", "rest"} and res.fixed["lapse"] == 0.05
    assert (res.subjects["loglik"] > res.subjects["loglik_chance"]).all()
    assert np.isfinite(res.params["se"]).mean() > 0.8
    assert (res.params["ci_low"] <= res.params["estimate"]).all()
    assert (res.subjects["loglik"] < 0).all() and res.bic > 0
    est = res.estimates()
    assert est["eta"].corr(pd.Series(TRUE_ETA, index=est.index)) > 0.6
    out = res.save(tmp_path / "fit")
    for name in ("params.csv", "subjects.csv", "fit.json", "estimates.png", "ppc.png"):
        assert (out / name).is_file(), name
    one = remission.fit(RW, rw_data, fit=["eta"], starts=1)
    assert set(one.params["parameter"]) == {"eta"}
    with pytest.raises(remission.RemissionError, match="unknown parameter"):
        remission.fit(RW, rw_data, fit=["etta"])


@pytest.fixture(scope="module")
def bayes_fit(rw_data):
    """Hierarchical NUTS on the 12 simulated subjects (true η from 0.05 to 0.3): 2 chains of 150
    draws after 150 warm-up steps, η fitted (one NUTS run shared by the Bayes tests)."""
    return remission.fit(RW, rw_data, method="bayes", fit=["eta"], chains=2, warmup=150, samples=150,
                         seed=2)


def test_bayes_small_writes_netcdf_and_diagnostics(bayes_fit, tmp_path):
    res = bayes_fit
    post = res.idata.posterior
    assert {"mu_eta", "sigma_eta", "eta", "eta_group"} <= set(post.data_vars)
    assert "beta" not in post.data_vars  # held fixed: not sampled
    assert post["eta"].shape == (2, 150, 12)
    assert res.idata.log_likelihood["log_lik"].shape == (2, 150, 12)
    assert {"max_rhat", "min_ess_bulk", "divergences"} <= set(res.diagnostics)
    assert not any("one chain" in w for w in res.warnings)
    out = res.save(tmp_path / "bayes")
    import arviz as az

    back = az.from_netcdf(str(out / "posterior.nc"))
    np.testing.assert_allclose(back.posterior["eta"].values, post["eta"].values)


def test_compare_and_regressors(rw_data, tmp_path):
    from remission.fitting import compare, export_events

    table, fits = compare([RW, "drug_td"], rw_data, method="mle", starts=2)
    assert list(table.columns[:4]) == ["model", "k", "loglik", "bic"]
    assert table["delta_bic"].iloc[0] == 0 and table["subjects_best"].sum() == 12
    paths = export_events(fits[RW], tmp_path / "ev", task="bandit")
    assert len(paths) == 12 * 8  # one file per subject and session (each reversal block)
    ev = pd.read_csv(paths[0], sep="\t")
    assert list(ev.columns[:3]) == ["onset", "duration", "trial_type"]
    assert {"value", "prediction_error", "q_drug", "p_drug", "log_p_choice"} <= set(ev.columns)
    assert ev["onset"].iloc[0] == 0 and ev["onset"].is_monotonic_increasing


@pytest.mark.parametrize("name", remission.models.names())
@jax.enable_x64(True)
def test_every_registered_model_has_a_finite_likelihood_and_gradient(name):
    model = remission.models.get(name)
    design = build_design(simulate_data(model, 2, 12, {}, seed=0, protocol=remission.protocols.get("reversal_bandit", n_trials=12)))
    layout = ParamLayout(model)
    data = prepare(model, design)
    fx = layout.fixed_arrays(2)
    u = jnp.asarray(layout.unconstrain({s.name: s.default for s in layout.specs}))[None].repeat(2, 0)
    f = lambda u: batch_log_likelihood(model, design.dims, layout.names, u, fx, *data).sum()  # noqa: E731
    value, grad = jax.value_and_grad(f)(u)
    assert np.isfinite(float(value)) and float(value) < 0
    assert np.isfinite(np.asarray(grad)).all()


def test_cli_fit_and_errors(tmp_path):
    from typer.testing import CliRunner

    from remission.cli import app

    runner = CliRunner()
    out = tmp_path / "cli"
    r = runner.invoke(app, ["fit", str(DATA / "hbayesdm_small.txt"), "--model", RW, "--out", str(out),
                            "--starts", "1"])
    assert r.exit_code == 0, r.output
    assert (out / "params.csv").is_file()
    bad = tmp_path / "bad.csv"
    bad.write_text("subject,choice\n1,drug\n1,left\n")
    r = runner.invoke(app, ["fit", str(bad), "--out", str(out)])
    assert r.exit_code == 2 and "row 2" in r.output and "Traceback" not in r.output
    rec = tmp_path / "rec"
    r = runner.invoke(app, ["recover", "--model", RW, "-n", "4", "-t", "16", "--out", str(rec)])
    assert r.exit_code == 0, r.output
    table = pd.read_csv(rec / "recovery.csv")
    assert list(table.columns[:5]) == ["model", "parameter", "n_subjects", "n_trials", "r"]
    assert (rec / "recovery.png").is_file()


def test_dual_trace_recovery_and_epsilon_discrimination_small():
    """Smaller version of benchmarks/recovery.py for the erasure share ε."""
    from remission.fitting.erasure import epsilon_discrimination

    summary, _ = parameter_recovery("dual_trace", n_subjects=12, n_trials=80, seed=5, starts=2)
    r = dict(zip(summary["parameter"], summary["r"]))
    assert set(r) == {"epsilon", "eta", "beta"}
    assert r["epsilon"] > 0.7 and r["eta"] > 0.7, summary
    d = epsilon_discrimination(n_datasets=2, n_subjects=12, n_trials=80, seed=7, starts=2)  # same shapes
    assert d["correct"].all(), d


def test_bayes_converges_and_recovers_on_a_small_problem(bayes_fit):
    """Every R-hat below 1.05, few divergences, and the per-subject posterior means of η order
    the subjects as the truth does (r > 0.7)."""
    res = bayes_fit
    d = res.diagnostics
    assert d["max_rhat"] < 1.05, d
    assert d["divergences"] <= 4, d
    eta = res.params[res.params["parameter"] == "eta"].set_index("subject")["estimate"]
    truth = pd.Series(TRUE_ETA, index=[str(i) for i in range(12)])
    r = np.corrcoef(eta.loc[truth.index].to_numpy(float), truth.to_numpy())[0, 1]
    assert r > 0.7, (r, eta.to_dict())
    mu = res.idata.posterior["mu_eta"].values.ravel()
    assert np.isfinite(mu).all() and mu.std() > 0  # a real posterior, not a point


def test_cli_compare_and_export_regressors_exit_codes(tmp_path):
    from typer.testing import CliRunner

    from remission.cli import app

    runner = CliRunner()
    data = str(DATA / "tidy_small.csv")
    out = tmp_path / "cmp"
    r = runner.invoke(app, ["compare", data, "-m", RW, "-m", "drug_td", "--out", str(out)])
    assert r.exit_code == 0, r.output
    table = pd.read_csv(out / "compare.csv")
    assert sorted(table["model"]) == sorted([RW, "drug_td"]) and (out / "compare.png").is_file()
    assert table["delta_bic"].min() == 0
    r = runner.invoke(app, ["compare", data, "-m", RW, "-m", "drug_td", "--out", str(out)])
    assert r.exit_code == 2 and "--force" in r.output  # nothing overwritten
    r = runner.invoke(app, ["compare", data, "-m", RW, "-m", "nosuch", "--out", str(tmp_path / "c2")])
    assert r.exit_code == 2 and "nosuch" in r.output
    ev = tmp_path / "ev"
    r = runner.invoke(app, ["export-regressors", data, "-m", RW, "--task", "bandit", "--out", str(ev)])
    assert r.exit_code == 0, r.output
    files = sorted(ev.rglob("*_events.tsv"))
    assert files and "task-bandit" in files[0].name
    events = pd.read_csv(files[0], sep="\t")
    assert list(events.columns[:3]) == ["onset", "duration", "trial_type"] and len(events) > 0
    r = runner.invoke(app, ["export-regressors", data, "-m", "nosuch", "--out", str(tmp_path / "e2")])
    assert r.exit_code == 2 and "nosuch" in r.output
