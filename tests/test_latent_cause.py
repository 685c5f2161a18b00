"""LCM (Gershman, Blei & Niv 2010): inference properties, numerical safety, the engine agent."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import remission
from remission import RemissionError
from remission.models import latent_cause

T, D = 24, 4


def _renewal_features(test_ctx):
    us = np.r_[np.ones(8), np.zeros(10), np.zeros(2)]
    ctx = np.r_[np.zeros(8), np.ones(10), np.full(2, test_ctx)]
    return np.stack([us, np.ones(20), 1 - ctx, ctx], axis=1)


def test_particle_filter_is_seeded_and_approaches_local_map():
    x = _renewal_features(0)
    a = latent_cause.infer(x, alpha=1.0, particles=50, seed=3)
    b = latent_cause.infer(x, alpha=1.0, particles=50, seed=3)
    c = latent_cause.infer(x, alpha=1.0, particles=50, seed=4)
    np.testing.assert_array_equal(a.v, b.v)
    assert not np.array_equal(a.v, c.v)
    np.testing.assert_allclose(a.posterior.sum(axis=1), 1.0)
    # renewal in the particle filter too: test in A predicts the US more than late extinction in B
    assert a.v[18] > a.v[17] + 0.2


def test_alpha_zero_is_a_single_cause():
    res = latent_cause.infer(_renewal_features(0), alpha=0.0)
    assert np.all(res.posterior[:, 0] == 1.0)


def test_stickiness_keeps_the_previous_cause():
    x = _renewal_features(0)
    loose, sticky = latent_cause.infer(x, alpha=1.0), latent_cause.infer(x, alpha=1.0, stickiness=50.0)
    assert loose.posterior[8:18].argmax(axis=1).max() > 0  # extinction in B is a new cause...
    assert sticky.posterior[8, 0] > loose.posterior[8, 0]  # ...less so when the old cause sticks


def test_non_binary_features_are_refused():
    with pytest.raises(RemissionError, match="binary"):
        latent_cause.infer(np.full((3, 2), 0.5))


@settings(max_examples=25, deadline=None)
@given(x=st.lists(st.lists(st.integers(0, 1), min_size=D, max_size=D), min_size=T, max_size=T),
       alpha=st.one_of(st.just(0.0), st.floats(1e-300, 1e-6), st.floats(1e-6, 1e6)),
       stickiness=st.floats(0.0, 100.0), ab=st.floats(1e-3, 100.0))
@jax.enable_x64(True)  # calls a jitted internal directly
def test_lcm_finite_at_extreme_parameters(x, alpha, stickiness, ab):
    import jax

    v, post = latent_cause.infer_arrays(jnp.asarray(np.asarray(x, float)), jnp.asarray(alpha),
                                        jnp.asarray(ab), jnp.asarray(ab), jnp.asarray(stickiness),
                                        jax.random.PRNGKey(0), max_causes=10)
    v, post = np.asarray(v), np.asarray(post)
    assert np.all(np.isfinite(v)) and np.all((v > 0) & (v < 1))
    assert np.all(np.isfinite(post))
    np.testing.assert_allclose(post.sum(axis=1), 1.0, atol=1e-9)


def _pavlovian(design):
    from remission.protocols import PavlovianTrial, Phase, Protocol

    acq, ext, test = design
    tone = ["tone"]
    return Protocol(name=f"lcm_{design}", phases=[
        Phase(name="acquisition", context=acq, pavlovian=[PavlovianTrial(cs=tone, us=1.0, count=8)]),
        Phase(name="extinction", context=ext, pavlovian=[PavlovianTrial(cs=tone, count=10)]),
        Phase(name="test", context=test, pavlovian=[PavlovianTrial(cs=tone, count=2)]),
    ])


def test_agent_equals_infer_and_shows_aba_renewal():
    out = {}
    for design in ("ABA", "AAA"):
        res = remission.simulate("latent_cause", _pavlovian(design), n_subjects=2, seed=0)
        d = res.trials[res.trials.subject == 0]
        ctx = np.stack([(d.context == c).to_numpy(float) for c in sorted(set(design))], axis=1)
        x = np.column_stack([d.us.to_numpy() > 0, np.ones(len(d)), ctx]).astype(float)
        np.testing.assert_allclose(d.response.to_numpy(), latent_cause.infer(x, alpha=1.0).v,
                                   atol=1e-12)
        out[design] = d[d.phase == "test"].response.iloc[0]
    assert out["ABA"] > out["AAA"] + 0.3
