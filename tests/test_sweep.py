"""Sweeps: grid layout, equality with simulate(), executors (in-process, Dask, futures), CLI."""

import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

import remission
from remission.cli import app
from remission.scale import grid_points, plan

REPO = Path(__file__).resolve().parents[1]
GRID = {"eta": [0.05, 0.4], "beta": [3.0]}


def _key(df):
    return df.sort_values(["config", "seed", "group", "subject", "step"]).reset_index(drop=True)


def test_grid_points_is_the_cartesian_product():
    pts = grid_points({"eta": [0.1, 0.2], "beta": [1, 2, 3]})
    assert len(pts) == 6 and pts[0] == {"eta": 0.1, "beta": 1.0} and pts[-1] == {"eta": 0.2, "beta": 3.0}
    assert grid_points([{"eta": 0.3}]) == [{"eta": 0.3}]
    assert grid_points(None) == [{}]


def test_plan_pads_every_chunk_to_one_shape(short_sa):
    config, tasks = plan("rescorla_wagner", short_sa, GRID, n_subjects=10, seed=[0, 1], chunk_size=4)
    assert len(tasks) == 2 * 2 * 3  # configs x seeds x chunks
    assert {t.pad_to for t in tasks} == {4}
    assert [(t.start, t.stop) for t in tasks[:3]] == [(0, 4), (4, 8), (8, 10)]
    assert len({t.chunk for t in tasks}) == len(tasks) and len({t.file for t in tasks}) == len(tasks)
    assert config["grid_points"] == [{"eta": 0.05, "beta": 3.0}, {"eta": 0.4, "beta": 3.0}]


def test_each_chunk_matches_one_simulate_call(short_sa, tmp_path):
    """Same seed, same numbers: chunked (and padded) sweep rows equal a single simulate() call."""
    res = remission.sweep("rescorla_wagner", short_sa, grid=GRID, n_subjects=10, seed=[0, 3],
                          chunk_size=4, out=tmp_path / "run")
    df = res.load()
    assert res.computed == 12 and res.reused == 0 and res.manifest["complete"]
    assert len(df) == 2 * 2 * 10 * short_sa.n_steps
    for c, point in enumerate(res.manifest["config"]["grid_points"]):
        for seed in (0, 3):
            ref = remission.simulate("rescorla_wagner", short_sa, n_subjects=10, params=point,
                                     seed=seed).trials
            got = df[(df.config == c) & (df.seed == seed)].reset_index(drop=True)
            pd.testing.assert_frame_equal(got[ref.columns], ref, check_categorical=False)
            assert (got["eta"] == point["eta"]).all()
    mem = remission.sweep("rescorla_wagner", short_sa, grid=GRID, n_subjects=10, seed=[0, 3],
                          chunk_size=4).load()
    pd.testing.assert_frame_equal(_key(mem), _key(df[mem.columns]), check_categorical=False)


def test_population_parameters_are_drawn_per_subject_id(short_sa):
    pop = remission.Population(beta=remission.LogNormal(mu=1.0, sigma=0.5))
    res = remission.sweep("rescorla_wagner", short_sa, grid={"eta": [0.3]}, params=pop,
                          n_subjects=9, seed=5, chunk_size=4).load()
    ref = remission.simulate("rescorla_wagner", short_sa, n_subjects=9, seed=5,
                             params=remission.Population(beta=pop.params["beta"], eta=0.3)).trials
    pd.testing.assert_frame_equal(res[ref.columns], ref, check_categorical=False)


def test_dask_local_cluster_and_thread_pool_give_identical_results(short_sa, tmp_path):
    distributed = pytest.importorskip("distributed")
    kw = dict(grid=GRID, n_subjects=10, seed=[0, 1], chunk_size=5)
    local = remission.sweep("rescorla_wagner", short_sa, out=tmp_path / "local", **kw).load()
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        res = remission.sweep("rescorla_wagner", short_sa, executor=client, out=tmp_path / "dask", **kw)
        assert len(client.scheduler_info()["workers"]) == 2
    pd.testing.assert_frame_equal(res.load(), local)
    with ThreadPoolExecutor(2) as pool:
        threads = remission.sweep("rescorla_wagner", short_sa, executor=pool, **kw).load()
    pd.testing.assert_frame_equal(_key(threads), _key(local[threads.columns]), check_categorical=False)


