"""Issue 14: free-operant fits that work on the real MED-PC file, damaged input refused, Pavlovian
trial data with response models, group-level means and their differences, group-mean data,
checks on every fit. Simulations stay small; the large runs are in benchmarks/fit_*.py."""

import jax
import numpy as np
import pandas as pd
import pytest
from conftest import require_shared

import remission
from remission.errors import RemissionError
from remission.fitting import predictive, response
from remission.fitting.design_recovery import recover_on_design, simulate_on_design
from remission.io import build_design, parse_medpc, read_medpc, read_trials, validate
from remission.io.simulated import two_cs_fear_design

RW = "rescorla_wagner"


@pytest.fixture(scope="module")
def medpc_path():
    return require_shared("data", "medpc", "palmer_lab_alcohol_water_day01.txt")


@pytest.fixture(scope="module")
def medpc_fit(medpc_path):
    data = read_medpc(medpc_path, presses={"drug": "V"}, unit="s", bin_seconds=20,
                      deliveries={"drug": "Y"})
    return remission.fit(RW, data, starts=2)


def test_free_operant_fit_beats_chance_and_tells_rats_apart(medpc_fit):
    """The bug: with the value of not responding fixed at 0, every rat sat at 105 ln 1/2."""
    res = medpc_fit
    s = res.subjects.set_index("subject")
    assert "rest" in set(res.params["parameter"])
    np.testing.assert_allclose(s["loglik_chance"], 105 * np.log(0.5))
    assert (s["loglik"] > s["loglik_chance"] + 10).all(), s[["loglik", "loglik_chance"]]
    presses = pd.Series((res.design.actions == 1).sum(1), index=res.design.subjects)
    for a in s.index:
        for b in s.index:
            if presses[a] != presses[b]:
                assert abs(s.loc[a, "loglik"] - s.loc[b, "loglik"]) > 1e-3, (a, b)
    assert res.diagnostics["beat_chance"] == 16


def test_predictive_check_per_phase_and_recovery_on_the_fitted_design(medpc_fit, tmp_path):
    res = medpc_fit
    table = predictive.phase_table(res)
    drug = table[table["measure"] == "P(drug)"]
    assert set(table["measure"]) == {"P(drug)", "P(none)"} and set(table["phase"]) == {"data"}
    # observed shares are the data's: the mean press share across rats in each bin
    np.testing.assert_allclose(drug["observed"], (res.design.actions == 1).mean(0))
    assert (drug["low"] == drug["predicted"]).all()  # a plug-in check has no band
    assert "maximum-likelihood" in predictive.kind(res)
    sim = simulate_on_design(remission.models.get(RW), res.design,
                             {k: v.to_numpy() for k, v in res.estimates().items()}, seed=3)
    pressed = sim.actions == 1
    assert pressed.any() and (sim.outcomes["drug"][pressed] == 1.0).all()  # the data's FR1 box
    summary, pairs = recover_on_design(res, seed=2, starts=1)
    assert set(summary["parameter"]) == {"eta", "beta", "rest"} and len(pairs) == 3 * 16
    out = res.save(tmp_path / "fit", figures=False)
    assert (out / "ppc.csv").is_file() and "PSIS-LOO needs" in (out / "fit.json").read_text()


def _cut(path, tmp_path, keep_lines=None, drop_line=None, extra=""):
    lines = path.read_bytes().decode().split("\n")
    if drop_line is not None:
        del lines[drop_line - 1]
    text = "\n".join(lines[:keep_lines]) + "\n" + extra
    bad = tmp_path / "cut.txt"
    bad.write_bytes(text.encode())
    return bad


def test_damaged_medpc_is_refused_with_file_and_line(medpc_path, tmp_path):
    first_of_last = 8571  # "Subject: F0316"
    cases = [
        (dict(keep_lines=first_of_last + 40), "ends without arrays"),  # cut inside array M
        (dict(keep_lines=first_of_last + 3), "has no arrays"),  # cut inside the header
        (dict(drop_line=23), "line 23: array L continues at index 10 but holds 5 values"),  # a lost line
    ]
    for kw, needle in cases:
        bad = _cut(medpc_path, tmp_path, **kw)
        with pytest.raises(RemissionError, match=needle) as err:
            parse_medpc(bad)
        assert str(bad) in str(err.value) and ", line " in str(err.value)
    # cut in the last array (Y) of the last block: shorter than every other block's Y
    y_start = next(i for i, line in enumerate(medpc_path.read_bytes().decode().split("\n"), 1)
                   if i > first_of_last and line.startswith("Y:"))
    with pytest.raises(RemissionError, match=r"line 8957: array Y .* has 105 values where the "
                                             r"other blocks of program 'Alcohol-Water' have 1001"):
        parse_medpc(_cut(medpc_path, tmp_path, keep_lines=y_start + 21))
    lines = medpc_path.read_bytes().decode().split("\n")
    twice = tmp_path / "twice.txt"
    twice.write_bytes(("\n".join(lines + [""] + lines[3:574]) + "\n").encode())
    with pytest.raises(RemissionError, match="same session appears twice"):
        read_medpc(twice, presses={"drug": "V"}, unit="s")
    with pytest.raises(RemissionError, match="--press drug=V"):
        read_trials(medpc_path)


