"""The scorecard: computed (parameters move cells), reproducible, replicated with CIs that shrink,
errors reported as errors, and the erasure/competition contrast of the matched ablation."""

import dataclasses

import pandas as pd
import pytest
from typer.testing import CliRunner

import remission
from remission.phenomena.base import Phenomenon, Score
from remission.scoring import COLUMNS, classify, default_models, run_scorecard, verdict
from remission.scoring.runner import Runner, check_workers, parse_profile
from remission.scoring.verdict import intervals, summary

N, REPLICATES = 6, 3


@pytest.fixture(scope="module")
def contrast():
    run = run_scorecard(models=["rescorla_wagner", "erasure_only", "competition_only"],
                        phenomena=["renewal", "spontaneous_recovery"], n_subjects=N,
                        replicates=REPLICATES, seed=0, profile="epsilon=0,1")
    return run


def test_erasure_baseline_and_pure_erasure_fail_spontaneous_recovery_competition_passes(contrast):
    status = contrast.table.set_index(["phenomenon", "model"])["status"]
    assert status[("spontaneous_recovery", "rescorla_wagner")] == "fail"
    assert status[("spontaneous_recovery", "erasure_only")] == "fail"
    assert status[("spontaneous_recovery", "competition_only")] == "pass"


def test_profile_end_points_are_the_presets(contrast):
    """erasure_only and competition_only are dual_trace at ε = 1 and ε = 0: the profile's end
    points reproduce their cells exactly."""
    table = contrast.table.set_index(["phenomenon", "model"])
    for cell in contrast.profile:
        preset = "competition_only" if cell.values["epsilon"] == 0 else "erasure_only"
        assert cell.model == "dual_trace"
        assert cell.score.value.mean == pytest.approx(table.loc[(cell.phenomenon.id, preset), "simulated"],
                                                      rel=1e-5)
    iv = intervals(remission.scoring.table.profile_frame(contrast.profile, "epsilon"))
    sr = iv.set_index("phenomenon").loc["spontaneous_recovery"]
    assert sr["passes_at"] == "0" and sr["n_passing"] == 1


@pytest.mark.parametrize("bad", [0, -1, 1.5, "2", True])
def test_workers_must_be_a_whole_number_of_at_least_one(bad):
    with pytest.raises(remission.RemissionError, match=r"workers = .*at least 1"):
        check_workers(bad)
    assert check_workers(3) == 3 and check_workers(None) >= 1


def test_serial_and_threaded_cells_give_the_same_table_and_share_each_simulation(contrast, monkeypatch):
    """Cells run in threads (``workers``); the numbers do not depend on how many, and a group
    simulation two cells need at once is computed once."""
    from remission.scoring import runner as runner_module

    calls = []
    real = runner_module.simulate_sessions
    monkeypatch.setattr(runner_module, "simulate_sessions",
                        lambda model, protocols, n, population, *a:
                        calls.append((model.name, *protocols, population.model_dump_json())) or
                        real(model, protocols, n, population, *a))
    kw = dict(models=["rescorla_wagner", "erasure_only", "competition_only"],
              phenomena=["renewal", "spontaneous_recovery"], n_subjects=N, replicates=REPLICATES,
              seed=0, profile="epsilon=0,1")
    serial = run_scorecard(workers=1, **kw)
    pd.testing.assert_frame_equal(serial.table, contrast.table)
    n_serial, calls[:] = len(calls), []
    threaded = run_scorecard(workers=4, **kw)
    pd.testing.assert_frame_equal(threaded.table, contrast.table)
    assert len(calls) == n_serial == len(set(calls))
    with pytest.raises(remission.RemissionError, match="workers = 0"):
        run_scorecard(workers=0, **kw)


def test_the_interval_shrinks_with_more_replicates():
    kw = dict(models=["mixed"], phenomena=["spontaneous_recovery"], n_subjects=N, seed=1, profile=None)
    few = run_scorecard(replicates=3, **kw).table.iloc[0]
    many = run_scorecard(replicates=12, **kw).table.iloc[0]
    assert (many["simulated_high"] - many["simulated_low"]) < (few["simulated_high"] - few["simulated_low"])


def test_cells_are_computed_parameters_move_and_flip_them():
    kw = dict(models=["rescorla_wagner"], phenomena=["renewal"], n_subjects=N,
              replicates=REPLICATES, seed=0)
    base = remission.scorecard(**kw).iloc[0]
    slow = remission.scorecard(params={"rescorla_wagner": {"eta": 0.01}}, **kw).iloc[0]
    assert abs(slow["simulated"] - base["simulated"]) > 0.1 * abs(base["simulated"])


def test_same_seed_gives_byte_identical_csv(tmp_path):
    kw = dict(models=["rescorla_wagner"], phenomena=["spontaneous_recovery", "renewal"],
              n_subjects=N, replicates=REPLICATES, seed=3, report=False)
    remission.scorecard(out=tmp_path / "a", **kw)
    remission.scorecard(out=tmp_path / "b", **kw)
    a, b = (tmp_path / d / "scorecard.csv" for d in "ab")
    assert a.read_bytes() == b.read_bytes()
    df = pd.read_csv(a)
    assert tuple(df.columns) == COLUMNS and len(df) == 2
    assert (tmp_path / "a" / "results" / "renewal__rescorla_wagner.parquet").exists()
    assert (tmp_path / "a" / "results" / "renewal__rescorla_wagner.json").exists()