@pytest.mark.parametrize("kwargs, words", [
    (dict(grid={"etta": [0.1]}), ["etta", "eta"]),
    (dict(grid={"eta": [1.5]}), ["eta", "1.5", "[0.0, 0.5]"]),
    (dict(grid={"eta": []}), ["grid.eta", "empty"]),
    (dict(grid={"eta": ["fast"]}), ["grid", "number"]),
    (dict(seed=-1), ["seed", "-1"]),
    (dict(seed=[0, "a"]), ["seed"]),
    (dict(n_subjects=0), ["n_subjects", "0"]),
    (dict(chunk_size=0), ["chunk_size"]),
    (dict(executor="slurm"), ["executor", "slurm", "Client"]),
])
def test_bad_sweep_arguments_are_refused_with_a_clear_message(short_sa, kwargs, words):
    args = dict(grid={"eta": [0.1]}, n_subjects=2, chunk_size=2) | kwargs
    with pytest.raises(remission.RemissionError) as err:
        remission.sweep("rescorla_wagner", short_sa, **args)
    for w in words:
        assert w in str(err.value)


def test_cli_runs_the_example_sweep_and_lists_it(tmp_path):
    runner = CliRunner()
    out = tmp_path / "runs" / "rw"
    r = runner.invoke(app, ["sweep", str(REPO / "examples" / "sweep.toml"), "--out", str(out)])
    assert r.exit_code == 0, r.output
    assert "24/24 chunks" in r.output
    r = runner.invoke(app, ["runs", "list", str(tmp_path / "runs"), "--json"])
    row = json.loads(r.output.strip().splitlines()[0])
    assert row["complete"] and row["configs"] == 6 and row["seeds"] == 2
    steps = remission.protocols.get("extinction", training_sessions=3, extinction_sessions=2).n_steps
    assert row["rows"] == 6 * 2 * 40 * steps
    df = remission.scale.load_run(out, columns=["config", "eta", "beta", "subject"],
                                  filters=[("config", "==", 5)])
    assert set(df["eta"]) == {0.4} and set(df["beta"]) == {6.0} and df["subject"].nunique() == 40


def test_cli_reports_config_errors_with_exit_status_2(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('model = "rescorla_wagner"\nprotocol = "extinction"\nn_subjects = 0\n'
                   '[grid]\neta = [0.1]\n')
    r = CliRunner().invoke(app, ["sweep", str(bad), "--out", str(tmp_path / "o")])
    assert r.exit_code == 2 and "n_subjects" in r.output
    bad.write_text('model = "rescorla_wagner"\nprotocol = { name = "extinction", sesions = 2 }\n')
    r = CliRunner().invoke(app, ["sweep", str(bad), "--out", str(tmp_path / "o")])
    assert r.exit_code == 2 and "sesions" in r.output


def test_cli_sweep_on_a_dask_scheduler_address_matches_in_process(tmp_path):
    distributed = pytest.importorskip("distributed")
    cfg = tmp_path / "s.toml"
    cfg.write_text('model = "rescorla_wagner"\nn_subjects = 6\nchunk_size = 3\nseeds = [0, 1]\n'
                   'protocol = { name = "self_administration", sessions = 2, bin = "60 s" }\n'
                   '[grid]\neta = [0.1, 0.3]\n')
    runner = CliRunner()
    assert runner.invoke(app, ["sweep", str(cfg), "--out", str(tmp_path / "a")]).exit_code == 0
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster:
        r = runner.invoke(app, ["sweep", str(cfg), "--out", str(tmp_path / "b"),
                                "--scheduler", cluster.scheduler_address])
    assert r.exit_code == 0, r.output
    pd.testing.assert_frame_equal(remission.scale.load_run(tmp_path / "b"),
                                  remission.scale.load_run(tmp_path / "a"))