@pytest.mark.parametrize("name,text,needle", [
    ("cut.csv", "subject,trial,choice,reward\n1,0,drug,1\n1,1,none\n", "line 3: 3 fields where the header has 4"),
    ("cut.tsv", "subject\ttrial\tchoice\n1\t0\tdrug\n1\t1\n", "line 3: 2 fields"),
    ("long.csv", "subject,choice\n1,drug\n1,none,3\n", "longer than the header"),
    ("dup.csv", "subject,trial,choice\n1,0,drug\n1,1,none\n1,0,none\n", r"trial 0 appears more than once \(rows 1, 3\)"),
    ("grp.csv", "subject,group,choice\n1,a,drug\n1,b,none\n", "a subject belongs to one group"),
])
def test_damaged_tables_are_refused(tmp_path, name, text, needle):
    path = tmp_path / name
    path.write_text(text)
    with pytest.raises(RemissionError, match=needle) as err:
        read_trials(path)
    assert str(path) in str(err.value)


def test_pavlovian_columns_intervals_and_groups(tmp_path):
    path = tmp_path / "fear.csv"
    path.write_text("id,cond,CSp,CSm,shock,scr,iti\n"
                    "a,x,1,0,1,0.5,0\na,x,0,1,0,0.1,0.5\na,x,1,0,0,,1\n"
                    "b,y,1,0,1,0.2,0\nb,y,0,1,0,0.3,2\n")
    data = read_trials(path, columns={"subject": "id", "group": "cond", "us": "shock", "cr": "scr",
                                      "interval": "iti"}, cue_columns=["CSp", "CSm"], time_unit="days")
    t = data.trials
    assert t["pavlovian"].all() and t["cues"].tolist() == ["CSp", "CSm", "CSp", "CSp", "CSm"]
    assert t["time"].tolist() == [0.0, 720.0, 2160.0, 0.0, 2880.0] and data.groups == ["x", "y"]
    d = build_design(data)
    assert d.cr_mask.sum() == 4 and not d.mask.any() and d.cue_names == ("CSm", "CSp")
    with pytest.raises(RemissionError, match="not a proportion in"):
        response.transform("logit_normal", np.array([[0.2, 45.0]]), np.ones((1, 2), bool))


@jax.enable_x64(True)
def test_logit_normal_is_the_density_of_the_squeezed_proportions():
    from scipy import stats

    rng = np.random.default_rng(0)
    r = rng.uniform(0, 1, (1, 30))
    y = np.clip(1 / (1 + np.exp(-(-1 + 3 * r + 0.3 * rng.standard_normal(r.shape)))), 0, 1)
    y[0, :3] = [0.0, 1.0, 0.5]
    mask = np.ones_like(y, bool)
    z = response.transform("logit_normal", y, mask)
    ll = float(response.log_likelihood("logit_normal", r, z, mask)[0])
    a, b, s2 = (float(np.asarray(v)[0]) for v in response.profile("logit_normal", r, z, mask))
    ys = 1 / (1 + np.exp(-z))
    expect = stats.norm.logpdf(z, a + b * r, np.sqrt(s2)).sum() - np.log(ys * (1 - ys)).sum()
    assert ll == pytest.approx(expect, rel=1e-9) and b > 2


