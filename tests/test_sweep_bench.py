"""Throughput measurement (remission bench) on a tiny protocol."""

import json

from typer.testing import CliRunner

import remission
from remission.engine.bench import markdown_table, measure_throughput
from remission.cli import app

KEYS = {"model", "protocol", "n_subjects", "steps", "compile_s", "subject_steps_per_s"}


def test_measure_throughput_reports_the_documented_fields(short_sa):
    row = measure_throughput("rescorla_wagner", short_sa, n_subjects=8, repeats=1)
    assert KEYS <= set(row) and row["steps"] == short_sa.n_steps and row["n_subjects"] == 8
    assert row["compile_s"] > 0 and row["subject_steps_per_s"] > 0
    assert "| rescorla_wagner |" in markdown_table([row])


def test_bench_cli_prints_one_json_line_per_model(short_sa, tmp_path):
    path = tmp_path / "p.toml"
    short_sa.to_toml(path)
    r = CliRunner().invoke(app, ["bench", "-m", "rescorla_wagner", "-m", "drug_td", "-n", "4",
                                 "--protocol", str(path), "--repeats", "1"])
    assert r.exit_code == 0, r.output
    rows = [json.loads(line) for line in r.output.strip().splitlines()]
    assert [row["model"] for row in rows] == ["rescorla_wagner", "drug_td"]
    assert all(KEYS <= set(row) for row in rows)
    r = CliRunner().invoke(app, ["bench", "-m", "rescorla_wagnr", "-n", "4", "--protocol", str(path)])
    assert r.exit_code == 2 and "rescorla_wagner" in r.output
