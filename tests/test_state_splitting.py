"""State splitting (Redish et al. 2007): extinction creates a new situation; returning to the
training context re-recognises the old one (renewal)."""

import numpy as np

from remission import models, protocols, simulate
from remission.models.state_splitting import MAX_SITUATIONS


def test_pavlovian_renewal_and_splitting():
    out = {}
    for name in ("renewal_aba", "renewal_aaa"):
        r = simulate("state_splitting", protocols.get(name, pavlovian=True), n_subjects=3, seed=0).trials
        out[name] = r[r["phase"] == "test"]["response"].mean()
        ext = r[r["phase"] == "extinction"]
        assert ext["n_situations"].max() >= 2  # extinction split off a new situation
        assert r["n_situations"].max() <= MAX_SITUATIONS
    assert out["renewal_aba"] > 0.3 > 0.1 > out["renewal_aaa"]


def test_acquisition_keeps_one_situation_and_is_finite():
    r = simulate("state_splitting", "self_administration", n_subjects=4, seed=0).trials
    assert (r["n_situations"] == 1).all()
    assert np.isfinite(r["q_drug"]).all()
    assert models.get("state_splitting").citation.startswith("Redish")
