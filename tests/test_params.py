"""Parameter declarations: bounds, transforms and priors of every registered model."""

import numpy as np
import pytest

import remission
from remission.params import ParamSpec

BASE_MODELS = [n for n in remission.models.names() if remission.models.get(n).base is None]


@pytest.mark.parametrize("name", BASE_MODELS)
def test_priors_put_the_default_within_two_sd(name):
    for spec in remission.models.get(name).params:
        if spec.default in (spec.lower, spec.upper):
            continue
        mean, sd = spec.prior
        z = (float(spec.to_unconstrained(spec.default)) - mean) / sd
        assert abs(z) <= 2, f"{name}.{spec.name}: prior {spec.prior} puts default {spec.default} at z={z:.1f}"


@pytest.mark.parametrize("spec", [
    ParamSpec("p", 0.3, 0.0, 1.0), ParamSpec("r", 2.0, 0.0), ParamSpec("x", -1.0),
    ParamSpec("n", -2.0, upper=0.0), ParamSpec("wide", 40.0, 0.0, 50.0),
])
def test_transforms_round_trip_and_stay_in_bounds(spec):
    u = np.linspace(-8, 8, 33)
    x = np.asarray(spec.to_constrained(u))
    assert np.all((x >= spec.lower) & (x <= spec.upper))
    np.testing.assert_allclose(spec.to_unconstrained(x), u, atol=1e-6)
    assert float(spec.to_constrained(spec.prior[0])) == pytest.approx(spec.default, rel=1e-6)
