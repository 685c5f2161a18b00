"""Known-answer tests for the first agents (MODELS.md §1, §2)."""

import numpy as np
import pytest

import remission
from remission.protocols import Option, Outcome, PavlovianTrial, Phase, Protocol


def pavlovian(name, us_sequence, context="A"):
    trials = [PavlovianTrial(cs=["tone"], us=u) for u in us_sequence]
    return Phase(name=name, context=context, pavlovian=trials)


def test_rw_weights_by_hand_for_five_trials():
    # x = (bias, tone, context A) = (1, 1, 1); eta = 0.1; w0 = 0; US = 1, 1, 0, 1, 0.
    # V1 = 0        -> delta 1       -> each w = 0.1
    # V2 = 0.3      -> delta 0.7     -> each w = 0.17
    # V3 = 0.51     -> delta -0.51   -> each w = 0.119
    # V4 = 0.357    -> delta 0.643   -> each w = 0.1833
    # V5 = 0.5499   -> delta -0.5499
    protocol = Protocol(name="five", phases=[pavlovian("train", [1, 1, 0, 1, 0])])
    res = remission.simulate("rescorla_wagner", protocol, n_subjects=1, params={"eta": 0.1})
    t = res.trials
    np.testing.assert_allclose(t["value"], [0.0, 0.3, 0.51, 0.357, 0.5499], atol=1e-12)
    np.testing.assert_allclose(t["prediction_error"], [1.0, 0.7, -0.51, 0.643, -0.5499], atol=1e-12)


def test_rw_extinction_erases_the_weights():
    protocol = Protocol(name="acq_ext", phases=[
        pavlovian("acquisition", [1] * 30),
        Phase(name="extinction", pavlovian=[PavlovianTrial(cs=["tone"], us=0, count=150)]),
        Phase(name="test", gap_before="30 days", pavlovian=[PavlovianTrial(cs=["tone"], us=0)]),
    ])
    t = remission.simulate("rescorla_wagner", protocol, n_subjects=1, params={"eta": 0.2}).trials
    end_acq = t[t.phase == "acquisition"].value.iloc[-1]
    test = t[t.phase == "test"].value.iloc[0]
    assert end_acq > 0.9
    assert abs(test) < 1e-6  # erased: nothing to recover, however long the wait


def drug_and_sugar(days=40):
    return Protocol(name="drug_vs_natural", phases=[
        Phase(name="drug", trials=days, options=[Option(name="drug", outcome=Outcome(drug=1.0))]),
        Phase(name="sugar", trials=days, options=[Option(name="alternative", outcome=Outcome(reward=1.0))]),
    ])


def test_drug_td_drug_value_keeps_growing_while_natural_reward_converges():
    t = remission.simulate("drug_td", drug_and_sugar(), n_subjects=1,
                           params={"beta": 50, "lapse": 0.0, "surge": 0.2, "eta": 0.2,
                                   "drug_value": 1.0}).trials
    q_drug = t[t.phase == "drug"].q_drug.to_numpy()
    q_sugar = t[t.phase == "sugar"].q_alternative.to_numpy()
    utility = 1.0 - 0.1  # drug_value * dose - press_cost; the same for the sugar reward
    # every delivery adds at least eta * surge: no ceiling
    delivered = t[t.phase == "drug"].drug.to_numpy()[:-1] > 0
    assert delivered.sum() > 30
    assert np.all(np.diff(q_drug)[delivered] >= 0.2 * 0.2 - 1e-12)
    assert q_drug[-1] > utility + 0.5
    assert q_drug[-1] - q_drug[len(q_drug) // 2] > 0.2 * 0.2 * 0.25 * len(q_drug)
    # the natural reward converges to its utility and stays there
    assert q_sugar[-1] == pytest.approx(utility, abs=1e-3)
    assert q_sugar.max() <= utility + 1e-9


def test_rw_drug_value_converges():
    t = remission.simulate("rescorla_wagner", drug_and_sugar(), n_subjects=1,
                           params={"beta": 50, "lapse": 0.0, "eta": 0.2, "drug_value": 1.0}).trials
    assert t[t.phase == "drug"].q_drug.iloc[-1] == pytest.approx(0.9, abs=1e-3)
