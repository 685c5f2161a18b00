"""The scorecard: computed (parameters move cells), reproducible, and the erasure/competition test."""

import pandas as pd
import pytest
from typer.testing import CliRunner

import remission
from remission.scoring import COLUMNS, classify, default_models, verdict
from remission.scoring.verdict import summary

N = 6
DUAL = {"erasure_only", "competition_only"} <= set(remission.models.names())
needs_dual = pytest.mark.skipif(not DUAL, reason="dual_trace presets not registered yet")


@pytest.fixture(scope="module")
def erasure_vs_competition():
    models = ["rescorla_wagner"] + (["erasure_only", "competition_only"] if DUAL else [])
    table = remission.scorecard(models=models, phenomena=["renewal", "spontaneous_recovery"],
                                n_subjects=N, seed=0)
    return table.set_index(["phenomenon", "model"])["passed"]


def test_rescorla_wagner_erasure_baseline_fails_spontaneous_recovery(erasure_vs_competition):
    assert erasure_vs_competition[("spontaneous_recovery", "rescorla_wagner")] == False  # noqa: E712
    assert erasure_vs_competition[("renewal", "rescorla_wagner")] == False  # noqa: E712


@needs_dual
def test_pure_erasure_fails_and_competition_passes_renewal_and_recovery(erasure_vs_competition):
    for pid in ("renewal", "spontaneous_recovery"):
        assert erasure_vs_competition[(pid, "erasure_only")] == False  # noqa: E712
        assert erasure_vs_competition[(pid, "competition_only")] == True  # noqa: E712


def test_cells_are_computed_parameters_move_and_flip_them():
    kw = dict(models=["rescorla_wagner"], phenomena=["choice_delay"], n_subjects=N, seed=0)
    base = remission.scorecard(**kw).iloc[0]
    steep = remission.scorecard(params={"rescorla_wagner": {"k": 0.5}}, **kw).iloc[0]
    assert base["passed"] and not steep["passed"]
    assert steep["simulated"] != base["simulated"] or pd.isna(steep["simulated"])


def test_same_seed_gives_byte_identical_csv(tmp_path):
    kw = dict(models=["rescorla_wagner"], phenomena=["spontaneous_recovery", "renewal"],
              n_subjects=N, seed=3, report=False)
    remission.scorecard(out=tmp_path / "a", **kw)
    remission.scorecard(out=tmp_path / "b", **kw)
    a, b = (tmp_path / d / "scorecard.csv" for d in "ab")
    assert a.read_bytes() == b.read_bytes()
    df = pd.read_csv(a)
    assert tuple(df.columns) == COLUMNS and len(df) == 2
    assert (tmp_path / "a" / "results" / "renewal__rescorla_wagner.parquet").exists()
    assert (tmp_path / "a" / "results" / "renewal__rescorla_wagner.json").exists()


def test_unknown_names_and_bad_params_are_refused():
    with pytest.raises(remission.RemissionError, match="rescorla_wagner"):
        remission.scorecard(models=["rescorla_wagnr"], phenomena=["renewal"], n_subjects=N)
    with pytest.raises(remission.RemissionError, match="not scored"):
        remission.scorecard(models=["rescorla_wagner"], phenomena=["renewal"], n_subjects=N,
                            params={"drug_td": {"eta": 0.1}})
    with pytest.raises(remission.RemissionError, match="eta"):
        remission.scorecard(models=["rescorla_wagner"], phenomena=["renewal"], n_subjects=N,
                            params={"rescorla_wagner": {"etaa": 0.1}})


def test_default_models_are_the_listed_registered_ones():
    models = default_models()
    assert models[:2] == ["rescorla_wagner", "drug_td"]
    assert set(models) <= set(remission.models.names())


def test_verdict_categories_follow_who_passes():
    rows = [("a", "rescorla_wagner", False), ("a", "latent_cause", True),
            ("b", "rescorla_wagner", True), ("b", "latent_cause", False),
            ("c", "rescorla_wagner", True), ("c", "latent_cause", True),
            ("d", "rescorla_wagner", False), ("d", "latent_cause", pd.NA)]
    table = pd.DataFrame(rows, columns=["phenomenon", "model", "passed"])
    cats = verdict(table).set_index("phenomenon")["category"].to_dict()
    assert cats == {"a": "competition", "b": "erasure", "c": "either", "d": "none"}
    assert classify("rescorla_wagner") == "erasure" and classify("latent_cause") == "competition"
    assert "1 are reproduced only by competition models (a)" in summary(table)
    table.loc[table["phenomenon"] == "a", "phenomenon"] = "sweet_choice"  # a finding about use
    assert verdict(table).set_index("phenomenon").loc["sweet_choice", "bears_on_remission"] == False  # noqa: E712
    assert "0 are reproduced only by competition" in summary(table)


def test_cli_scorecard_writes_csv_and_prints_report_path(tmp_path):
    from remission.cli import app

    out = tmp_path / "sc"
    result = CliRunner().invoke(app, ["scorecard", "-m", "rescorla_wagner", "-p", "spontaneous_recovery",
                                      "-n", str(N), "--out", str(out),
                                      "--param", "rescorla_wagner.eta=0.2"])
    assert result.exit_code == 0, result.output
    assert "report.html" in result.output and "spontaneous_recovery" in result.output
    assert (out / "scorecard.csv").exists() and (out / "report.html").exists()
    assert (out / "figures" / "spontaneous_recovery.png").read_bytes()[:4] == b"\x89PNG"
    bad = CliRunner().invoke(app, ["scorecard", "--param", "eta=0.2", "--out", str(out)])
    assert bad.exit_code == 2 and "MODEL.NAME=NUMBER" in bad.output
