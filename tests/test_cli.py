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


def test_help_lists_every_command_and_each_has_a_command_line_test():
    """Every command ``remission --help`` lists is invoked (CliRunner or a subprocess) by some
    test, so a command cannot ship untested (issue 20)."""
    import re

    import typer.main

    from remission.cli import app

    names = sorted(typer.main.get_command(app).commands)
    out = run("--help")
    assert out.returncode == 0
    for name in names:
        assert name in out.stdout, name
    text = "\n".join(p.read_text() for p in Path(__file__).parent.rglob("test_*.py"))
    untested = [n for n in names
                if not re.search(r'(\[|\(|invoke\(\*?)\s*"' + re.escape(n) + r'"\s*[,\]\)]', text)]
    assert not untested, f"commands without a command-line test: {untested}"
    assert {"compare", "export-regressors", "simulate", "sweep", "fit"} <= set(names)


def test_exit_status_is_0_for_help_and_2_for_a_usage_error():
    assert run("simulate", "--help").returncode == 0
    out = run("simulate", "extinction", "--no-such-option")
    assert out.returncode == 2 and "No such option" in out.stderr
    bare = run()  # no arguments: the help, as a usage error
    assert bare.returncode == 2 and "simulate" in bare.stdout + bare.stderr