@pytest.fixture(scope="module")
def fear_data():
    """6 subjects in two groups of the two-CS design, CRs simulated from RW with known η."""
    df = two_cs_fear_design(6, seed=4, acquisition=8, extinction=8, reinstatement=2, test=4)
    df["group"] = np.where(df["subject"].isin(["s000", "s001", "s002"]), "slow", "fast")
    df["cr"] = np.where(df["measured"], 0.0, np.nan)
    design = build_design(validate(df.drop(columns="measured"), cue_columns=["CSplus", "CSminus"]))
    eta = np.array([0.1, 0.12, 0.14, 0.4, 0.45, 0.5])
    sim = simulate_on_design(remission.models.get(RW), design, {"eta": eta}, seed=1, scale=1.0, noise=0.05)
    frame = design.data.trials.copy()
    frame["cr"] = np.nan
    for i, subj in enumerate(design.subjects):
        rows = frame["subject"] == subj
        frame.loc[rows, "cr"] = np.where(sim.cr_mask[i, : rows.sum()], sim.cr[i, : rows.sum()], np.nan)
    return validate(frame.drop(columns=["row"])), eta


def test_pavlovian_fit_uses_the_response_readout_and_recovers_eta(fear_data):
    data, eta = fear_data
    res = remission.fit(RW, data, starts=2)
    assert set(res.params["parameter"]) == {"eta"}  # no choices: the choice rule is not fitted
    est = res.estimates()["eta"].to_numpy()
    assert np.corrcoef(est, eta)[0, 1] > 0.9, est
    assert set(res.groups["group"]) == {"slow", "fast"}
    pos = predictive.positions(res.design)  # the predictive check's x axis: trial within phase
    first = res.design.obs["phase"][0]
    assert pos[0, 0] == 0 and pos[0, np.argmax(first == 1)] == 0 and pos[0, 15] == 15


def test_hierarchical_group_means_and_their_difference(fear_data, tmp_path):
    from remission.fitting.groups import difference_figure, differences

    data, _ = fear_data
    res = remission.fit(RW, data, method="bayes", chains=1, warmup=100, samples=100, seed=2)
    post = res.idata.posterior
    assert post["eta_group"].dims[-1] == "group" and list(post.coords["group"].values) == ["slow", "fast"]
    table, draws = differences(res, "eta")
    row = table.iloc[0]
    assert (row["group"], row["reference"]) == ("fast", "slow") and row["hdi_low"] <= row["mean"] <= row["hdi_high"]
    assert row["mean"] > 0 and row["p_greater"] > 0.8, table
    difference_figure(table, draws, tmp_path / "diff.png")
    assert (tmp_path / "diff.png").is_file()
    with pytest.raises(RemissionError, match="no erasure share"):
        differences(res)


def test_group_means_fit_by_simulation_from_the_command_line(tmp_path):
    from typer.testing import CliRunner

    from remission.cli import app
    from remission.fitting.summary import block_means, fit_summary

    protocol = remission.protocols.get("renewal_aba", pavlovian=True)
    truth = remission.simulate(RW, {"ABA": protocol}, n_subjects=3, params={"eta": 0.3}, seed=0)
    means = block_means(truth.trials, "response", 5, "mean")
    summary = means.rename(columns={"model": "m"}).assign(m=lambda d: 2.0 * d["m"] + 0.1, sem=0.05)
    path = tmp_path / "means.csv"
    summary.to_csv(path, index=False)
    protocol.to_toml(tmp_path / "aba.toml")  # the Pavlovian variant, as a lab would pass its own
    out = tmp_path / "summary"
    r = CliRunner().invoke(app, ["fit", str(path), "--summary", "--model", RW, "--protocol",
                                 f"ABA={tmp_path / 'aba.toml'}", "--block", "5", "--fit", "eta", "--subjects", "3",
                                 "--column", "mean=m", "--column", "se=sem", "--param", "eta=0.1",
                                 "--out", str(out)])
    assert r.exit_code == 2 and "both fitted and fixed" in r.output
    r = CliRunner().invoke(app, ["fit", str(path), "--summary", "--model", RW, "--protocol",
                                 f"ABA={tmp_path / 'aba.toml'}", "--block", "5", "--fit", "eta", "--subjects", "3",
                                 "--column", "mean=m", "--column", "se=sem", "--out", str(out)])
    assert r.exit_code == 0, r.output
    fitted = pd.read_csv(out / "summary_params.csv").set_index("parameter")["estimate"]
    assert fitted["eta"] == pytest.approx(0.3, abs=0.02) and (out / "summary_fit.png").is_file()
    with pytest.raises(RemissionError, match="no protocol"):
        fit_summary(RW, summary.rename(columns={"m": "mean", "sem": "se"}).assign(group="other"),
                    {"ABA": protocol}, fit=["eta"])
    r = CliRunner().invoke(app, ["compare-groups", str(path), "--group-column", "cohort"])
    assert r.exit_code == 2 and "group" in r.output
