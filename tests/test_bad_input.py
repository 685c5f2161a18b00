"""Bad input, damaged files and a newcomer's first hour (issue 16): every failure is one clear
line with exit status 2, checked before any work; nothing existing is overwritten without
``--force``; damaged runs are named. In-process (CliRunner) so each refusal costs milliseconds."""

import hashlib
import json
import time
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import remission
from remission.cli import app
from remission.cli.common import OUTPUTS_RECORD, Progress

DATA = Path(__file__).parent / "data"
SWEEP = ('model = "rescorla_wagner"\nn_subjects = 4\nchunk_size = 2\nseeds = [0]\n'
         'protocol = { name = "self_administration", sessions = 1, bin = "60 s" }\n'
         '[grid]\neta = [ETA]\n')


def invoke(*args):
    return CliRunner().invoke(app, [str(a) for a in args])


def refused(r, *needles):
    """Exit status exactly 2, no traceback, the message on one line naming what is wrong."""
    assert r.exit_code == 2, (r.exit_code, r.output, r.exception)
    assert r.exception is None or isinstance(r.exception, SystemExit), repr(r.exception)
    assert "Traceback" not in r.output
    line = next((ln for ln in r.output.splitlines() if ln.startswith("error:")), r.output)
    for n in needles:
        assert n in line, (n, r.output)


def snapshot(folder: Path) -> dict:
    return {str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*"))
            if p.is_file()}


@pytest.fixture
def binary(tmp_path):
    path = tmp_path / "image.toml"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    return path


# --- output paths, checked before any work ----------------------------------------------------

def test_out_that_is_a_file_is_refused_and_left_alone(tmp_path):
    f = tmp_path / "notes.txt"
    f.write_text("mine")
    for args in (["simulate", "extinction", "-n", "2"], ["fit", DATA / "tidy_small.csv"],
                 ["recover"], ["scorecard", "-p", "renewal"]):
        refused(invoke(*args, "--out", f), "is an existing file")
    (tmp_path / "s.toml").write_text(SWEEP.replace("ETA", "0.1"))
    refused(invoke("sweep", tmp_path / "s.toml", "--out", f), "is an existing file")
    refused(invoke("simulate", "extinction", "--out", f / "sub"), "is a file")
    assert f.read_text() == "mine"


def test_unwritable_out_is_refused_up_front(tmp_path, monkeypatch):
    import os

    locked = tmp_path / "locked"
    locked.mkdir()
    real = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: False if Path(p) == locked else real(p, mode))
    refused(invoke("simulate", "extinction", "-n", "2", "--out", locked / "res"), "permission denied")
    refused(invoke("fit", DATA / "tidy_small.csv", "--out", locked / "res"), "permission denied")
    assert not (locked / "res").exists()


def test_nothing_is_overwritten_without_force_and_force_leaves_no_stale_result(tmp_path):
    out = tmp_path / "res"
    r = invoke("simulate", "extinction", "-n", "2", "--out", out)
    assert r.exit_code == 0, r.output
    before = snapshot(out)
    assert json.loads((out / OUTPUTS_RECORD).read_text())["files"] == sorted(
        ["params.parquet", "result.json", "trials.parquet"])
    refused(invoke("simulate", "extinction", "-n", "3", "--out", out), "already holds", "--force")
    assert snapshot(out) == before
    (out / "stale.csv").write_text("from an earlier run")  # pretend an earlier run wrote it
    (out / OUTPUTS_RECORD).write_text(json.dumps({"files": ["stale.csv", "trials.parquet"]}))
    (out / "mine.txt").write_text("the user's own file")
    r = invoke("simulate", "extinction", "-n", "3", "--out", out, "--force")
    assert r.exit_code == 0, r.output
    assert not (out / "stale.csv").exists() and (out / "mine.txt").read_text() == "the user's own file"
    assert pd.read_parquet(out / "trials.parquet")["subject"].nunique() == 3


# --- files that are not what they claim ---------------------------------------------------------

def test_binary_protocol_sweep_and_population_files_are_sniffed(binary, tmp_path):
    refused(invoke("simulate", binary), "not a text file")
    refused(invoke("sweep", binary, "--out", tmp_path / "o"), "not a text file")
    refused(invoke("scorecard", "-p", "renewal", "--population", binary, "--out", tmp_path / "s"),
            "not a text file")
    latin = tmp_path / "latin.toml"
    latin.write_bytes('name = "caf\xe9"\n'.encode("latin-1"))
    refused(invoke("simulate", latin), "not a UTF-8 text file")
    assert not (tmp_path / "o").exists() and not (tmp_path / "s").exists()


