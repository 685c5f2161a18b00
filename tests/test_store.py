"""Streaming store: chunk writer, manifest, resume after damage, queries."""

import json

import numpy as np
import pandas as pd
import pytest

import remission
from remission.engine.records import step_columns, to_frame
from remission.engine.simulation import simulate_compiled
from remission.params import resolve_params
from remission.engine.compile import compile_protocol
from remission.scale import chunk_is_intact, chunk_table, list_runs, load_run, read_completed, write_chunk
from remission.scale.manifest import COMPLETED

KW = dict(grid={"eta": [0.1, 0.3]}, n_subjects=12, seed=[1], chunk_size=4)


@pytest.fixture(scope="module")
def reference(short_sa, tmp_path_factory):
    path = tmp_path_factory.mktemp("ref") / "run"
    remission.sweep("rescorla_wagner", short_sa, out=path, **KW)
    return load_run(path)


def test_chunk_table_has_the_columns_and_values_of_the_trial_table(short_sa, tmp_path):
    mdl = remission.models.get("rescorla_wagner")
    comp = compile_protocol(short_sa)
    ids = np.arange(3, 6)
    values = resolve_params(mdl.params, None, 3, mdl.name)
    rec = simulate_compiled(mdl, comp, values, ids, 0, "g")
    ref = to_frame(step_columns(rec, comp, ids, "g"))
    info = write_chunk(chunk_table(rec, comp, ids, "g"), tmp_path / "c.parquet")
    assert info["rows"] == len(ref) and chunk_is_intact(tmp_path / "c.parquet", **{
        "rows": info["rows"], "nbytes": info["bytes"], "sha256": info["sha256"]})
    back = pd.read_parquet(tmp_path / "c.parquet")
    pd.testing.assert_frame_equal(back, ref, check_categorical=False)
    assert not list(tmp_path.glob(".*.tmp"))


def test_existing_run_needs_resume_and_the_same_config(short_sa, tmp_path):
    remission.sweep("rescorla_wagner", short_sa, out=tmp_path / "r", **KW)
    with pytest.raises(remission.RemissionError, match="--resume"):
        remission.sweep("rescorla_wagner", short_sa, out=tmp_path / "r", **KW)
    with pytest.raises(remission.RemissionError, match="config hash"):
        remission.sweep("rescorla_wagner", short_sa, out=tmp_path / "r", resume=True,
                        **(KW | {"seed": [2]}))
    res = remission.sweep("rescorla_wagner", short_sa, out=tmp_path / "r", resume=True, **KW)
    assert res.computed == 0 and res.reused == 6


def test_corrupt_truncated_and_missing_chunks_are_recomputed_on_resume(short_sa, tmp_path, reference):
    run = tmp_path / "run"
    remission.sweep("rescorla_wagner", short_sa, out=run, **KW)
    files = sorted(run / e["file"] for e in read_completed(run).values())
    truncated, flipped, deleted = files[0], files[2], files[4]
    truncated.write_bytes(truncated.read_bytes()[:-50])
    data = bytearray(flipped.read_bytes())
    data[len(data) // 2] ^= 0xFF  # a flipped byte mid-file: the footer still parses
    flipped.write_bytes(bytes(data))
    deleted.unlink()
    (run / ".part-orphan.parquet.123.tmp").write_bytes(b"half a chunk")
    with open(run / COMPLETED, "a") as f:
        f.write('{"chunk": "c9-s9-g0-0", "fi')  # torn line of a writer killed mid-append
    res = remission.sweep("rescorla_wagner", short_sa, out=run, resume=True, **KW)
    assert res.computed == 3 and res.reused == 3
    assert res.manifest["resumes"][-1]["damaged_chunks"] == 3 and res.manifest["complete"]
    assert not list(run.rglob(".*.tmp"))
    pd.testing.assert_frame_equal(load_run(run), reference)


def test_load_run_selects_columns_and_rows(tmp_path, short_sa, reference):
    run = tmp_path / "run"
    remission.sweep("rescorla_wagner", short_sa, out=run, **KW)
    df = load_run(run, columns=["config", "eta", "subject", "step", "action"],
                  filters=[("config", "==", 1), ("subject", "<", 2)])
    assert list(df.columns) == ["config", "eta", "subject", "step", "action"]
    assert set(df["config"]) == {1} and set(df["eta"]) == {0.3} and set(df["subject"]) == {0, 1}
    expected = reference[(reference.config == 1) & (reference.subject < 2)].reset_index(drop=True)
    pd.testing.assert_series_equal(df["action"], expected["action"])
    with pytest.raises(remission.RemissionError, match="Did you mean .action."):
        load_run(run, columns=["actoin"])
    with pytest.raises(remission.RemissionError, match="filters"):
        load_run(run, filters=[("config", "~~", 1)])
    with pytest.raises(remission.RemissionError, match="not a run directory"):
        load_run(tmp_path)


def test_list_runs_reports_progress_and_versions(tmp_path, short_sa):
    remission.sweep("rescorla_wagner", short_sa, out=tmp_path / "a" / "one", name="first", **KW)
    (tmp_path / "b").mkdir()
    runs = list_runs(tmp_path)
    assert list(runs["name"]) == ["first"]
    row = runs.iloc[0]
    assert row["chunks"] == "6/6" and row["complete"] and row["rows"] == 2 * 12 * short_sa.n_steps
    manifest = json.loads((tmp_path / "a" / "one" / "manifest.json").read_text())
    assert manifest["versions"]["remission"] == remission.__version__ and "jax" in manifest["versions"]
    assert manifest["config"]["seeds"] == [1] and len(manifest["config_hash"]) == 16
