"""Property-based tests: every registered model stays finite across its documented parameter bounds,
and random parameter sets either run or are refused with a RemissionError.

Models are taken from ``remission.models.names()``, so models added later are covered automatically.
One fixed protocol exercising every feature (Pavlovian trials, FR/PR levers, time-out, shock, delay,
cues, three contexts, all interventions, long gaps) and a fixed batch of 6 subjects keep one
compiled program per model.
"""

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import remission
from remission.fitting.check import CHECK_PROTOCOL

N = 6
FUZZ = settings(max_examples=30, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

RICH = CHECK_PROTOCOL
"""Every feature of the step layout (the model checker's protocol: schedules, time-outs, shocks,
delays, Pavlovian trials, choice, cues, every intervention, three contexts, long gaps)."""


def _range(spec):
    lo = spec.lower if math.isfinite(spec.lower) else min(spec.default, spec.upper) - 100.0
    hi = spec.upper if math.isfinite(spec.upper) else max(spec.default, lo) + 100.0
    return lo, hi


def _values(spec):
    """Values of one parameter for N subjects: bounds, default, or anywhere in between."""
    lo, hi = _range(spec)
    one = st.one_of(st.sampled_from([lo, hi, spec.default]),
                    st.floats(lo, hi, allow_nan=False, allow_infinity=False))
    return st.lists(one, min_size=N, max_size=N)


def _assert_finite(model_name, params):
    trials = remission.simulate(model_name, RICH, n_subjects=N, params=params, seed=3).trials
    values = trials.select_dtypes("number")
    bad = [c for c in values if not np.isfinite(values[c].to_numpy(dtype=float)).all()]
    assert not bad, f"{model_name}: non-finite {bad} with params {params}"


@pytest.mark.parametrize("name", remission.models.names())
def test_models_are_finite_at_the_corners_of_their_bounds(name):
    specs = remission.models.get(name).params
    corners = {s.name: np.array([_range(s)[0], _range(s)[1], s.default] * 2) for s in specs}
    corners = {k: np.roll(v, i % 3) for i, (k, v) in enumerate(corners.items())}
    _assert_finite(name, corners)


@pytest.mark.parametrize("name", remission.models.names())
def test_models_stay_finite_across_their_parameter_bounds(name):
    specs = remission.models.get(name).params

    @FUZZ
    @given(st.fixed_dictionaries({s.name: _values(s) for s in specs}))
    def check(params):
        _assert_finite(name, {k: np.asarray(v) for k, v in params.items()})

    check()


junk = st.sampled_from([-1e9, -1.0, 0.0, 0.5, 1.0, 3.0, 1e9, math.nan, math.inf, "x", None,
                        [0.1, 0.2], [0.1] * N, [[0.1]]])


@FUZZ
@given(st.sampled_from(remission.models.names()),
       st.dictionaries(st.sampled_from(["eta", "beta", "lapse", "etta", "alpha", "w0", "k",
                                        "drug_value", ""]), junk, max_size=3))
def test_random_parameter_sets_run_or_are_refused_clearly(name, params):
    try:
        trials = remission.simulate(name, RICH, n_subjects=N, params=params, seed=0).trials
    except remission.RemissionError as exc:
        assert str(exc).strip()
        return
    for k in params:  # accepted: every given value was a known, in-bounds parameter
        assert k in remission.models.get(name).param_names
    assert np.isfinite(trials.select_dtypes("number").to_numpy(dtype=float)).all()
