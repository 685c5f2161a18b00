"""remission design and power (issue 17): power rises with n, identical hypotheses give chance,
designs round-trip through `remission simulate`, a resumed search equals an uninterrupted one,
exact exit codes, and the report opens in Chromium. Protocols are tiny (2 training sessions)."""

import json
import math
import shutil
import subprocess
import sys

import numpy as np
import pytest

import remission
from remission import protocols
from remission.designer.curves import power
from remission.designer.hypotheses import parse_hypotheses
from remission.designer.search import design, finish
from remission.designer.simulate import simulate_pool
from remission.designer.space import build
from remission.engine import simulate_sessions
from test_report import CHROMIUM, chromium

EXE = [sys.executable, "-m", "remission"]
H = {"hypothesis": [{"name": "competition", "model": "dual_trace", "params": {"epsilon": 0.2}},
                    {"name": "erasure", "model": "dual_trace", "params": {"epsilon": 0.8}}]}
SAME = {"hypothesis": [{"name": "a", "model": "dual_trace", "params": {"epsilon": 0.5}},
                       {"name": "b", "model": "dual_trace", "params": {"epsilon": 0.5}}]}
TINY = protocols.get("spontaneous_recovery", training_sessions=2, extinction_sessions=1,
                     test_delay="7 days")
SPACE = {"design": {"training_sessions": 2, "subjects_per_group": 2},
         "space": {"extinction_sessions": {"low": 1, "high": 2},
                   "test_delay": {"low": "1 day", "high": "21 days"}},
         "budget": {"days": 30}}
SPACE_TOML = """[design]
training_sessions = 2
subjects_per_group = 2
[space]
extinction_sessions = { low = 1, high = 2 }
test_delay = { low = "1 day", high = "21 days" }
[budget]
days = 30
"""
H_TOML = """[[hypothesis]]
name = "competition"
model = "dual_trace"
params = { epsilon = 0.2 }
[[hypothesis]]
name = "erasure"
model = "dual_trace"
params = { epsilon = 0.8 }
"""


