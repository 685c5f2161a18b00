"""Dual-trace erasure/competition model: erasure predicts no return of extinguished seeking,
competition predicts renewal and spontaneous recovery; depotentiation reduces cue-induced seeking."""

import numpy as np
import pytest

import remission
from remission import models, protocols, simulate
from remission.protocols import Intervention, blocks

KW = dict(training_sessions=5, extinction_sessions=6)
N = 20


def test_presses(result, phase="test"):
    d = result.trials[result.trials["phase"] == phase]
    return float((d["action"] == "drug").groupby(d["subject"]).sum().mean())


test_presses.__test__ = False  # a helper, not a test


@pytest.fixture(scope="module")
def tests_by_model():
    out = {}
    for m in ("erasure_only", "competition_only"):
        r = {name: test_presses(simulate(m, protocols.get(name, **KW), n_subjects=N, seed=1))
             for name in ("renewal_aba", "renewal_aaa")}
        for delay in ("10 min", "21 days"):
            p = protocols.get("spontaneous_recovery", test_delay=delay, **KW)
            r[delay] = test_presses(simulate(m, p, n_subjects=N, seed=1))
        out[m] = r
    return out


def test_presets_registered_with_their_erasure_share():
    assert models.get("erasure_only").defaults["epsilon"] == 1.0
    assert models.get("competition_only").defaults["epsilon"] == 0.0
    assert 0 < models.get("mixed").defaults["epsilon"] < 1
    assert "epsilon" in models.get("erasure_only").fixed


def test_erasure_shows_no_renewal_competition_does(tests_by_model):
    e, c = tests_by_model["erasure_only"], tests_by_model["competition_only"]
    assert e["renewal_aba"] < e["renewal_aaa"] + 2.0
    assert c["renewal_aba"] > 2.0 * c["renewal_aaa"]


def test_erasure_shows_no_spontaneous_recovery(tests_by_model):
    e = tests_by_model["erasure_only"]
    assert e["21 days"] < e["10 min"] + 2.0


@pytest.mark.xfail(strict=True, reason=(
    "operant spontaneous recovery without cues came from incubation of the whole context-driven "
    "drug value (with a prime resetting the incubation clock); incubation is now cue-triggered, and "
    "the faster decay of the extinction trace recovers only until its clock restarts (every step "
    "in which the context retrieves it, i.e. within the first bin). The Pavlovian scorecard row "
    "still passes. Known gap, see the dual-trace report."))
def test_competition_shows_operant_spontaneous_recovery(tests_by_model):
    c = tests_by_model["competition_only"]
    assert c["21 days"] > 2.0 * c["10 min"]


def test_depotentiation_reduces_cue_induced_seeking():
    p = protocols.get("reinstatement", trigger="cue", **KW)
    phases = list(p.phases)
    phases[2] = phases[2].model_copy(
        update={"interventions": [Intervention(kind="depotentiation", magnitude=0.9)]})
    depot = p.model_copy(update={"phases": phases})
    control = test_presses(simulate("competition_only", p, n_subjects=N, seed=2))
    treated = simulate("competition_only", depot, n_subjects=N, seed=2)
    assert test_presses(treated) < 0.5 * control
    # the operator shows in the read-outs: the drug trace falls by the depotentiated fraction
    t = treated.trials
    ext_end = t[t["phase"] == "extinction"].groupby("subject")["drug_trace"].last()
    test_start = t[t["phase"] == "test"].groupby("subject")["drug_trace"].first()
    assert np.all(test_start.to_numpy() <= 0.1 * ext_end.to_numpy() + 1e-9)


def test_readouts_and_erasure_index():
    r = simulate("mixed", protocols.get("extinction", training_sessions=2, extinction_sessions=2),
                 n_subjects=5, seed=0)
    for col in ("drug_trace", "extinction_trace", "punishment_trace", "alternative_trace",
                "net_value", "erasure_index"):
        assert col in r.trials and np.isfinite(r.trials[col]).all()
    idx = r.trials.groupby("subject")["erasure_index"].last()
    assert ((idx > 0.3) & (idx < 0.7)).all()  # ε = 0.5 outside any reconsolidation window
    e = simulate("erasure_only", protocols.get("extinction", training_sessions=2, extinction_sessions=2),
                 n_subjects=5, seed=0)
    assert np.allclose(e.trials.groupby("subject")["extinction_trace"].last(), 0.0)


