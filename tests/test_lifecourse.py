"""The life course: survival estimates against hand computation, the event definitions, the
weekly paradigm as data, the delayed consequences of the box, the command's exit codes and report,
and one direction (contingency management shortens the time to remission)."""

from __future__ import annotations

import numpy as np
import pytest
from typer.testing import CliRunner

import remission
from remission.cli import app
from remission.lifecourse import survival
from remission.phenomena.life_events import life_events, median_time, product_limit

TIMES = np.array([1.0, 2.0, 2.0, 3.0, 4.0, 5.0])
EVENTS = np.array([True, True, False, True, False, True])
# by hand: S(1) = 5/6; S(2) = 5/6 · 4/5; S(3) = that · 2/3 (at risk 3, 4, 5); S(4) unchanged
# (censored); S(5) = 0 (the last one at risk remits)
HAND = {0.5: 1.0, 1.0: 5 / 6, 2.0: 4 / 6, 3.0: 4 / 9, 4.5: 4 / 9, 5.0: 0.0}


def test_kaplan_meier_matches_hand_computation():
    grid = np.array(list(HAND))
    km = survival.kaplan_meier(TIMES, EVENTS)
    np.testing.assert_allclose(km.survival_function_at_times(grid).to_numpy(), list(HAND.values()))
    np.testing.assert_allclose(product_limit(TIMES, EVENTS, grid), list(HAND.values()))
    assert survival.median(km) == 3.0 == median_time(TIMES, EVENTS)
    assert survival.cumulative_at(km, 2.0) == pytest.approx(1 - 4 / 6)
    h = survival.yearly_hazard(TIMES, EVENTS, 6)
    assert h.loc[2, "at_risk"] == 5 and h.loc[2, "events"] == 1  # year [2, 3): one of five


def test_events_from_weekly_use():
    T = 52 * 6
    use = np.zeros((3, T), bool)
    use[0, :130] = True                      # onset at week 25, stops after week 129
    use[1, :] = True                         # never remits
    use[2, :10] = True                       # never dependent
    use[0, [150, 170, 190]] = True           # three lapses do not break a remission year
    ev = life_events(use)
    # the year from week 128 holds weeks 128, 129 and the lapses at 150 and 170: 4 weeks of use
    assert ev.loc[0, "onset"] == 25 and ev.loc[0, "remission"] == 128
    assert ev.loc[0, "time"] == pytest.approx((128 - 25) / 52) and ev.loc[0, "remitted"]
    assert not ev.loc[1, "remitted"] and ev.loc[1, "time"] == pytest.approx((T - 52 - 25) / 52)
    assert not ev.loc[2, "dependent"] and np.isnan(ev.loc[2, "time"])
    offered = np.ones(T, bool)
    offered[126:250] = False                 # a long stay in the clinic is not remission
    assert life_events(use[:1], offered).loc[0, "remission"] > 128


def test_paradigm_round_trips_through_toml(tmp_path):
    p = remission.protocols.get("life_course_weekly", years=5, history=3, treatment="extinction",
                                treatment_year=1.0, consequence_delay="6 months")
    path = tmp_path / "life.toml"
    p.to_toml(path)
    q = remission.Protocol.from_toml(path)
    assert q == p and p.n_steps == 5 * 52
    assert p.consequence_lag == pytest.approx(6 * 30 * 1440)
    assert "clinic" in p.contexts
    with pytest.raises(remission.RemissionError, match="treatment"):
        remission.protocols.get("life_course_weekly", treatment="hypnosis")


def test_delayed_consequences_arrive_in_weeks_of_use():
    from remission.engine import environment
    from remission.engine.compile import compile_protocol

    p = remission.protocols.get("life_course_weekly", years=1, consequence=1.0,
                                consequence_delay="1 week")
    obs = compile_protocol(p).obs
    box = environment.init_box(1, dtype=np.float32)
    step = lambda t, a: environment.step(box, {k: v[t] for k, v in obs.items()},  # noqa: E731
                                         np.array([a]), np.array([1.0]))
    box, out = step(0, 1)
    assert float(out["shock"][0]) == 0.0 and float(box["pending"][0]) == 1.0  # accrued, not yet felt
    _, used = step(1, 1)
    _, abstained = step(1, 2)
    assert float(used["shock"][0]) == pytest.approx(1 - np.exp(-(10080 + 0) / 10080), rel=1e-3)
    assert float(abstained["shock"][0]) == 0.0


