"""Default rat population: sweet preference majority, drug-preferring minority, reproducibility."""

import numpy as np
import pytest

from remission import RemissionError, simulate
from remission.models.dual_trace import default_rat_population


@pytest.fixture(scope="module")
def choice():
    return simulate("dual_trace", "sweet_vs_cocaine_choice", n_subjects=50,
                    params=default_rat_population(), seed=0)


def preferences(result, days=("day6", "day7", "day8")):
    t = result.trials
    ph = t["phase"].astype(str)
    d = t[ph.str.endswith("choice") & ph.str.startswith(days)]
    alt = (d["action"] == "alternative").groupby(d["subject"]).sum()
    drug = (d["action"] == "drug").groupby(d["subject"]).sum()
    return float((alt > drug).mean()), float((drug > alt).mean())


def test_most_rats_prefer_sweet_a_minority_the_drug(choice):
    sweet, drug = preferences(choice)
    assert 0.85 <= sweet <= 1.0  # Lenoir et al. 2007: 94%
    assert 0.0 < drug < 0.15  # Cantin et al. 2010: < 15%


def test_subject_trajectory_reproducible_alone(choice):
    alone = simulate("dual_trace", "sweet_vs_cocaine_choice", n_subjects=50, subjects=[7],
                     params=default_rat_population(), seed=0).trials
    same = choice.trials[choice.trials["subject"] == 7]
    assert np.array_equal(alone["action"].to_numpy(), same["action"].to_numpy())
    other = simulate("dual_trace", "sweet_vs_cocaine_choice", n_subjects=1, subjects=[7],
                     params=default_rat_population(), seed=1)
    assert not np.allclose(other.params["drug_value"], choice.params["drug_value"][7])


def test_bad_population_arguments():
    with pytest.raises(RemissionError, match="vulnerable"):
        default_rat_population(vulnerable=1.5)
    with pytest.raises(TypeError):
        default_rat_population(model="rescorla_wagner")  # the population belongs to dual_trace
