"""Dual-trace model v2 (docs/MODELS.md §6): each mechanism does what its section says, and the
erasure share ε alone decides whether extinguished seeking returns.

Simulations run the base model ``dual_trace`` with ε given as a parameter (the presets are the
same functions with ε fixed), so protocols of equal shape share one compiled program. "No effect"
margins are fractions of the trained response rate (the last training session)."""

import numpy as np
import pytest

from remission import Protocol, protocols, simulate
from remission.models import dual_trace_dynamics as dyn
from remission.models import dual_trace_memory as mem
from remission.protocols import Intervention, blocks

MODEL = "dual_trace"
ERASURE, COMPETITION = {"epsilon": 1.0}, {"epsilon": 0.0}
KW = dict(training_sessions=5, extinction_sessions=4, bin="60 s")
"""Operant designs of 10 one-hour sessions in 60 s bins (600 steps): one compiled program."""
N = 24


def presses(trials, phase, session=None):
    """Mean drug-lever presses per subject in ``phase`` (one session of it, if given)."""
    d = trials[trials["phase"] == phase]
    if session is not None:
        d = d[d["session"] == (d["session"].max() if session == -1 else session)]
    return float((d["action"] == "drug").groupby(d["subject"]).sum().mean())


def run(protocol, params, n=N, seed=1):
    return simulate(MODEL, protocol, n_subjects=n, params=params, seed=seed).trials


@pytest.fixture(scope="module")
def relapse():
    """Trials of ABA/AAA renewal and 10 min / 21 day spontaneous recovery (operant) for ε = 1 and
    ε = 0, with the test presses and the trained rate."""
    out = {}
    for label, params in (("erasure", ERASURE), ("competition", COMPETITION)):
        r = {"trials": {}}
        for name in ("renewal_aba", "renewal_aaa"):
            t = r["trials"][name] = run(protocols.get(name, **KW), params)
            r[name] = presses(t, "test")
            r["trained"] = presses(t, "self_administration", session=-1)
        for delay in ("10 min", "21 days"):
            t = r["trials"][delay] = run(protocols.get("spontaneous_recovery", test_delay=delay, **KW), params)
            r[delay] = presses(t, "test")
        out[label] = r
    return out


def test_erasure_shows_neither_renewal_nor_spontaneous_recovery(relapse):
    e = relapse["erasure"]
    assert e["renewal_aba"] - e["renewal_aaa"] < 0.1 * e["trained"], e
    assert e["21 days"] - e["10 min"] < 0.1 * e["trained"], e


def test_competition_shows_renewal_and_operant_spontaneous_recovery(relapse):
    """The former strict xfail: the extinction trace's age is renewed only by learning, so it is
    retrieved less 21 days later and seeking returns (Rescorla 2004; Bouton 2002)."""
    c = relapse["competition"]
    assert c["renewal_aba"] - c["renewal_aaa"] > 0.15 * c["trained"], c
    assert c["21 days"] - c["10 min"] > 0.25 * c["trained"], c


def test_drug_after_effects_teach_while_the_drug_is_taken(relapse):
    """The delayed aversive consequence of each dose gives negative prediction errors during use:
    competing (ε = 0) it builds the aversive trace, erasing (ε = 1) it wears the drug memory."""
    last = lambda label: relapse[label]["trials"]["10 min"].query(  # noqa: E731
        "phase == 'self_administration'").groupby("subject").last()
    assert (last("competition")["punishment_trace"] > 0.05).all()
    assert (last("erasure")["punishment_trace"] == 0).all()
    assert (last("erasure")["erasure_index"] == 1.0).all()


