"""Calibration at a tiny budget (few subjects, 2 replicates, 2-3 findings, few evaluations):
resume equals an uninterrupted run exactly, the population file round-trips through the
scorecard, the split holds findings out, bad input is refused, and ε is recovered."""

from __future__ import annotations

import json

import numpy as np
import pytest
from typer.testing import CliRunner

from remission.calibration import Budget, calibrate
from remission.calibration.profile import abc
from remission.calibration.space import Space
from remission.calibration.splits import leave_one_out, split
from remission.errors import RemissionError
from remission.params import read_population

TINY = Budget(evaluations=8, popsize=4, n_subjects=4, replicates=2, profile_evaluations=4,
              score_subjects=4, score_replicates=2)
TRAIN, TEST = "escalation", "renewal"


class Stop(Exception):
    pass


@pytest.fixture(scope="module")
def full(tmp_path_factory):
    out = tmp_path_factory.mktemp("full")
    return out, calibrate(["rescorla_wagner"], train=TRAIN, test=TEST, out=out, budget=TINY,
                          report=False)


def _lines(path):
    return [json.loads(line) for line in (path / "history.jsonl").read_text().splitlines()]


def test_resume_equals_an_uninterrupted_run(full, tmp_path):
    out_full, res_full = full
    seen = []

    def kill_after_first_generation(done, total, label):
        seen.append(label)
        if "gen 1/" in label:
            raise Stop

    with pytest.raises(Stop):
        calibrate(["rescorla_wagner"], train=TRAIN, test=TEST, out=tmp_path, budget=TINY,
                  report=False, progress=kill_after_first_generation)
    assert len(_lines(tmp_path)) == TINY.popsize  # the first generation was streamed
    with pytest.raises(RemissionError, match="--resume"):
        calibrate(["rescorla_wagner"], train=TRAIN, test=TEST, out=tmp_path, budget=TINY)
    res = calibrate(["rescorla_wagner"], train=TRAIN, test=TEST, out=tmp_path, budget=TINY,
                    resume=True, report=False)
    assert _lines(tmp_path) == _lines(out_full)
    assert (tmp_path / "rescorla_wagner" / "best.toml").read_text() == \
        (out_full / "rescorla_wagner" / "best.toml").read_text()
    assert res.fits["rescorla_wagner"].trace.best_loss == res_full.fits["rescorla_wagner"].trace.best_loss
    with pytest.raises(RemissionError, match="other settings"):
        calibrate(["rescorla_wagner"], train=TRAIN, test=TEST, out=tmp_path, budget=TINY, seed=3,
                  resume=True)


def test_held_out_split_and_scores(full):
    _, res = full
    fit = res.fits["rescorla_wagner"]
    assert fit.train == (TRAIN,) and fit.test == (TEST,)
    # the optimiser saw only the training finding
    logged = [r for r in res.fits["rescorla_wagner"].trace.generations]
    assert len(logged) == TINY.evaluations // TINY.popsize
    summary = res.summary()
    row = summary.iloc[0]
    assert 0 <= row["test_low"] <= row["test"] <= row["test_high"] <= 1
    assert row["k"] == Space.of("rescorla_wagner").dim == 3
    assert row["penalised"] == pytest.approx(row["test"] - 0.005 * 3)
    table = res.table()
    assert set(table["set"]) == {"train", "test"}
    default = split()
    assert default.train and default.test and not set(default.train) & set(default.test)
    folds = leave_one_out(["renewal", "escalation", "incubation"])
    assert [f.test for f in folds] == [("renewal",), ("escalation",), ("incubation",)]
    assert all(f.test[0] not in f.train for f in folds)


def test_population_file_round_trips_through_the_scorecard(full):
    out, res = full
    from remission.cli import app

    path = out / "rescorla_wagner" / "best.toml"
    population, meta = read_population(path)
    assert meta["model"] == "rescorla_wagner"
    assert population == res.fits["rescorla_wagner"].population
    card = out / "card"
    result = CliRunner().invoke(app, ["scorecard", "--population", str(path), "-m", "rescorla_wagner",
                                      "-p", TEST, "-n", "4", "-r", "2", "--seed", "1",
                                      "--profile", "none", "--out", str(card)])
    assert result.exit_code == 0, result.output
    import pandas as pd

    row = pd.read_csv(card / "scorecard.csv").iloc[0]
    # the scorecard at the final scoring's seed reproduces the calibration's held-out score
    assert row["score"] == pytest.approx(res.fits["rescorla_wagner"].scores["scores"][TEST], abs=1e-12)