def test_amnestic_agent_needs_a_labile_trace():
    """An amnestic agent degrades the drug trace only right after a retrieval trial."""
    sa = blocks.self_administration_phase(sessions=3)
    ret = blocks.extinction_phase(name="retrieval", sessions=1, length="1 min")

    def protocol(gap):
        test = blocks.extinction_phase(
            name="test", sessions=1, length="10 min", gap_before=gap,
            interventions=[Intervention(kind="amnestic", magnitude=1.0)])
        return remission.Protocol(name="amnestic", phases=[sa, ret, test])

    traces = {}
    for gap in ("10 min", "1 day"):
        r = simulate("competition_only", protocol(gap), n_subjects=5, seed=0).trials
        traces[gap] = r[r["phase"] == "test"].groupby("subject")["drug_trace"].first().mean()
    assert traces["10 min"] < 0.05 * traces["1 day"]


def first_hour_intake(result, bin_s):
    """Mean infusions in the first hour of each session (sessions in order)."""
    t = result.trials
    first = t[t["trial"] * bin_s < 3600]
    per = (first["drug"] > 0).groupby([first["session"], first["subject"]]).sum()
    return per.groupby("session").mean().to_numpy()


def test_long_access_escalates_first_hour_intake():
    """Ahmed & Koob 1998: first-hour intake rises across 6-h (LgA) sessions, not 1-h (ShA) ones;
    the rise comes from the allostatic state (none without it)."""
    kw = dict(sessions=10, bin="20 s")
    lga, sha = (protocols.get("escalation", access=a, **kw) for a in ("long", "short"))
    long_ = first_hour_intake(simulate("dual_trace", lga, n_subjects=N, seed=4), 20.0)
    short = first_hour_intake(simulate("dual_trace", sha, n_subjects=N, seed=4), 20.0)
    flat = first_hour_intake(simulate("dual_trace", lga, n_subjects=N, seed=4,
                                      params={"allostasis": 0.0}), 20.0)
    rise = lambda x: x[-3:].mean() - x[:3].mean()  # noqa: E731
    assert 5 <= short.mean() <= 30  # regulated intake, far below the time-out ceiling (180/h)
    assert rise(long_) > rise(short) + 3.0
    assert long_[-3:].mean() > 1.25 * short[-3:].mean()
    assert rise(flat) < 0.5 * rise(long_)


# ---- reinstatement and enrichment (small versions of the scorecard designs) -------------------

def _design_test_presses(model, protocol, n=24, seed=3):
    return test_presses(simulate(model, protocol, n_subjects=n, seed=seed))


def test_prime_does_not_reset_incubation_and_reinstates():
    """A non-contingent prime adds to the retrieved drug value: after 30 days of abstinence and
    extinction it raises net value and seeking (it used to reset the incubation clock and lower
    them), and the incubation read-out is not reset by it."""
    from remission.phenomena import enrichment

    primed = simulate("competition_only", enrichment.GROUPS["standard prime"].build(), n_subjects=24,
                      seed=3).trials
    plain = simulate("competition_only", enrichment.GROUPS["standard cue"].build(), n_subjects=24,
                     seed=3).trials
    first = lambda t: t[t["phase"] == "test"].groupby("subject").first()  # noqa: E731
    assert np.allclose(first(primed)["incubation"], first(plain)["incubation"], atol=1e-3)
    assert first(primed)["incubation"].mean() > 1.0  # 30 days after the last infusion
    assert first(primed)["net_value"].mean() > first(plain)["net_value"].mean() + 0.5
    from remission.phenomena import reinstatement

    none, prime = (reinstatement.GROUPS[k].build() for k in ("none", "prime"))
    assert _design_test_presses("competition_only", prime) > _design_test_presses(
        "competition_only", none) + 2.0


def test_enrichment_reduces_cue_and_stress_not_primed_reinstatement():
    """Chauvet et al. 2009: enrichment during abstinence reduces cue- and stress-induced
    reinstatement but not drug-primed reinstatement."""
    from remission.phenomena import enrichment

    p = {(h, k): _design_test_presses("competition_only", enrichment.GROUPS[f"{h} {k}"].build())
         for h in ("standard", "enriched") for k in ("cue", "stress", "prime")}
    assert p["enriched", "cue"] < 0.5 * p["standard", "cue"]
    assert p["enriched", "stress"] < 0.7 * p["standard", "stress"]
    assert p["enriched", "prime"] > 0.7 * p["standard", "prime"]
    assert p["enriched", "prime"] < 1.5 * p["standard", "prime"]