def test_reinforcement_after_extinction_weakens_the_extinction_trace():
    """Reacquisition: reinforced presses weaken the retrieved extinction trace and seeking returns
    within one session (Napier et al. 1992; Bouton 2002). (Faster than the original acquisition is
    not tested: with these defaults acquisition too is complete within its first session.)"""
    p = Protocol(name="reacquisition", phases=[
        blocks.self_administration_phase(sessions=5, bin="60 s"),
        blocks.extinction_phase(sessions=4, bin="60 s"),
        blocks.self_administration_phase("reacquisition", sessions=1, bin="60 s")])
    t = run(p, COMPETITION)
    ext = t[t["phase"] == "extinction"].groupby("subject")["extinction_trace"].last()
    re = t[t["phase"] == "reacquisition"].groupby("subject")["extinction_trace"].last()
    assert (re < 0.8 * ext).mean() > 0.9
    assert presses(t, "extinction", session=-1) < 0.5 * presses(t, "reacquisition")


def test_incubation_from_the_fading_aversive_memory():
    """Forced abstinence: the drug's net value at the start of a cue test rises from day 1 to day
    30 because competing traces fade faster than the drug trace (no incubation clock): with equal
    decay the rise is gone."""
    def start(day, params):
        p = protocols.get("incubation", test_days=(day,), access="short", training_sessions=9, bin="60 s")
        t = run(p, params)
        return t[t["phase"] == f"cue_test_day{day}"].groupby("subject")["net_value"].first()

    assert (start(30, COMPETITION) > start(1, COMPETITION) + 0.01).all()
    equal = {**COMPETITION, "decay_comp": 0.05}
    assert (start(30, equal) <= start(1, equal) + 1e-9).all()


def test_habit_grows_with_reinforced_history_and_survives_punishment():
    p = protocols.get("punished_self_administration", training_sessions=9, punished_sessions=1, bin="60 s")
    t = run(p, COMPETITION)
    sa = t[t["phase"] == "self_administration"].groupby(["session", "subject"])["habit"].last()
    assert (sa[8] > 1.5 * sa[2]).all()
    punished = t[t["phase"] == "punishment"].groupby("subject")["habit"].last()
    assert (punished > 0.95 * sa[8]).all()  # punished responses still bring the drug


def test_depotentiation_removes_the_drug_trace_and_cue_induced_seeking():
    p = protocols.get("reinstatement", trigger="cue", **KW)
    phases = list(p.phases)
    phases[2] = phases[2].model_copy(update={"interventions": [Intervention(kind="depotentiation", magnitude=0.9)]})
    control = run(p, COMPETITION)
    treated = run(p.model_copy(update={"phases": phases}), COMPETITION)
    assert presses(treated, "test") < 0.5 * presses(control, "test")
    ext_end = treated[treated["phase"] == "extinction"].groupby("subject")["drug_trace"].last()
    test_start = treated[treated["phase"] == "test"].groupby("subject")["drug_trace"].first()
    np.testing.assert_allclose(test_start, 0.1 * ext_end, rtol=1e-6)  # float32 (MODEL.sim_dtype)


def test_cue_prime_and_stress_reinstate_and_enrichment_spares_the_pharmacological_prime():
    test = {k: presses(run(protocols.get("reinstatement", trigger=k, **KW), COMPETITION), "test")
            for k in ("none", "cue", "prime", "stress")}
    assert min(test["cue"], test["prime"], test["stress"]) > 1.2 * test["none"], test
    state = {"level": 0.1, "allostasis": 0.0, "stress": 0.5, "enrich": 0.0}
    params = {"enrich_protect": 0.8, "stress_gain": 1.0, "prime_gain": 3.0}
    plain, enriched = dyn.incentive(params, state), dyn.incentive(params, {**state, "enrich": 1.0})
    satiety = 1.0 / (1.0 + (0.1 / dyn.DOSE_REF) ** 2)
    primed = satiety * 3.0 * 0.1 / (0.1 + dyn.DOSE_REF)
    assert enriched == pytest.approx(primed + 0.2 * (plain - primed))


