"""Property-based tests: random TOML protocols either run or are refused with a RemissionError.

Protocols are drawn valid, then (in about half the examples) damaged at one or two random places:
a bad or extreme value, a wrong type, a missing or an unknown key. Generated protocols are small
(at most 3 phases x 3 sessions x a few steps, so they pad to one step bucket) and run with 2
subjects, so compiled programs are shared across examples.
"""

import math
import tomllib

import numpy as np
import tomli_w
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import remission
from remission.engine.compile import compile_protocol

FUZZ = settings(max_examples=60, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

numbers = st.sampled_from([0, 0.25, 0.5, 1, 2, 1e6])
probabilities = st.sampled_from([0, 0.3, 1])
durations = st.sampled_from(["20 s", "1 min", "30 s", "0 s", "1 day", "21 days", "3 months",
                             "6 h", " 2  min ", "1e8 min", "1.5 weeks", 1.5, 0])
cue_names = st.sampled_from(["tone", "light", "drug_cue"])
BAD_VALUES = [-1, -0.5, 0, 2e6, 1e308, math.inf, -math.inf, math.nan, 10**12, "abc", "5 parsecs",
              "-1 min", "", "1e400 min", "nan min", "1e300 days", "1e9 months", "1e-300 s", True,
              [], ["x"], {"value": 1}, {}, "FR", "lever", "surgery"]


def _some(draw, strategy, keys):
    """A dict holding a random subset of ``keys``, each drawn from ``strategy[key]``."""
    return {k: draw(strategy[k]) for k in keys if draw(st.booleans())}


@st.composite
def options(draw):
    schedule = _some(draw, {"kind": st.sampled_from(["FR", "PR"]), "ratio": st.sampled_from([1, 2, 5]),
                            "timeout": durations}, ["kind", "ratio", "timeout"])
    outcome = _some(draw, {"drug": numbers, "reward": numbers, "shock_probability": probabilities,
                           "shock_intensity": numbers, "shock_intensity_end": numbers,
                           "delay": durations, "cue": cue_names},
                    ["drug", "reward", "shock_probability", "shock_intensity",
                     "shock_intensity_end", "delay", "cue"])
    return {"name": draw(st.sampled_from(["drug", "alternative", "inactive"])),
            "schedule": schedule, "outcome": outcome}


@st.composite
def phase(draw, name):
    p = {"name": name}
    p |= _some(draw, {"context": st.sampled_from(["A", "B", "C"]), "sessions": st.sampled_from([1, 2, 3]),
                      "gap_before": durations, "session_interval": st.sampled_from(["1 day", "12 h"]),
                      "trial_interval": st.sampled_from(["1 min", "10 s", "0 s"]),
                      "cues": st.lists(cue_names, max_size=2, unique=True),
                      "interventions": st.lists(st.fixed_dictionaries({
                          "kind": st.sampled_from(["prime", "stress", "depotentiation", "amnestic",
                                                   "enrichment"]),
                          "magnitude": probabilities}), max_size=2)},
               ["context", "sessions", "gap_before", "session_interval", "trial_interval", "cues",
                "interventions"])
    kind = draw(st.sampled_from(["trials", "free", "pavlovian"]))
    if kind == "pavlovian":
        p["pavlovian"] = draw(st.lists(st.fixed_dictionaries({
            "cs": st.lists(cue_names, min_size=1, max_size=2, unique=True), "us": numbers,
            "count": st.sampled_from([1, 2, 4])}), min_size=1, max_size=2))
        return p
    opts = draw(st.lists(options(), min_size=1, max_size=3, unique_by=lambda o: o["name"]))
    p["options"] = opts
    if kind == "trials":
        p["trials"] = draw(st.sampled_from([1, 3, 5]))
    else:
        p["session_length"] = draw(st.sampled_from(["2 min", "1 min"]))
        p["bin"] = draw(st.sampled_from(["20 s", "30 s", "1 min"]))
    return p


@st.composite
def valid_protocols(draw):
    n = draw(st.integers(1, 3))
    phases = [draw(phase(name)) for name in ["acquisition", "extinction", "test"][:n]]
    return {"name": "fuzz", "phases": phases}


def _paths(node, prefix=()):
    """Every (container path, key) in a nested dict/list."""
    items = node.items() if isinstance(node, dict) else enumerate(node)
    for k, v in items:
        yield prefix, k
        if isinstance(v, (dict, list)) and v:
            yield from _paths(v, prefix + (k,))


@st.composite
def protocols(draw):
    """A valid protocol, damaged at 0-2 random places."""
    data = draw(valid_protocols())
    for _ in range(draw(st.sampled_from([0, 0, 1, 2]))):
        where, key = draw(st.sampled_from(list(_paths(data))))
        parent = data
        for k in where:
            parent = parent[k]
        action = draw(st.sampled_from(["replace", "replace", "delete", "add"]))
        if action == "replace":
            parent[key] = draw(st.sampled_from(BAD_VALUES))
        elif action == "delete" and isinstance(parent, dict):
            del parent[key]
        elif isinstance(parent, dict):
            parent[draw(st.sampled_from(["sesions", "extra", "lenght"]))] = 1
    return data


@FUZZ
@given(data=protocols())
def test_random_toml_protocols_run_or_are_refused_clearly(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("fuzz") / "p.toml"
    path.write_text(tomli_w.dumps(data))
    try:
        protocol = remission.Protocol.from_toml(path)
        result = remission.simulate("rescorla_wagner", protocol, n_subjects=2, seed=1)
    except remission.RemissionError as exc:
        assert str(exc).strip()  # a message, never an empty refusal
        event("refused")
        return
    event("ran")
    trials = result.trials
    assert len(trials) == 2 * protocol.n_steps
    values = trials.select_dtypes("number").to_numpy(dtype=float)
    assert np.isfinite(values).all()
    assert remission.Protocol.parse(tomllib.loads(protocol.to_toml())) == protocol  # round trip


@FUZZ
@given(data=protocols())
def test_compile_never_raises_anything_but_remission_errors(data):
    try:
        protocol = remission.Protocol.parse(data)
        comp = compile_protocol(protocol)
    except remission.RemissionError:
        event("refused")
        return
    event("compiled")
    assert comp.n_steps == protocol.n_steps
    assert all(np.isfinite(v).all() for v in comp.obs.values() if v.dtype.kind == "f")
    assert (comp.obs["dt"] >= 0).all() and (comp.obs["timeout_steps"] >= 0).all()