def test_consequences_grow_with_earlier_use():
    """With consequence_growth g per year of use, the k-th week of use accrues c (1 + g k / 52);
    weeks without use add nothing and do not advance k."""
    from remission.engine import environment
    from remission.engine.compile import compile_protocol

    p = remission.protocols.get("life_course_weekly", years=1, consequence=1.0,
                                consequence_delay="100 years", consequence_growth=5.2)
    obs = compile_protocol(p).obs
    box = environment.init_box(1, dtype=np.float32)
    accrued = []
    for t, a in enumerate((1, 2, 1, 1)):  # use, abstain, use, use
        before = float(box["pending"][0])
        box, _ = environment.step(box, {k: v[t] for k, v in obs.items()}, np.array([a]),
                                  np.array([1.0]))
        accrued.append(float(box["pending"][0]) - before)
    # arrivals over 100 years are ~1e-4 of the pool a week: compare to 1e-3
    assert accrued == pytest.approx([1.0, 0.0, 1.1, 1.2], abs=1e-3)
    assert float(box["used"][0]) == 3.0


def test_role_compatibility_keeps_that_share_of_the_roles_in_weeks_of_use():
    """In the typical life work starts at year 4 (+0.5 to the alternative's reward); a week of use
    earns role_compatibility times the roles' rewards; the alternative is unchanged."""
    from remission.engine.compile import compile_protocol

    def rewards(r):
        obs = compile_protocol(remission.protocols.get("life_course_weekly", years=5,
                                                       role_compatibility=r)).obs
        return obs["reward"][:260, 1], obs["reward"][:260, 2]
    drug0, alt0 = rewards(0.0)
    drug, alt = rewards(0.6)
    work = np.arange(260) >= 4 * 52
    np.testing.assert_allclose(alt, alt0)
    np.testing.assert_allclose(alt0, np.where(work, 0.75, 0.25))
    np.testing.assert_allclose(drug0, 0.0)
    np.testing.assert_allclose(drug, np.where(work, 0.6 * 0.5, 0.0), rtol=1e-6)
    with pytest.raises(remission.RemissionError, match="role_compatibility.*1.5.*\\[0, 1\\]"):
        remission.protocols.get("life_course_weekly", role_compatibility=1.5)


@pytest.fixture(scope="module")
def cli_out(tmp_path_factory):
    out = tmp_path_factory.mktemp("life")
    result = CliRunner().invoke(app, ["lifecourse", "--model", "dual_trace", "--subjects", "16",
                                      "--years", "8", "--histories", "2", "--arms",
                                      "none,contingency", "--out", str(out)])
    return out, result


def test_cli_writes_curves_and_a_report_that_renders(cli_out):
    out, result = cli_out
    assert result.exit_code == 0, result.output
    import pandas as pd

    curves = pd.read_parquet(out / "curves.parquet")
    assert set(curves["arm"]) <= {"none", "contingency"} and (curves["cumulative"] <= 1).all()
    assert pd.read_csv(out / "curves.csv").shape == curves.shape
    html = (out / "report.html").read_text()
    assert html.startswith("<!doctype html>") and html.count("data:image/png;base64,") >= 3
    assert "Verdict" in html and "</html>" in html


@pytest.mark.parametrize("args", [
    ["--arms", "hypnosis"],
    ["--population", "missing.toml"],
    ["--subjects", "0"],
    ["--set", "years"],
])
def test_cli_refuses_bad_input_with_status_2(args, tmp_path):
    result = CliRunner().invoke(app, ["lifecourse", "--out", str(tmp_path), "--years", "3", *args])
    assert result.exit_code == 2, result.output


def test_contingency_management_shortens_time_to_remission():
    # a year of vouchers from year 3 of use, the same 96 people with and without it
    lives = remission.simulate_lives("dual_trace", n_subjects=96, arms=("none", "contingency"),
                                     histories=4, seed=1,
                                     paradigm={"years": 12, "treatment_year": 3.0,
                                               "treatment_weeks": 52})
    t = lives.table[lives.table["at_risk"]]
    none, cm = t[t["arm"] == "none"], t[t["arm"] == "contingency"]
    assert len(none) > 50 and len(cm) > 50
    km_none = survival.kaplan_meier(none["time"], none["remitted"])
    km_cm = survival.kaplan_meier(cm["time"], cm["remitted"])
    assert survival.cumulative_at(km_cm, 4.0) > survival.cumulative_at(km_none, 4.0) + 0.1
    assert survival.logrank(cm["time"], cm["remitted"], none["time"], none["remitted"]) < 0.05


