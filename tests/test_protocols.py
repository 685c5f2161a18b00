import pytest

import remission
from remission import RemissionError
from remission.protocols import Duration, Option, Outcome, Phase, Protocol
from remission.engine.compile import compile_protocol


@pytest.mark.parametrize("name", remission.protocols.names())
def test_registry_round_trips_through_toml(name, tmp_path):
    protocol = remission.protocols.get(name)
    path = tmp_path / f"{name}.toml"
    protocol.to_toml(path)
    assert Protocol.from_toml(path) == protocol
    assert remission.protocols.citation(name), f"{name} cites no source"


@pytest.mark.parametrize("name", remission.protocols.names())
def test_registry_compiles_with_monotone_time(name):
    comp = compile_protocol(remission.protocols.get(name))
    assert comp.n_steps == remission.protocols.get(name).n_steps
    assert (comp.obs["dt"] >= 0).all()
    assert comp.obs["available"][:, 0].all()


def test_durations_have_units():
    assert Duration.model_validate("21 days").minutes == 21 * 1440
    assert Duration.model_validate("20 s").minutes == pytest.approx(1 / 3)
    assert str(Duration.model_validate("6 h")) == "6 h"
    with pytest.raises(ValueError):
        Duration.model_validate("3 fortnights")


def test_short_and_long_access_differ_in_session_length():
    short = remission.protocols.get("self_administration", access="short")
    long = remission.protocols.get("self_administration", access="long")
    assert long.phases[0].steps_per_session == 6 * short.phases[0].steps_per_session
    drug = short.phases[0].options[0]
    assert drug.schedule.kind == "FR" and drug.schedule.ratio == 1
    assert drug.schedule.timeout.minutes == pytest.approx(20 / 60)


def test_gaps_put_real_time_between_phases():
    p = remission.protocols.get("spontaneous_recovery", test_delay="21 days", extinction_sessions=1)
    comp = compile_protocol(p)
    test_start = comp.obs["time"][comp.obs["phase"] == 2][0]
    ext_end = comp.obs["time"][comp.obs["phase"] == 1][-1]
    assert test_start - ext_end == pytest.approx(21 * 1440 + 10 / 60 * 60 / 60, rel=1e-3)


def test_unknown_protocol_suggests_a_name():
    with pytest.raises(RemissionError, match="Did you mean 'renewal_aba'"):
        remission.protocols.get("renewal_abaa")


def test_unknown_override_is_named():
    with pytest.raises(RemissionError, match="override.*sesions"):
        remission.protocols.get("extinction", sesions=3)


def test_invalid_toml_names_phase_field_and_value(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text(
        'name = "bad"\n[[phases]]\nname = "training"\nsession_length = "1 h"\n'
        '[[phases.options]]\nname = "drug"\n[phases.options.outcome]\ndrug = -0.5\n'
    )
    with pytest.raises(RemissionError) as err:
        Protocol.from_toml(path)
    msg = str(err.value)
    assert "'training'" in msg and "outcome.drug" in msg and "-0.5" in msg
    assert "greater than or equal to 0" in msg


def test_invalid_toml_probability_and_unit(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text(
        'name = "bad"\n[[phases]]\nname = "punish"\nsession_length = "1 fortnight"\n'
        '[[phases.options]]\nname = "drug"\n[phases.options.outcome]\nshock_probability = 1.5\n'
    )
    msg = str(pytest.raises(RemissionError, Protocol.from_toml, path).value)
    assert "shock_probability = 1.5" in msg and "less than or equal to 1" in msg
    assert "fortnight" in msg


def test_phase_without_options_or_trials_is_refused():
    with pytest.raises(ValueError, match="needs `options`"):
        Phase(name="empty", session_length="1 h")
    with pytest.raises(ValueError, match="`trials` .* or `session_length`"):
        Phase(name="choice", options=[Option(name="drug", outcome=Outcome(drug=1))])


def test_not_toml_is_a_clear_error(tmp_path):
    path = tmp_path / "x.toml"
    path.write_text("name = [unclosed")
    with pytest.raises(RemissionError, match="not valid TOML"):
        Protocol.from_toml(path)
    with pytest.raises(RemissionError, match="does not exist"):
        Protocol.from_toml(tmp_path / "missing.toml")
