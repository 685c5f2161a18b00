"""Grid fit of the LCM alpha (MODELS.md §4) and the ``remission fit-lcm`` command."""

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from remission import RemissionError
from remission.cli import app
from remission.models import latent_cause
from remission.fitting.lcm_grid import fit_alpha, loglik_table


def _subject(name, alpha, n, rng, noise=0.05):
    us = np.r_[np.ones(12), np.zeros(18)][:n]
    ctx_b = np.r_[np.zeros(12), np.ones(14), np.zeros(4)][:n]
    x = np.stack([us, np.ones(n), 1 - ctx_b, ctx_b], axis=1)
    cr = latent_cause.infer(x, alpha=alpha).v + rng.normal(0, noise, n)
    cr[rng.random(n) < 0.1] = np.nan
    return pd.DataFrame({"subject": name, "us": us, "cs": 1.0, "ctx_a": 1 - ctx_b, "ctx_b": ctx_b,
                         "cr": cr})


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(0)
    return pd.concat([_subject("one_cause", 0.0, 30, rng), _subject("many", 4.0, 27, rng),
                      _subject("short", 4.0, 22, rng)], ignore_index=True)


def test_fit_recovers_single_versus_several_causes(data):
    fit = fit_alpha(data, ["cs", "ctx_a", "ctx_b"]).set_index("subject")
    assert list(fit["n_trials"]) == [int(data.query("subject == @s").cr.notna().sum()) for s in fit.index]
    assert fit.loc["one_cause", "log_bf"] < 0 < fit.loc["many", "log_bf"]
    assert fit.loc["one_cause", "e_alpha"] < 0.5 < 1.0 < fit.loc["many", "e_alpha"]
    long = loglik_table(fit.reset_index())
    assert len(long) == 3 * 50 and np.allclose(long.groupby("subject").posterior.sum(), 1.0)


def test_loglik_matches_a_direct_computation(data):
    fit = fit_alpha(data, ["cs", "ctx_a", "ctx_b"], alphas=[0.0, 2.5])
    g = data.query("subject == 'many'")
    v = latent_cause.infer(g[["us", "cs", "ctx_a", "ctx_b"]].to_numpy(), alpha=2.5).v
    ok = g.cr.notna().to_numpy()
    y, v = g.cr.to_numpy()[ok], v[ok]
    b = v @ y / (v @ v)
    sigma = np.sqrt(np.mean((y - b * v) ** 2))
    expected = np.sum(-0.5 * ((y - b * v) / sigma) ** 2 - np.log(sigma) - 0.5 * np.log(2 * np.pi))
    assert fit.attrs["loglik"]["many"][1] == pytest.approx(expected, rel=1e-10)
    assert fit.set_index("subject").loc["many", "loglik_alpha0"] == pytest.approx(fit.attrs["loglik"]["many"][0])


def test_bad_columns_raise_named_errors(data):
    with pytest.raises(RemissionError, match="missing column.*'tone'"):
        fit_alpha(data, ["tone"])
    with pytest.raises(RemissionError, match="'cr' must be numeric"):
        fit_alpha(data.assign(cr="high"), ["cs"])
    with pytest.raises(RemissionError, match="'cs' must be 0/1"):
        fit_alpha(data.assign(cs=0.5), ["cs"])


def test_cli_fit_lcm_writes_table_and_figure(data, tmp_path):
    path = tmp_path / "data.csv"
    data.to_csv(path, index=False)
    runner = CliRunner()
    res = runner.invoke(app, ["fit-lcm", str(path), "--cues", "cs,ctx_a,ctx_b", "--out", str(tmp_path / "o")])
    assert res.exit_code == 0, res.output
    table = pd.read_csv(tmp_path / "o" / "fit_lcm.csv")
    assert set(table.subject) == {"one_cause", "many", "short"}
    assert (tmp_path / "o" / "alpha_posterior.png").stat().st_size > 1000
    assert len(pd.read_csv(tmp_path / "o" / "fit_lcm_loglik.csv")) == 150

    bad = runner.invoke(app, ["fit-lcm", str(path), "--cues", "cs,tone", "--out", str(tmp_path / "b")])
    assert bad.exit_code == 2 and "tone" in bad.output and "Traceback" not in bad.output
    missing = runner.invoke(app, ["fit-lcm", str(tmp_path / "nope.csv"), "--cues", "cs"])
    assert missing.exit_code == 2 and "nope.csv" in missing.output