def test_same_seed_same_lives():
    kw = dict(n_subjects=8, histories=2, paradigm={"years": 8})
    a = remission.simulate_lives("dual_trace", seed=3, **kw)
    b = remission.simulate_lives("dual_trace", seed=3, **kw)
    assert np.array_equal(a.use, b.use)


def test_cma_minimise_finds_a_known_minimum_within_bounds():
    from remission.lifecourse.calibrate import cma_minimise

    res = cma_minimise(lambda x: (x[0] - 0.3) ** 2 + (x[1] - 0.7) ** 2, [0.5, 0.5], 0.2,
                       ([0.0, 0.0], [1.0, 1.0]), evaluations=120)
    np.testing.assert_allclose(res["x"], [0.3, 0.7], atol=0.02)
    assert res["evaluations"] <= 126 and res["loss"] == min(v for _, v in res["history"])


def test_cli_fit_calibrates_at_the_given_size_and_writes_the_fit(tmp_path, monkeypatch):
    """``--fit`` with ``--fit-subjects``/``--fit-histories``: a real (tiny) CMA-ES fit whose
    evaluations simulate that many lives, written to fits.csv."""
    import pandas as pd

    from remission.cli import common
    from remission.lifecourse import calibrate

    sizes, real = [], calibrate.lives_figures

    def spy(model, population, params, substance, n_subjects, seed, years, histories):
        sizes.append((n_subjects, histories))
        return real(model, population, params, substance, n_subjects, seed, years, histories)

    monkeypatch.setattr(calibrate, "lives_figures", spy)
    monkeypatch.setattr(common.Progress, "QUIET_SECONDS", 0.0)  # print every progress line
    result = CliRunner().invoke(app, [
        "lifecourse", "--subjects", "16", "--years", "6", "--histories", "0", "--arms", "none",
        "--fit", "cocaine", "--fit-evaluations", "6", "--fit-subjects", "24",
        "--fit-histories", "0", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "fit cocaine: evaluations, best loss" in result.output and "lives: none" in result.output
    assert len(sizes) >= 7 and set(sizes) == {(24, 0)}  # 6 evaluations + the fitted point
    fits = pd.read_csv(tmp_path / "fits.csv")
    assert list(fits["substance"]) == ["cocaine"] and fits["evaluations"].iloc[0] >= 6
    assert np.isfinite(fits["loss"]).all()
    # the evaluations were streamed: a second run in the same folder is refused, a resumed
    # one takes every logged evaluation from the log and simulates only the fitted point
    log = (tmp_path / "fit_cocaine.jsonl").read_text().splitlines()
    assert len(log) == 1 + fits["evaluations"].iloc[0]
    args = ["lifecourse", "--subjects", "16", "--years", "6", "--histories", "0", "--arms", "none",
            "--fit", "cocaine", "--fit-evaluations", "6", "--fit-subjects", "24",
            "--fit-histories", "0", "--out", str(tmp_path)]
    again = CliRunner().invoke(app, args)
    assert again.exit_code == 2 and "--force" in again.output
    sizes.clear()
    resumed = CliRunner().invoke(app, [*args, "--resume"])
    assert resumed.exit_code == 0, resumed.output
    assert len(sizes) == 1
    assert pd.read_csv(tmp_path / "fits.csv").equals(fits)


def test_fit_resumed_after_a_crash_ends_as_an_uninterrupted_fit(tmp_path, monkeypatch):
    """A log cut after three evaluations (and half a line): the resumed fit asks for the same
    points, takes their losses from the log and ends with the same history and log."""
    from remission.lifecourse import calibrate

    kw = dict(n_subjects=24, histories=0, evaluations=6)
    whole = calibrate.fit_drug("cocaine", log=tmp_path / "whole.jsonl", **kw)
    lines = (tmp_path / "whole.jsonl").read_text().splitlines(keepends=True)
    cut = tmp_path / "cut.jsonl"
    cut.write_text("".join(lines[:4]) + lines[4][:20])
    calls, real = [], calibrate.lives_figures
    monkeypatch.setattr(calibrate, "lives_figures", lambda *a: calls.append(a) or real(*a))
    resumed = calibrate.fit_drug("cocaine", log=cut, resume=True, **kw)
    assert resumed.history == whole.history and resumed.params == whole.params
    assert cut.read_text() == (tmp_path / "whole.jsonl").read_text()
    assert len(calls) == whole.evaluations - 3 + 1  # the rest, and the fitted point
    with pytest.raises(remission.RemissionError, match="n_subjects"):
        calibrate.fit_drug("cocaine", log=cut, resume=True, **{**kw, "n_subjects": 32})