def test_readouts_and_erasure_index():
    p = protocols.get("extinction", **KW)
    t = run(p, {"epsilon": 0.5, "harm": 0.0})  # no after-effects: only extinction errors
    for col in ("drug_trace", "extinction_trace", "punishment_trace", "alternative_trace", "habit",
                "net_value", "erasure_index", "incentive", "lability"):
        assert col in t and np.isfinite(t[col]).all()
    index = t.groupby("subject")["erasure_index"].last()
    assert ((index > 0.35) & (index <= 0.5)).all()  # ε ρ_X / (ε ρ_X + 1 − ε), ρ_X ≤ 1
    e = run(p, ERASURE)
    assert (e["extinction_trace"] == 0).all()


def test_amnestic_agent_degrades_only_a_labile_drug_memory():
    assert dyn.session_lability(10.0, 180.0, 1.0, 0.0) > 0.99
    assert dyn.session_lability(1440.0, 180.0, 1.0, 0.0) < 1e-3
    assert dyn.session_lability(10.0, 180.0, 1.0, 1.0) == 0.0  # the retrieval brought the drug
    params = {"pk_tau": 6.0, "allostasis_tau": 5.0, "allostasis": 1.6, "arousal_tau": 60.0,
              "enrich_rate": 0.2, "enrich_decay": 0.01, "cue_tau": 2.0, "window": 180.0}
    z = np.float64(0.0)
    state = {"S": (1.0,) * 6, "age": (0.0,) * 6, "level": z, "allostasis": z, "stress": z, "enrich": z,
             "cue_memory": (), "lability": z, "flags": (np.float64(1.0), z), "erased": z}
    obs = {"dt": np.float64(10.0), "prime": z, "stress": z, "enrichment": z, "depotentiation": z,
           "amnestic": np.float64(1.0), "session_start": True}
    labile = dyn.advance(params, state, obs)
    stable = dyn.advance(params, state, {**obs, "dt": np.float64(1440.0)})
    assert float(labile["S"][0]) < 0.01 and float(stable["S"][0]) > 0.999
    assert labile["S"][1:] == state["S"][1:]  # competing traces are untouched


def test_long_access_escalates_first_hour_intake_through_allostasis():
    """Ahmed & Koob 1998: first-hour intake rises across 6-h sessions more than across 1-h ones;
    the rise comes from the allostatic state (none without it)."""
    def first_hour(access, allostasis=None):
        p = protocols.get("escalation", access=access, sessions=6, bin="20 s")
        params = COMPETITION if allostasis is None else {**COMPETITION, "allostasis": allostasis}
        t = run(p, params, n=8, seed=4)
        first = t[t["trial"] < 180]
        per = (first["drug"] > 0).groupby([first["session"], first["subject"]]).sum()
        return per.groupby("session").mean().to_numpy()

    rise = lambda x: x[-2:].mean() - x[1:3].mean()  # noqa: E731  (session 0 is acquisition)
    long_, short, flat = first_hour("long"), first_hour("short"), first_hour("long", 0.0)
    assert rise(long_) > rise(short) + 0.1 * short.mean(), (long_, short)
    assert rise(flat) < 0.5 * rise(long_), (long_, flat)


def test_drug_value_is_concave_in_dose_and_on_the_shared_scale_at_the_reference_dose():
    params = {"drug_value": 1.0}
    doses = np.array([0.05, 0.25, 0.75, 1.5, 10.0])
    v = dyn.dose_value(params, doses)
    assert dyn.dose_value(params, dyn.DOSE_REF) == pytest.approx(dyn.DOSE_REF)  # rescorla_wagner: dose × 1
    assert np.all(np.diff(v / doses) < 0) and v.max() < 2 * dyn.DOSE_REF


def test_trace_age_is_renewed_by_learning_only():
    b, a = ((1.0, 0.0),), (100.0,)
    nb, na = mem.encode(b, a, (1.0,), (0.0,), (0.0, 1.0))
    assert nb == b and na == a  # retrieval without learning leaves the trace as it was
    nb, na = mem.encode(b, a, (1.0,), (1.0,), (0.0, 1.0))
    assert na[0] == pytest.approx(50.0) and nb[0] == pytest.approx((0.5, 0.5))
