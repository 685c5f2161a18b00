"""The phenomena registry: complete, well-formed, and every read-out computes from simulations."""

import math
from pathlib import Path
import re

import numpy as np
import pandas as pd
import pytest

import remission
from remission import phenomena
from remission.phenomena.base import Score, clearly_greater
from remission.engine.compile import compile_protocol
from remission.scoring.runner import Runner

N = 6  # subjects per group in every scorecard test: one compiled program per shape and model


@pytest.mark.parametrize("pid", phenomena.names())
def test_phenomenon_is_documented_and_compiles(pid):
    p = phenomena.get(pid)
    for field in ("title", "citation", "readout", "target", "rule"):
        assert getattr(p, field), f"{pid} has no {field}"
    assert re.search(r"(19|20)\d\d", p.citation), f"{pid} citation has no year"
    groups = p.protocols()
    assert groups and all(isinstance(g, str) for g in groups)
    assert list(groups) == list(p.groups)
    for protocol in groups.values():
        comp = compile_protocol(protocol)
        assert comp.n_steps > 0 and (comp.obs["dt"] >= 0).all()
    assert p.protocols() == groups, "building the groups must be deterministic"


def test_unknown_phenomenon_suggests_a_name():
    with pytest.raises(remission.RemissionError, match="renewal"):
        phenomena.get("renewl")


@pytest.fixture(scope="module")
def runner():
    return Runner(n_subjects=N, seed=0)


@pytest.mark.parametrize("pid", phenomena.names())
def test_every_readout_computes_from_a_simulation(pid, runner):
    cell = runner.cell(phenomena.get(pid), "rescorla_wagner")
    s = cell.score
    assert isinstance(s, Score)
    assert not s.note.startswith("error"), s.note
    assert s.passed in (True, False, None)
    if s.passed is None:
        assert s.note.startswith("not applicable"), "an n/a cell must say why"
    else:
        assert s.checks and s.passed == all(s.checks.values())
        assert s.simulated and all(isinstance(v, float) for v in s.simulated.values())
    assert set(cell.result.trials["group"].unique()) == set(phenomena.get(pid).groups)


def test_clearly_greater_needs_an_effect_beyond_noise_and_floor():
    rng = np.random.default_rng(0)
    a, b = rng.normal(1.0, 0.1, 50), rng.normal(0.0, 0.1, 50)
    assert clearly_greater(a, b, floor=0.1)
    assert not clearly_greater(b, a, floor=0.1)
    assert not clearly_greater(a, a + 1e-12, floor=0.0)
    assert not clearly_greater(a, b, floor=2.0)  # the effect must exceed the floor


def test_population_is_centred_on_each_models_defaults():
    m = remission.models.get("rescorla_wagner")
    pop = m.population(fixed={"beta": 2.0})
    assert set(pop.params) == {"drug_value", "shock_cost", "beta"}
    draws = pop.sample(np.arange(400), seed=0, specs={p.name: p for p in m.params})
    assert draws["beta"].tolist() == [2.0] * 400
    assert math.isclose(np.median(draws["drug_value"]), m.spec("drug_value").default, rel_tol=0.15)


def test_readouts_reject_missing_groups():
    trials = pd.DataFrame({"group": ["x"], "phase": ["test"], "subject": [0], "session": [0],
                           "action": ["drug"], "drug": [0.0], "reward": [0.0]})
    from remission.phenomena.base import phase_total

    with pytest.raises(KeyError, match="no steps"):
        phase_total(trials, "y", "test")


def test_epidemiology_is_not_applicable_without_a_dependent_cohort():
    from remission.phenomena import remission_epidemiology as epi

    steps = 12 * epi.YEARS * epi.MONTHLY_CHOICES
    trials = pd.DataFrame({
        "group": "life course", "phase": "life", "subject": np.repeat(np.arange(5), steps),
        "session": np.tile(np.repeat(np.arange(12 * epi.YEARS), epi.MONTHLY_CHOICES), 5),
        "action": "alternative"})
    s = epi.score(trials)
    assert s.passed is None and s.note.startswith("not applicable")
    trials["action"] = "drug"  # everyone dependent, nobody remits: computed, and it fails
    s = epi.score(trials)
    assert s.passed is False and s.simulated["year 14"] == 1.0


def test_exponential_fit_recovers_a_constant_hazard():
    from remission.phenomena.remission_epidemiology import exponential_fit

    lam, r2 = exponential_fit(0.5 ** (np.arange(15) / 4.0))
    assert math.isclose(math.log(2) / lam, 4.0, rel_tol=1e-9) and r2 > 0.999