@pytest.mark.parametrize("kwargs, match", [
    ({"models": ["nope"]}, "unknown model 'nope'.*rescorla_wagner"),
    ({"train": "usee"}, "'usee' is neither a tag nor a finding; valid: all, use, remission"),
    ({"test": "renewall"}, "'renewall'.*renewal"),
    ({"cv": "loo"}, "'loo'.*leave-one-out"),
    ({"train": "renewal", "test": "renewal"}, "renewal also in train"),
    ({"free": ["lapse"]}, "'lapse'.*not free.*eta"),
])
def test_bad_input_is_refused_naming_the_value(kwargs, match, tmp_path):
    args = {"models": ["rescorla_wagner"], "train": TRAIN, "test": TEST, "out": tmp_path / "x",
            "budget": TINY, **kwargs}
    with pytest.raises(RemissionError, match=match):
        calibrate(**args)
    assert not (tmp_path / "x").exists()  # refused before anything was written


def test_cli_errors_exit_2(tmp_path):
    from remission.cli import app

    r = CliRunner().invoke(app, ["calibrate", "--models", "nope", "--out", str(tmp_path)])
    assert r.exit_code == 2 and "unknown model 'nope'" in r.output


def test_abc_posterior_prefers_the_closest_value():
    post = abc([0.0, 0.5, 1.0], [np.array([0.2, 0.25]), np.array([0.5, 0.55]), np.array([0.8, 0.9])])
    assert post.weights[0] > post.weights[1] >= post.weights[2]
    assert 0.0 <= post.low <= post.mean <= post.high <= 1.0


@pytest.mark.parametrize("truth", [0.2])
def test_recovery_of_epsilon_at_a_small_budget(truth):
    """Synthetic targets from dual_trace with ε = 0.2 (another seed); calibrating ε alone gets
    within ±0.1 of it."""
    from remission import models
    from remission.calibration.targets import synthetic

    findings = ["renewal", "spontaneous_recovery"]
    pop = models.get("dual_trace").population({"epsilon": truth})
    targets = synthetic("dual_trace", pop, findings, TINY.n_subjects, TINY.replicates)
    budget = Budget(evaluations=16, popsize=4, n_subjects=4, replicates=2, score_subjects=4,
                    score_replicates=2)
    res = calibrate(["dual_trace"], train=findings, test=[], free=["epsilon"], fit_spread=False,
                    targets=targets, budget=budget, report=False)
    eps = res.fits["dual_trace"].trace.space.values(res.fits["dual_trace"].trace.best_x)["epsilon"]
    assert abs(eps - truth) <= 0.1, eps


def test_leave_one_out_scores_each_finding_from_the_fold_that_left_it_out(tmp_path):
    budget = Budget(evaluations=4, popsize=4, n_subjects=4, replicates=2, score_subjects=4,
                    score_replicates=2)
    res = calibrate(["rescorla_wagner"], train=[TRAIN, TEST], test=[], cv="leave-one-out", out=tmp_path,
                    budget=budget, report=False)
    folds = res.cv["rescorla_wagner"]
    assert [f.test for f in folds] == [(TRAIN,), (TEST,)]
    assert [f.train for f in folds] == [(TEST,), (TRAIN,)]
    row = res.summary().iloc[0]
    assert row["test_n"] == 2 and 0 <= row["test"] <= 1
    assert (tmp_path / "rescorla_wagner" / "loo" / f"{TEST}.toml").exists()


def test_dask_workers_give_the_in_process_scores():
    from distributed import Client, LocalCluster

    from remission import phenomena
    from remission.calibration.distribute import score_on
    from remission.calibration.evaluate import Evaluator

    space = Space.of("rescorla_wagner")
    pops = [space.population(space.x0() + d) for d in np.linspace(-0.8, 0.8, 8)]
    phens = [phenomena.get(TEST)]
    # blocks of 4 candidates (the TINY budget's compiled shape) in-process and on each worker
    local = [s[TEST].value for s in Evaluator("rescorla_wagner", phens, 4, 2, 4).score(pops, 0)]
    ev = Evaluator("rescorla_wagner", phens, 4, 2, 8)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False) as cluster, Client(cluster) as cl:
        remote = [s[TEST].value for s in score_on(cl, ev, pops, 0, phens)]
    assert remote == local


def test_verdict_without_held_out_findings_says_the_scores_are_in_sample():
    """--train all leaves nothing held out: the verdict reports the training score, not a nan."""
    import types

    import pandas as pd

    from remission.calibration.outputs import verdicts

    summary = pd.DataFrame([{"model": "dual_trace", "k": 21, "train": 0.81, "train_low": 0.80,
                             "train_high": 0.83, "train_passed": 7, "train_n": 18,
                             "test": float("nan"), "test_low": float("nan"),
                             "test_high": float("nan"), "rank": 1}])
    result = types.SimpleNamespace(summary=lambda: summary, profiles={})
    (line,) = verdicts(result)
    assert "in-sample" in line and "0.810" in line and "7/18" in line and "nan" not in line
