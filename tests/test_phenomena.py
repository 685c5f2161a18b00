"""The phenomena registry: complete, well-formed, and every read-out computes from simulations;
the check statistics behave as documented."""

import math
import re

import numpy as np
import pandas as pd
import pytest

import remission
from remission import phenomena
from remission.engine.compile import compile_protocol
from remission.models.base import INPUTS
from remission.phenomena.base import TAGS, Score, evaluate, total
from remission.phenomena.checks import Equivalent, Greater, Within, cles, cohen_d, interval
from remission.scoring.runner import Runner

N, REPLICATES = 6, 2  # every scorecard test: one compiled program per shape and model


@pytest.mark.parametrize("pid", phenomena.names(outside=True))
def test_phenomenon_is_documented_and_compiles(pid):
    p = phenomena.get(pid)
    for field in ("title", "citation", "readout", "target", "rule", "headline"):
        assert getattr(p, field), f"{pid} has no {field}"
    assert re.search(r"(19|20)\d\d", p.citation), f"{pid} citation has no year"
    assert p.tag in TAGS and set(p.needs) <= set(INPUTS)
    assert all(set(c.needs) <= set(INPUTS) for c in p.checks)
    groups = p.protocols()
    assert groups and all(isinstance(g, str) for g in groups)
    assert list(groups) == list(p.groups)
    for protocol in groups.values():
        comp = compile_protocol(protocol)
        assert comp.n_steps > 0 and (comp.obs["dt"] >= 0).all()
    assert p.protocols() == groups, "building the groups must be deterministic"


def test_tags_split_use_from_remission():
    use = [p for p in phenomena.names() if phenomena.get(p).tag == "use"]
    assert use == ["escalation", "addiction_minority", "punishment_resistance", "sweet_choice",
                   "drug_preferring_minority", "choice_delay"]


def test_findings_outside_the_table_are_scored_only_when_asked_for():
    from remission.calibration.splits import split

    outside = ["rapid_reacquisition", "recovery_interval", "resurgence"]
    assert not set(outside) & set(phenomena.names())
    assert phenomena.names(outside=True) == phenomena.names() + outside
    assert list(phenomena.select("outside")) == outside
    assert list(phenomena.select("all")) == phenomena.names()
    assert not set(outside) & set(split("use").test)
    assert split("use", "outside").test == tuple(outside)
    with pytest.raises(remission.RemissionError, match="outside.*resurgence"):
        phenomena.select("resurgense")


def test_unknown_phenomenon_suggests_a_name():
    with pytest.raises(remission.RemissionError, match="renewal"):
        phenomena.get("renewl")


@pytest.fixture(scope="module")
def runner():
    return Runner(n_subjects=N, replicates=REPLICATES, seed=0)


@pytest.mark.parametrize("pid", phenomena.names(outside=True))
def test_every_readout_computes_from_a_simulation(pid, runner):
    cell = runner.cell(phenomena.get(pid), "rescorla_wagner")
    s = cell.score
    assert isinstance(s, Score)
    assert s.status in ("pass", "fail", "n/a"), s.note
    if s.status == "n/a":
        assert s.note.startswith("not applicable"), "an n/a cell must say why"
        return
    applicable = [c for c in s.checks if c.applicable]
    assert applicable and s.passed == all(c.passed for c in applicable)
    assert all(0.0 <= c.score.low <= c.score.mean <= c.score.high <= 1.0 for c in applicable)
    assert set(s.simulated) == set(phenomena.get(pid).conditions)
    assert set(cell.sessions["group"].unique()) == set(phenomena.get(pid).groups)
    assert cell.sessions["subject"].max() == N * REPLICATES - 1


def test_missing_inputs_make_a_cell_or_check_not_applicable(runner):
    cell = runner.cell(phenomena.get("depotentiation"), "rescorla_wagner")
    assert cell.score.status == "n/a" and "depotentiation" in cell.score.note
    cell = runner.cell(phenomena.get("reinstatement"), "rescorla_wagner")
    states = {c.name.split()[0]: c.applicable for c in cell.score.checks}
    assert states["cue"] and not states["prime"] and not states["stress"]


def test_interval_is_a_t_interval_that_shrinks_with_replicates():
    rng = np.random.default_rng(0)
    widths = []
    for n in (4, 16, 64):
        m, lo, hi = interval(rng.normal(1.0, 1.0, n))
        assert lo < m < hi
        widths.append(hi - lo)
    assert widths[0] > widths[1] > widths[2]
    assert interval([2.0]) == (2.0, 2.0, 2.0) and all(map(math.isnan, interval([])))


def test_effect_sizes_and_scores():
    a = np.array([2.0, 2.2, 1.8, 2.1])
    b = a / 2
    assert cohen_d(a, b) > 5 and cohen_d(b, a) < -5 and cohen_d(a, a) == 0.0
    assert cles(0.0) == 0.0 and cles(-1.0) == 0.0 and 0.42 < cles(0.8) < 0.44 and cles(math.inf) == 1.0
    v = {"a": a, "b": b, "x": 0.5}
    assert Greater("", a="a", b="b").effect(v) == pytest.approx(a.mean() / 2)
    assert Greater("", a="a", b="b", margin=1.5).effect(v) < 0  # a is not 2.5 × b
    # the score measures the rule's own quantity: a 2-fold difference scores high against "b",
    # 0 against "2.5 × b" and against "b + 1.2 × a" (the floor), however consistent it is
    assert Greater("", a="a", b="b").score(v) > 0.99
    assert Greater("", a="a", b="b", margin=1.5).score(v) == 0.0
    assert Greater("", a="a", b="b", floor=0.6, reference="a").score(v) == 0.0
    assert 0.0 < Greater("", a="a", b="b", margin=0.9).score(v) < Greater("", a="a", b="b").score(v)
    assert Greater("", a="a", b="b", ratio=2.0).score(v) == pytest.approx(1.0)
    assert Greater("", a="a", b="b", ratio=4.0).score(v) == pytest.approx(math.exp(-0.5))
    w = Within("", x="x", target=0.5, low=0.25, high=0.75)
    assert w.score(v) == 1.0 and w.passes(0.3, 0.7) and not w.passes(0.2, 0.7)
    e = Equivalent("", a="a", b="a", reference="b", margin=0.2)
    assert e.effect(v) == 0.0 and e.passes(-0.1, 0.1) and not e.passes(-0.3, 0.1)


def test_readouts_reject_missing_groups():
    sessions = pd.DataFrame({"group": ["x"], "phase": ["test"], "subject": [0], "session": [0],
                             "drug_presses": [1.0]})
    with pytest.raises(remission.RemissionError, match="no sessions"):
        total(sessions, "y", "test")


def test_epidemiology_is_not_applicable_without_a_dependent_cohort():
    from remission.phenomena import remission_epidemiology as epi

    weeks = 52 * epi.YEARS
    sessions = pd.DataFrame({
        "group": epi.GROUP, "phase": "w0", "subject": np.repeat(np.arange(10), weeks),
        "session": np.tile(np.arange(weeks), 10), "drug_presses": 0.0, "alternative_presses": 1.0})
    s = evaluate(epi.REMISSION_EPIDEMIOLOGY, sessions, 5)
    assert s.status == "n/a" and "no cohort" in s.note
    sessions["drug_presses"], sessions["alternative_presses"] = 1.0, 0.0  # nobody remits
    s = evaluate(epi.REMISSION_EPIDEMIOLOGY, sessions, 5)
    assert s.status == "fail" and s.simulated["year 40"].mean == 0.0