def test_fit_on_a_directory_says_so(tmp_path):
    refused(invoke("fit", tmp_path), "is a directory")
    refused(invoke("fit", tmp_path / "nope.csv", "--out", tmp_path / "f"), "does not exist")


# --- numbers ----------------------------------------------------------------------------------

@pytest.mark.parametrize("chunk", ["-3", "0"])
def test_chunk_must_be_positive(chunk):
    refused(invoke("simulate", "extinction", "-n", "2", "--chunk", chunk), "chunk_size", chunk)


@pytest.mark.parametrize("n", ["1000000000000", str(10**20)])
def test_huge_subject_counts_are_refused_with_the_memory_limit(n, tmp_path):
    refused(invoke("simulate", "extinction", "-n", n), "needs about", "available", "remission sweep")
    refused(invoke("scorecard", "-p", "renewal", "-n", n, "--out", tmp_path / "s"),
            "needs about", "available")
    assert not (tmp_path / "s").exists()


@pytest.mark.parametrize("value, needle", [("nan", "finite"), ("inf", "finite"), ("0", "finite"),
                                           ("-5", "finite"), ("0.000001", "needs about")])
def test_medpc_bin_must_be_finite_positive_and_fit_in_memory(value, needle, tmp_path):
    refused(invoke("fit", DATA / "medpc_small.txt", "--press", "drug=D", "--bin", value,
                   "--out", tmp_path / "f"), "--bin", needle)


def test_repeated_options_are_refused():
    refused(invoke("simulate", "extinction", "-p", "eta=0.5", "-p", "eta=0.6"), "eta", "twice")
    refused(invoke("scorecard", "--param", "rescorla_wagner.eta=0.2",
                   "--param", "rescorla_wagner.eta=0.3"), "twice")
    refused(invoke("fit", DATA / "medpc_small.txt", "--press", "drug=D", "--press", "drug=E"), "twice")


# --- commands that used to work first and complain later -------------------------------------

def test_compare_checks_model_names_before_fitting(tmp_path, monkeypatch):
    import remission.fitting

    monkeypatch.setattr(remission.fitting, "compare", lambda *a, **k: pytest.fail("fitted first"))
    t0 = time.perf_counter()
    refused(invoke("compare", DATA / "tidy_small.csv", "-m", "rescorla_wagner", "-m", "nosuch",
                   "--out", tmp_path / "c"), "unknown model 'nosuch'")
    refused(invoke("compare", DATA / "tidy_small.csv", "-m", "rescorla_wagner",
                   "--out", tmp_path / "c"), "at least two")
    assert time.perf_counter() - t0 < 10 and not (tmp_path / "c").exists()
    with pytest.raises(remission.RemissionError, match="nosuch"):
        from remission.fitting.compare import compare
        compare(["rescorla_wagner", "nosuch"], DATA / "tidy_small.csv")


def test_unreachable_scheduler_fails_fast_and_clearly(tmp_path):
    pytest.importorskip("distributed")
    (tmp_path / "s.toml").write_text(SWEEP.replace("ETA", "0.1"))
    t0 = time.perf_counter()
    r = invoke("sweep", tmp_path / "s.toml", "--out", tmp_path / "o", "--scheduler", "tcp://127.0.0.1:1")
    refused(r, "no Dask scheduler answered")
    assert time.perf_counter() - t0 < 20 and len(r.output.strip().splitlines()) == 1
    refused(invoke("sweep", tmp_path / "s.toml", "--out", tmp_path / "o", "--scheduler", "nowhere"),
            "tcp://")


# --- runs: another run in the folder, damaged chunks ---------------------------------------------

def test_sweep_never_replaces_another_run_without_force(tmp_path):
    a, b = tmp_path / "a.toml", tmp_path / "b.toml"
    a.write_text(SWEEP.replace("ETA", "0.1"))
    b.write_text(SWEEP.replace("ETA", "0.3"))
    run = tmp_path / "run"
    assert invoke("sweep", a, "--out", run).exit_code == 0
    before = snapshot(run)
    refused(invoke("sweep", b, "--out", run), "already holds a run", "--force")
    refused(invoke("sweep", b, "--out", run, "--resume"), "config hash")
    assert snapshot(run) == before
    other = tmp_path / "other"
    other.mkdir()
    (other / "notes.txt").write_text("mine")
    refused(invoke("sweep", a, "--out", other), "holds files but no run")
    r = invoke("sweep", b, "--out", run, "--force")
    assert r.exit_code == 0, r.output
    assert set(remission.scale.load_run(run, columns=["eta"])["eta"]) == {0.3}  # nothing of run a