def test_a_cell_that_raises_is_an_error_not_a_fail():
    broken = dataclasses.replace(remission.phenomena.get("spontaneous_recovery"), id="broken",
                                 measure=lambda sessions: 1 / 0)
    cell = Runner(N, REPLICATES).cell(broken, "rescorla_wagner")
    assert cell.score.status == "error" and "ZeroDivisionError" in cell.score.note
    assert cell.score.passed is None


def test_unknown_names_and_bad_params_are_refused():
    with pytest.raises(remission.RemissionError, match="rescorla_wagner"):
        run_scorecard(models=["rescorla_wagnr"], phenomena=["renewal"])
    with pytest.raises(remission.RemissionError, match="not scored"):
        run_scorecard(models=["rescorla_wagner"], phenomena=["renewal"], params={"drug_td": {"eta": 0.1}})
    with pytest.raises(remission.RemissionError, match="eta"):
        run_scorecard(models=["rescorla_wagner"], phenomena=["renewal"],
                      params={"rescorla_wagner": {"etaa": 0.1}})
    with pytest.raises(remission.RemissionError, match="none of the scored models"):
        run_scorecard(models=["rescorla_wagner"], phenomena=["renewal"], profile="epsilon=0:1:3")
    with pytest.raises(remission.RemissionError, match="START:STOP:COUNT"):
        parse_profile("epsilon=zero")
    with pytest.raises(remission.RemissionError, match="replicate"):
        run_scorecard(models=["rescorla_wagner"], phenomena=["renewal"], replicates=1)
    assert parse_profile("epsilon=0:1:5") == ("epsilon", [0.0, 0.25, 0.5, 0.75, 1.0])


def test_default_models_are_the_listed_registered_ones():
    models = default_models()
    assert models[:2] == ["rescorla_wagner", "drug_td"]
    assert set(models) <= set(remission.models.names())


def test_verdict_follows_who_passes_by_their_metadata():
    rows = [("renewal", "rescorla_wagner", "fail"), ("renewal", "latent_cause", "pass"),
            ("incubation", "rescorla_wagner", "pass"), ("incubation", "latent_cause", "fail"),
            ("reinstatement", "rescorla_wagner", "pass"), ("reinstatement", "latent_cause", "pass"),
            ("depotentiation", "rescorla_wagner", "n/a"), ("depotentiation", "latent_cause", "fail"),
            ("sweet_choice", "rescorla_wagner", "fail"), ("sweet_choice", "latent_cause", "pass")]
    table = pd.DataFrame(rows, columns=["phenomenon", "model", "status"])
    table["tag"] = table["phenomenon"].map(lambda p: remission.phenomena.get(p).tag)
    cats = verdict(table).set_index("phenomenon")["category"].to_dict()
    assert cats == {"renewal": "competition", "incubation": "erasure", "reinstatement": "either",
                    "depotentiation": "none", "sweet_choice": "competition"}
    assert classify("rescorla_wagner") == "erasure" and classify("latent_cause") == "competition"
    assert classify("dual_trace", {"epsilon": 1.0}) == "erasure"
    text = summary(table)
    assert "1 are reproduced only by competition models (renewal)" in text
    assert "sweet_choice" in text.split("drug use and choice")[1]  # a finding about use, left out


def test_cli_scorecard_writes_csv_profile_and_report(tmp_path):
    from remission.cli import app

    out = tmp_path / "sc"
    result = CliRunner().invoke(app, ["scorecard", "-m", "rescorla_wagner,mixed", "-p",
                                      "spontaneous_recovery", "-n", str(N), "-r", str(REPLICATES),
                                      "--out", str(out), "--profile", "epsilon=0,1",
                                      "--param", "rescorla_wagner.eta=0.2"])
    assert result.exit_code == 0, result.output
    assert "report.html" in result.output and "spontaneous_recovery" in result.output
    for name in ("scorecard.csv", "profile.csv", "intervals.csv", "report.html"):
        assert (out / name).exists(), name
    assert (out / "figures" / "spontaneous_recovery.png").read_bytes()[:4] == b"\x89PNG"
    assert (out / "figures" / "profile_dual_trace_epsilon.png").exists()
    bad = CliRunner().invoke(app, ["scorecard", "--param", "eta=0.2", "--out", str(out)])
    assert bad.exit_code == 2 and "MODEL.NAME=NUMBER" in bad.output


def test_cli_exits_non_zero_when_a_cell_errors_unless_keep_going(tmp_path, monkeypatch):
    from remission.cli import app
    from remission.scoring import runner

    def boom(*args, **kwargs):
        raise MemoryError("Unable to allocate 7.28 TiB")

    monkeypatch.setattr(runner, "simulate_sessions", boom)
    args = ["scorecard", "-m", "rescorla_wagner", "-p", "spontaneous_recovery", "-n", str(N),
            "-r", str(REPLICATES), "--profile", "none", "--out", str(tmp_path / "e")]
    failed = CliRunner().invoke(app, args)
    assert failed.exit_code == 1 and "MemoryError" in failed.output
    assert "error" in pd.read_csv(tmp_path / "e" / "scorecard.csv")["status"].tolist()
    kept = CliRunner().invoke(app, [*args, "--keep-going", "--force"])
    assert kept.exit_code == 0