def run(*args):
    return subprocess.run([*EXE, *args], capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def search(tmp_path_factory):
    out = tmp_path_factory.mktemp("design")
    result = design(SPACE, H, out=out, seed=3, generations=2, se=0.2, popsize=4)
    return out, result


def test_pool_equals_simulate_sessions():
    hyps = parse_hypotheses(H)
    pool = simulate_pool(hyps, {"design": TINY}, 3, seed=1)
    ids = 3 + np.arange(3)  # the second hypothesis's block
    table = simulate_sessions("dual_trace", {"design": TINY}, n_subjects=3, subjects=ids,
                              params=hyps[1].population, seed=1)
    presses = table.sort_values(["subject", "time"])["drug_presses"].to_numpy().reshape(3, -1)
    np.testing.assert_array_equal(pool.values["design"][1], presses)


def test_power_increases_with_n():
    table = power(TINY, H, n=(1, 6), pool=96, seed=0)
    low, high = table["p_correct"]
    assert high - low > 2 * math.hypot(*table["se"]), table
    assert np.isnan(table["p_correct_test"].iloc[0])  # no t-test on one animal


def test_identical_hypotheses_give_chance():
    table = power(TINY, SAME, n=(2,), pool=128, seed=0)
    row = table.iloc[0]
    # 2 hypotheses x 32 disjoint held-out experiments: binomial SE at p = 0.5 is 0.0625
    assert row["experiments"] == 64
    assert abs(row["p_correct"] - 0.5) < 3 * 0.5 / math.sqrt(row["experiments"]), row


def test_same_seed_same_numbers():
    a = power(TINY, H, n=(2,), pool=32, seed=4)
    b = power(TINY, H, n=(2,), pool=32, seed=4)
    assert a.equals(b)


def test_design_toml_round_trips_through_simulate(search):
    out, result = search
    toml = out / "designs" / "design_1.toml"
    assert remission.Protocol.from_toml(toml) == result.protocols[0]
    assert result.protocols[0] == build(result.best["design"], "designed_1")
    sim = run("simulate", str(toml), "--model", "dual_trace", "--subjects", "2")
    assert sim.returncode == 0, sim.stderr
    assert "designed_1" in sim.stdout  # the summary table's title


def test_resume_equals_uninterrupted(search, tmp_path):
    out, result = search
    part = tmp_path / "part"
    part.mkdir()
    shutil.copy(out / "search.json", part / "search.json")
    lines = (out / "evaluations.jsonl").read_text().splitlines()
    assert len(lines) >= 2
    (part / "evaluations.jsonl").write_text("\n".join(lines[:2]) + "\n")  # interrupted here
    resumed = design(SPACE, H, out=part, seed=3, generations=2, se=0.2, popsize=4, resume=True)
    assert resumed.best["design"] == result.best["design"]
    assert resumed.best["p_correct"] == result.best["p_correct"]
    assert resumed.evaluations["objective"].tolist() == result.evaluations["objective"].tolist()
    logged = [[{k: v for k, v in json.loads(line).items() if k != "seconds"}
               for line in (d / "evaluations.jsonl").read_text().splitlines()] for d in (part, out)]
    assert logged[0] == logged[1]


def test_cli_exit_codes(tmp_path):
    (tmp_path / "h.toml").write_text(H_TOML)
    bad_space = tmp_path / "bad.toml"
    bad_space.write_text(SPACE_TOML.replace('[space]', '[space]\nextinction_schedule = ["sudden"]'))
    out = run("design", str(bad_space), "-H", str(tmp_path / "h.toml"), "--out", str(tmp_path / "d"))
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert "extinction_schedule" in out.stderr and "sudden" in out.stderr and "gradual" in out.stderr
    (tmp_path / "bad_h.toml").write_text(H_TOML.replace("epsilon = 0.8", "epsilon = 2"))
    out = run("power", "renewal_aba", "-H", str(tmp_path / "bad_h.toml"))
    assert out.returncode == 2 and "epsilon" in out.stderr and "[0, 1]" in out.stderr
    out = run("power", "renewal_aba", "-H", str(tmp_path / "h.toml"), "--n", "two")
    assert out.returncode == 2 and "--n" in out.stderr
    (tmp_path / "space.toml").write_text(SPACE_TOML)
    out = run("design", str(tmp_path / "space.toml"), "-H", str(tmp_path / "h.toml"), "--out",
              str(tmp_path / "ok"), "--generations", "1", "--se", "0.25", "--no-report")
    assert out.returncode == 0, out.stderr
    assert json.loads((tmp_path / "ok" / "best.json").read_text())["feasible"]
    again = run("design", str(tmp_path / "space.toml"), "-H", str(tmp_path / "h.toml"), "--out",
                str(tmp_path / "ok"), "--generations", "1", "--se", "0.25", "--no-report")
    assert again.returncode == 2 and "--resume" in again.stderr


def test_sequential_weights_the_true_hypothesis(tmp_path):
    from remission.designer.sequential import next_phase
    from remission.designer.space import parse_space

    done = protocols.get("extinction", training_sessions=2, extinction_sessions=1)
    data = simulate_sessions("dual_trace", done, n_subjects=6, seed=9,
                             params=remission.models.get("dual_trace").population({"epsilon": 0.2}))
    space = parse_space({"space": {"tests": [["none"]], "test_context": ["A", "B"],
                                   "test_delay": ["1 day"]}})
    table, w, protos = next_phase(done, data, H, space=space, pool=24, seed=0)
    assert w[0] > 0.5 and math.isclose(w.sum(), 1.0)
    assert len(table) == 2 and protos[0].phases[-1].name == "test_next_none"


def test_report_renders_in_chromium(search, tmp_path):
    out, result = search
    needed = finish(result, out, n=(1, 2), standard=False)
    assert set(needed) == {"designed"}
    html = (out / "report.html").read_text()
    assert html.count('src="data:image/png;base64,') == 3
    if CHROMIUM is None:
        pytest.skip("Chromium is not installed")
    dom = chromium(tmp_path, "--virtual-time-budget=10000", "--dump-dom", (out / "report.html").as_uri()).stdout
    assert 'data-figures-loaded="3/3"' in dom and "figures-ok" in dom
    assert 'id="power"' in dom and 'id="differences"' in dom and 'id="phases"' in dom


def test_hypotheses_from_a_population_file(tmp_path):
    from remission.params import Beta, Population, write_population

    pop = Population({"epsilon": Beta(a=2, b=8, low=0.0, high=0.3), "eta": 0.2})
    write_population(pop, tmp_path / "low.toml", model="dual_trace")
    hyps = parse_hypotheses({"hypothesis": [
        {"name": "low", "population": "low.toml"},
        {"name": "high", "population": "low.toml", "params": {"epsilon": 0.8}}]}, base=tmp_path)
    assert [h.model for h in hyps] == ["dual_trace", "dual_trace"]
    assert hyps[0].population.params["epsilon"] == Beta(a=2, b=8, low=0.0, high=0.3)
    assert hyps[1].population.params["epsilon"].value == 0.8
    assert hyps[1].population.params["eta"].value == 0.2
    with pytest.raises(remission.RemissionError, match="hypothesis\\[0\\].params.nope"):
        parse_hypotheses({"hypothesis": [{"name": "a", "model": "dual_trace", "params": {"nope": 1}},
                                         {"name": "b", "model": "dual_trace"}]})