def test_a_truncated_chunk_is_named_by_runs_list_and_load_run(tmp_path):
    (tmp_path / "s.toml").write_text(SWEEP.replace("ETA", "0.1, 0.2"))
    run = tmp_path / "runs" / "r"
    assert invoke("sweep", tmp_path / "s.toml", "--out", run).exit_code == 0
    chunk = sorted((run / "trials").rglob("*.parquet"))[0]
    data = chunk.read_bytes()
    chunk.write_bytes(data[: len(data) // 2])  # truncated in place
    row = json.loads(invoke("runs", "list", tmp_path / "runs", "--json").output.splitlines()[0])
    assert row["complete"] is False and chunk.name in row["damaged"] and row["chunks"] == "3/4"
    table = invoke("runs", "list", tmp_path / "runs")
    assert table.exit_code == 0 and "damaged" in table.output and chunk.name in table.output
    assert "…" not in table.output  # 80 columns (the test console's width): nothing cut off
    with pytest.raises(remission.RemissionError, match=chunk.name):
        remission.scale.load_run(run)
    r = invoke("sweep", tmp_path / "s.toml", "--out", run, "--resume")
    assert r.exit_code == 0 and "1 computed" in " ".join(r.output.split())
    assert json.loads(invoke("runs", "list", tmp_path / "runs", "--json").output)["complete"] is True


# --- a property-based sweep over bad invocations ---------------------------------------------------

BAD_NUMBERS = st.sampled_from(["-1", "0", "nan", "inf", "-inf", "1e400", "abc", "", "10**3",
                               str(10**20)])


@st.composite
def bad_invocation(draw, root: Path):
    """One command with exactly one bad argument (so it must be refused before any work)."""
    existing = root / "existing.txt"
    binary = root / "binary.toml"
    kind = draw(st.sampled_from(["out_file", "out_full", "binary", "missing", "directory", "number",
                                 "param", "name"]))
    command = draw(st.sampled_from(["simulate", "fit", "compare", "recover", "export-regressors",
                                    "scorecard", "sweep", "fit-lcm", "compare-groups"]))
    data = {"simulate": ["extinction", "-n", "2"], "fit": [DATA / "tidy_small.csv"],
            "compare": [DATA / "tidy_small.csv", "-m", "rescorla_wagner", "-m", "drug_td"],
            "recover": ["-n", "3", "-t", "8"], "export-regressors": [DATA / "tidy_small.csv"],
            "scorecard": ["-p", "renewal", "-n", "2", "-r", "2"], "sweep": [root / "ok.toml"],
            "fit-lcm": [DATA / "tidy_small.csv", "--cues", "light"],
            "compare-groups": [DATA / "tidy_small.csv"]}[command]
    takes_file = command not in ("recover", "scorecard")
    if kind in ("binary", "missing", "directory") and takes_file:
        path = {"binary": binary, "missing": root / "missing.csv", "directory": root}[kind]
        if command == "simulate":
            data = [path, "-n", "2"]
        else:
            data = [path] + data[1:]
        return [command, *data, "--out", root / "new"]
    if kind == "out_full" and command != "sweep":
        return [command, *data, "--out", root / "full"]
    if kind == "number":
        option = {"simulate": "--chunk", "fit": "--starts", "compare": "--seed", "recover": "--trials",
                  "export-regressors": "--seed", "scorecard": "--replicates", "sweep": "--scheduler",
                  "fit-lcm": "--cues", "compare-groups": "--hdi"}[command]
        value = draw(BAD_NUMBERS)
        if option == "--cues":
            value = "no_such_column"
        if option == "--hdi" and value in ("inf", "1e400", str(10**20)):
            value = "abc"
        if option in ("--trials",) and value in ("inf", "1e400"):
            value = "-1"
        if option == "--chunk" and value == str(10**20):  # a chunk above n_subjects is clipped: valid
            value = "-1"
        return [command, *data, option, value, "--out", root / "new"]
    if kind == "param" and command in ("simulate", "fit", "compare-groups"):
        return [command, *data, "-p", draw(st.sampled_from(["eta", "eta=", "=1", "eta=x", "eta=2",
                                                           "nosuch=1"])), "--out", root / "new"]
    if kind == "name" and command in ("simulate", "fit", "recover", "export-regressors", "compare-groups"):
        return [command, *data, "-m", draw(st.sampled_from(["", "nosuch", "RESCORLA_WAGNER"])),
                "--out", root / "new"]
    return [command, *data, "--out", existing]


def test_property_bad_invocations_are_refused_cleanly_and_harm_nothing(tmp_path_factory):
    root = tmp_path_factory.mktemp("bad")
    (root / "existing.txt").write_text("keep me")
    (root / "binary.toml").write_bytes(b"\x00\x01\x02binary\xff\xfe")
    (root / "ok.toml").write_text(SWEEP.replace("ETA", "0.1"))
    (root / "full").mkdir()
    (root / "full" / "result.csv").write_text("an earlier result")
    before = snapshot(root)
    seen = []

    @settings(max_examples=60, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    @given(bad_invocation(root))
    def check(args):
        r = invoke(*args)
        seen.append(args)
        assert r.exit_code == 2, (args, r.exit_code, r.output, r.exception)
        assert r.exception is None or isinstance(r.exception, SystemExit), (args, repr(r.exception))
        assert "Traceback" not in r.output
        assert not (root / "new").exists(), args  # refused before anything was written
        assert snapshot(root) == before, args

    check()
    assert len(seen) >= 40  # the note reports how many ran
    print(f"{len(seen)} bad invocations refused")


# --- the newcomer's details ------------------------------------------------------------------------

def test_piped_progress_is_plain_lines_with_a_known_total(capsys, monkeypatch):
    monkeypatch.setattr(Progress, "QUIET_SECONDS", 0.0)
    with Progress("scoring", "cells") as p:
        assert not p.tty
        p(0, 4, "starting")
        p(4, 4, "done")
    err = capsys.readouterr().err
    assert "scoring: 0/4 cells" in err and "ETA" in err and "4/4 cells" in err and "None" not in err
    assert "\x1b[" not in err  # no terminal control codes in a log
    monkeypatch.setattr(Progress, "HEARTBEAT_SECONDS", 0.5)
    with Progress("recovering", "steps") as p:
        p(0, 1, "parameter recovery")
        time.sleep(2.5)  # a long step without news: the state is repeated
    assert capsys.readouterr().err.count("recovering: 0/1 steps") >= 2


def test_nan_score_prints_a_dash_not_nan():
    from rich.console import Console

    from remission.cli.scorecard import print_table

    table = pd.DataFrame({"phenomenon": ["renewal", "renewal"], "model": ["a", "b"],
                          "status": ["fail", "pass"], "score": [float("nan"), 0.8]})
    console = Console(width=200, record=True)
    print_table(table, console)
    text = console.export_text()
    assert "nan" not in text and "✗ –" in text and "✓ 0.80" in text


def test_result_repr_is_one_line_and_docstring_columns_exist():
    from remission.engine.result import SimulationResult

    res = remission.simulate("rescorla_wagner", "extinction", n_subjects=2)
    assert len(repr(res).splitlines()) == 1 and len(repr(res)) < 200 and "rescorla_wagner" in repr(res)
    doc = " ".join(SimulationResult.__doc__.split())
    listed = doc.split("One row per subject × step:")[1].split(", and the model's read-outs")[0]
    names = [item.split()[0] for item in listed.split(", ")]
    assert len(names) >= 14 and set(names) <= set(res.trials.columns), names
    summary_doc = SimulationResult.summary.__doc__
    for col in res.summary().columns.drop(["group", "phase"]):
        assert (col if not col.endswith("_presses") else "<lever>_presses") in summary_doc, col


def test_help_is_short_and_io_is_reachable():
    import pydoc

    text = pydoc.render_doc(remission, renderer=pydoc.plaintext)
    assert len(text.splitlines()) < 1200, len(text.splitlines())
    protocol = pydoc.render_doc(remission.Protocol, renderer=pydoc.plaintext)
    assert "model_dump_json" not in protocol and "from_toml" in protocol and "n_steps" in protocol
    assert hasattr(remission.Protocol, "model_json_schema") and "model_dump" in dir(remission.protocols.get("extinction"))
    assert remission.io.read_medpc is not None


def test_tables_fit_80_columns(tmp_path):
    for args in (["models"], ["simulate", "extinction", "-n", "2"]):
        r = CliRunner().invoke(app, args, env={"COLUMNS": "80"}, terminal_width=80)
        assert r.exit_code == 0, r.output
        assert "…" not in r.output, r.output


def test_gitignore_covers_the_readme_outputs():
    ignored = (Path(__file__).resolve().parents[1] / ".gitignore").read_text().split()
    for folder in ("runs/", "fits/", "recovery/", "sweeps/", "scorecard/", "compare/", "regressors/"):
        assert folder in ignored
