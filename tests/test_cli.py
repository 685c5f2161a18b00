"""The command line as a researcher uses it: real subprocesses, exit codes, no tracebacks."""

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import remission

EXE = [sys.executable, "-m", "remission"]


def run(*args, cwd=None):
    return subprocess.run([*EXE, *args], capture_output=True, text=True, cwd=cwd, timeout=300)


def test_version():
    out = run("--version")
    assert out.returncode == 0 and remission.__version__ in out.stdout


def test_protocols_and_models_tables():
    protocols = run("protocols")
    assert protocols.returncode == 0
    assert "renewal_aba" in protocols.stdout and "Lenoir" in protocols.stdout
    models = run("models")
    assert models.returncode == 0 and "rescorla_wagner" in models.stdout and "drug_td" in models.stdout


def test_simulate_writes_results_and_summary(tmp_path):
    toml = tmp_path / "sa.toml"
    remission.protocols.get("self_administration", sessions=2, bin="60 s").to_toml(toml)
    out = run("simulate", str(toml), "--model", "drug_td", "--subjects", "7", "--seed", "3",
              "--out", str(tmp_path / "res"), "--param", "beta=8")
    assert out.returncode == 0, out.stderr
    assert "self_administration" in out.stdout and "infusions" in out.stdout
    trials = pd.read_parquet(tmp_path / "res" / "trials.parquet")
    assert trials.subject.nunique() == 7
    meta = json.loads((tmp_path / "res" / "result.json").read_text())
    assert meta["seed"] == 3 and meta["model"] == "drug_td" and meta["params"]["beta"] == 8


@pytest.mark.parametrize(
    "args, needle",
    [
        (["simulate", "renewal_abx"], "Did you mean 'renewal_abc'"),
        (["simulate", "renewal_aba", "--model", "rescorla_wagne"], "Did you mean 'rescorla_wagner'"),
        (["simulate", "renewal_aba", "--param", "eta=2"], "eta = 2.0 is out of bounds"),
        (["simulate", "renewal_aba", "--param", "eta"], "write NAME=NUMBER"),
    ],
)
def test_bad_input_exits_2_without_traceback(args, needle):
    out = run(*args)
    assert out.returncode == 2
    assert needle in " ".join(out.stderr.split())
    assert "Traceback" not in out.stderr


def test_invalid_toml_exits_2_naming_the_field(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "x"\n[[phases]]\nname = "p"\nsession_length = "1 h"\n'
                   '[[phases.options]]\nname = "drug"\nschedule = { ratio = 0 }\n')
    out = run("simulate", str(bad))
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert "schedule.ratio = 0" in " ".join(out.stderr.split())
