"""Gymnasium environments: the engine's box stepped by any agent (docs/GYM.md).

The agreement tests replay what ``remission.simulate`` recorded through the environment. They use
small overrides (:data:`SMALL`: one or two sessions of 60 s bins, or the equivalent) chosen so that
every paradigm's step count falls in the engine's 64- or 192-step bucket, and the engine compiles
few programs.
"""

from __future__ import annotations

import importlib.util
import inspect
import subprocess
import sys
import warnings
from pathlib import Path

import gymnasium
import numpy as np
import pytest
from gymnasium.utils.env_checker import check_env

import remission
import remission.gym as rgym
from remission import protocols
from remission.engine.compile import compile_protocol
from remission.engine.layout import PERCEIVED
from remission.errors import RemissionError

REPO = Path(__file__).resolve().parents[1]

SEED = 7
#: Per-paradigm overrides that keep each replay to a few hundred steps; any paradigm not listed
#: gets ``bin="60 s"`` when it takes a bin.
SMALL = {
    "addiction_criteria": {"days": 1, "bin": "60 s", "pr_bin": "60 s"},
    "depotentiation": {"training_sessions": 2, "bin": "60 s"},
    "enrichment_abstinence": {"training_sessions": 1, "extinction_sessions": 1, "bin": "60 s"},
    "escalation": {"access": "short", "sessions": 3, "bin": "60 s"},
    "extinction": {"training_sessions": 2, "extinction_sessions": 1, "bin": "60 s"},
    "extinction_of_priming": {"training_sessions": 1, "sessions": 1, "bin": "60 s"},
    "incubation": {"training_sessions": 1, "access": "short", "test_days": (1, 2), "bin": "60 s"},
    "life_course": {"years": 1, "onset_sessions": 2, "bin": "60 s"},
    "life_course_weekly": {"years": 2},
    "punished_self_administration": {"training_sessions": 2, "punished_sessions": 1, "bin": "60 s"},
    "punishment_imposed_abstinence": {"training_sessions": 1, "punished_sessions": 1, "bin": "60 s"},
    "punishment_ramp": {"training_sessions": 2, "punished_sessions": 1, "bin": "60 s"},
    "reinstatement": {"training_sessions": 1, "extinction_sessions": 1, "bin": "60 s"},
    "renewal_aaa": {"training_sessions": 1, "extinction_sessions": 1, "bin": "60 s"},
    "renewal_aab": {"training_sessions": 1, "extinction_sessions": 1, "bin": "60 s"},
    "renewal_aba": {"training_sessions": 1, "extinction_sessions": 1, "bin": "60 s"},
    "renewal_abc": {"training_sessions": 1, "extinction_sessions": 1, "bin": "60 s"},
    "renewal_recovery": {"n_trials": 180},
    "retrieval_extinction": {"extinction_trials": 170},
    "reversal_bandit": {"n_trials": 40},
    "seeking_taking_chain": {"punished_sessions": 1, "bin": "180 s"},
    "self_administration": {"sessions": 3, "bin": "60 s"},
    "social_choice": {"training_days": 1, "choice_days": 1, "test_days": (1, 2),
                      "choice_trials": 10, "bin": "60 s"},
    "spontaneous_recovery": {"training_sessions": 1, "extinction_sessions": 1, "bin": "60 s"},
    "sweet_vs_cocaine_choice": {"days": 13},
}


def small(name: str) -> protocols.Protocol:
    if name in SMALL:
        return protocols.get(name, **SMALL[name])
    takes_bin = "bin" in inspect.signature(protocols.factory(name)).parameters
    return protocols.get(name, **({"bin": "60 s"} if takes_bin else {}))


def gym_warnings(caught) -> list[str]:
    return [str(w.message) for w in caught if "WARN" in str(w.message)]


@pytest.mark.parametrize("name", protocols.names())
def test_every_paradigm_is_a_gymnasium_environment_that_passes_check_env(name):
    gym_id = rgym.env_id(name)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        env = gymnasium.make(gym_id)
        check_env(env.unwrapped)
    assert gym_warnings(caught) == []
    assert isinstance(env.unwrapped, rgym.RemissionEnv)
    assert env.unwrapped.protocol == protocols.get(name)


def test_ids_read_like_the_paradigm():
    assert rgym.env_id("renewal_aba") == "remission/RenewalABA-v0"
    assert rgym.env_id("sweet_vs_cocaine_choice") == "remission/SweetVsCocaineChoice-v0"
    assert set(rgym.env_ids().values()) == set(protocols.names())
    env = gymnasium.make("remission/RenewalABA-v0", training_sessions=2, bin="60 s")
    assert env.unwrapped.protocol == protocols.get("renewal_aba", training_sessions=2, bin="60 s")


def replay(env, trials, seed=SEED):
    """Step ``env`` with the actions of one subject's ``trials``; compare step by step."""
    comp = compile_protocol(env.unwrapped.protocol)
    dtype = env.unwrapped.box.dtype
    names = env.unwrapped.action_names
    obs, _ = env.reset(seed=seed)
    rows = trials.reset_index(drop=True)
    for t, row in enumerate(rows.itertuples()):
        for k in PERCEIVED:  # what the model saw on this step (its action axis cut to the env's)
            seen = comp.obs[k][t]
            seen = seen[env.unwrapped.engine_actions] if k == "available" else seen
            np.testing.assert_array_equal(obs[k], np.atleast_1d(seen).astype(obs[k].dtype), k)
        assert obs["time"][0] == dtype.type(row.time)
        assert comp.context_names[int(np.argmax(obs["context"]))] == row.context
        assert bool(obs["pavlovian"][0]) == row.pavlovian and obs["us"][0] == dtype.type(row.us)
        obs, reward, terminated, truncated, info = env.step(names.index(row.action))
        assert (info["phase"], info["session"], info["trial"], info["step"]) == (
            row.phase, row.session, row.trial, t)
        for k in ("completed", "drug", "reward", "shock"):
            assert info[k] == getattr(row, k), (t, k, info[k], getattr(row, k))
            assert obs[f"last_{k}"][0] == info[k]
        assert reward == pytest.approx(row.drug + row.reward - row.shock)
        assert terminated == (t == len(rows) - 1) and not truncated
    return rows


@pytest.mark.parametrize("name", protocols.names())
def test_replaying_the_engines_actions_gives_the_engines_outcomes(name):
    protocol = small(name)
    result = remission.simulate("rescorla_wagner", protocol, n_subjects=2, seed=SEED)
    trials = result.trials[result.trials.subject == 1]
    replay(rgym.from_protocol(protocol, subject=1, dtype="float32"), trials)


def test_a_float64_model_is_replayed_by_a_float64_box():
    protocol = small("punished_self_administration")
    result = remission.simulate("state_splitting", protocol, n_subjects=1, seed=SEED)
    rows = replay(rgym.from_protocol(protocol, dtype="float64"), result.trials)
    assert (rows.shock > 0).sum() > 0


def test_the_agreement_is_not_vacuous_another_seed_gives_other_shocks():
    protocol = small("punished_self_administration")
    result = remission.simulate("rescorla_wagner", protocol, n_subjects=2, seed=SEED)
    trials = result.trials[result.trials.subject == 0]
    punished = trials[trials.phase == "punishment"]
    assert (punished.shock > 0).sum() >= 3 and (punished.completed & (punished.shock == 0)).sum() >= 3
    env = rgym.from_protocol(protocol)
    env.reset(seed=SEED + 1)
    names = env.action_names
    shocks = [env.step(names.index(a))[4]["shock"] for a in trials.action]
    assert not np.array_equal(np.asarray(shocks), trials.shock.to_numpy())


def test_the_box_runs_its_schedules_for_any_agent():
    """A lever pressed on every step under FR1 with a time-out pays once per time-out cycle."""
    protocol = protocols.Protocol.parse({"name": "fr1_timeout", "phases": [{
        "name": "sa", "session_length": "10 min", "bin": "10 s", "options": [
            {"name": "drug", "schedule": {"timeout": "30 s"}, "outcome": {"drug": 0.5}}]}]})
    blocked = int(compile_protocol(protocol).obs["timeout_steps"][0, 1])
    assert blocked >= 1
    env = rgym.from_protocol(protocol)
    env.reset(seed=0)
    infos = [env.step(1)[4] for _ in range(protocol.n_steps)]
    assert [i["completed"] for i in infos] == [t % (blocked + 1) == 0 for t in range(protocol.n_steps)]
    assert sum(i["drug"] for i in infos) == pytest.approx(0.5 * sum(i["completed"] for i in infos))


def test_seeding_follows_the_engines_subjects():
    env = rgym.make("punished_self_administration", **SMALL["punished_self_administration"])
    actions = np.ones(env.unwrapped.box.n_steps, int)

    def episode(**reset):
        obs, info = env.reset(**reset)
        return info["subject"], [env.step(a)[4]["shock"] for a in actions]

    first = episode(seed=3)
    second = episode()
    assert first[0] == 0 and second[0] == 1 and first[1] != second[1]
    assert episode(seed=3) == first and episode() == second
    assert episode(seed=3, options={"subject": 1}) == second
    fresh = rgym.make("punished_self_administration", **SMALL["punished_self_administration"])
    fresh.reset()  # no seed: one is drawn from np_random, so the run is still reproducible
    assert fresh.np_random_seed is not None


def test_the_vector_env_is_the_single_env_batched():
    kwargs = SMALL["reversal_bandit"]
    vec = gymnasium.make_vec("remission/ReversalBandit-v0", num_envs=3, **kwargs)
    assert isinstance(vec, rgym.RemissionVectorEnv)
    singles = [rgym.make("reversal_bandit", subject=i, **kwargs) for i in range(3)]
    rng = np.random.default_rng(0)
    obs, info = vec.reset(seed=SEED)
    assert list(info["subject"]) == [0, 1, 2]
    single_obs = [s.reset(seed=SEED)[0] for s in singles]
    for t in range(vec.unwrapped.box.n_steps):
        for k in obs:
            np.testing.assert_array_equal(obs[k], np.stack([o[k] for o in single_obs]), k)
        actions = rng.integers(0, vec.single_action_space.n, 3)
        obs, rewards, terminated, truncated, info = vec.step(actions)
        steps = [s.step(int(a)) for s, a in zip(singles, actions)]
        single_obs = [s[0] for s in steps]
        np.testing.assert_array_equal(rewards, [s[1] for s in steps])
        np.testing.assert_array_equal(info["shock"], [s[4]["shock"] for s in steps])
        assert list(terminated) == [s[2] for s in steps]
    assert terminated.all() and vec.observation_space.contains(obs)
    obs, rewards, terminated, truncated, info = vec.step(np.zeros(3, int))  # next-step autoreset
    assert list(info["subject"]) == [3, 4, 5] and not rewards.any() and not terminated.any()


def test_the_vector_env_replays_an_engine_cohort():
    protocol = small("punishment_ramp")
    trials = remission.simulate("rescorla_wagner", protocol, n_subjects=2, seed=SEED).trials
    vec = rgym.from_protocol(protocol, num_envs=2)
    names = list(vec.action_names)
    codes = trials.action.astype(str).map(names.index).to_numpy().reshape(2, -1)
    vec.reset(seed=SEED)
    got = [vec.step(codes[:, t])[4] for t in range(codes.shape[1])]
    for k in ("completed", "drug", "shock"):
        np.testing.assert_array_equal(np.stack([g[k] for g in got], axis=1),
                                      trials[k].to_numpy().reshape(2, -1), k)
    assert trials.shock.gt(0).any()


def test_reward_is_the_outcomes_magnitude_with_chosen_weights():
    env = rgym.make("punishment_ramp", reward_weights={"shock": -2.0, "drug": 4.0},
                    **SMALL["punishment_ramp"])
    env.reset(seed=SEED)
    for _ in range(env.unwrapped.box.n_steps):
        _, reward, _, _, info = env.step(1)
        assert reward == pytest.approx(4.0 * info["drug"] + info["reward"] - 2.0 * info["shock"])
    assert rgym.DEFAULT_WEIGHTS == {"drug": 1.0, "reward": 1.0, "shock": -1.0}


def test_any_protocol_file_or_object_is_an_environment(tmp_path):
    protocol = small("renewal_aba")
    path = tmp_path / "p.toml"
    protocol.to_toml(path)
    for spec in (path, str(path), protocol, protocols.Paradigm("renewal_aba", SMALL["renewal_aba"])):
        env = rgym.from_protocol(spec)
        assert env.protocol == protocol and env.action_names == ("none", "drug", "inactive")


def test_the_observation_flattens_for_libraries_that_want_one_vector():
    env = gymnasium.wrappers.FlattenObservation(rgym.make("renewal_aba", **SMALL["renewal_aba"]))
    obs, _ = env.reset(seed=0)
    assert obs.dtype == np.float32 and obs in env.observation_space
    assert env.step(1)[0] in env.observation_space


@pytest.mark.parametrize("call, field", [
    (lambda: rgym.make("renewal_abba"), "renewal_aba"),
    (lambda: rgym.make("renewal_aba", sessions_training=2), "training_sessions"),
    (lambda: rgym.make("renewal_aba", dtype="float16"), "dtype"),
    (lambda: rgym.make("renewal_aba", reward_weights={"pain": 1}), "reward_weights"),
    (lambda: rgym.make("renewal_aba", reward_weights={"shock": float("nan")}), "reward_weights"),
    (lambda: rgym.make("renewal_aba", render_mode="human"), "render_mode"),
    (lambda: rgym.make("renewal_aba").step(1), "reset"),
    (lambda: rgym.make("renewal_aba").reset(seed=-1), "seed"),
    (lambda: rgym.make("renewal_aba").reset(options={"subjects": 2}), "subject"),
    (lambda: rgym.make_vec("renewal_aba", num_envs=0), "num_envs"),
    (lambda: rgym.make_vec("renewal_aba", num_envs=2).reset(seed=[1, 2]), "seed"),
])
def test_bad_input_is_one_clear_error(call, field):
    with pytest.raises(RemissionError, match=field):
        call()


def test_bad_actions_and_stepping_past_the_end_are_refused():
    env = rgym.make("reversal_bandit", n_trials=8)
    env.reset(seed=0)
    with pytest.raises(RemissionError, match="action = 5; valid"):
        env.step(5)
    for _ in range(8):
        env.step(1)
    with pytest.raises(RemissionError, match="ended"):
        env.step(1)
    vec = rgym.make_vec("reversal_bandit", num_envs=2, n_trials=8)
    vec.reset(seed=0)
    with pytest.raises(RemissionError, match="shape"):
        vec.step(np.array([1, 1, 1]))


def test_import_remission_does_not_import_gymnasium():
    code = "import remission, sys; print('gymnasium' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
    assert remission.gym is rgym


def test_the_example_q_learners_run_through_renewal(capsys):
    spec = importlib.util.spec_from_file_location("gym_agent", REPO / "examples" / "gym_agent.py")
    example = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(example)
    out = example.main(["--agents", "6", "--bin", "120 s"])
    printed = capsys.readouterr().out
    assert f"renewal: {'yes' if out['renewal'] else 'no'}" in printed
    assert out["ABA_test"] > out["extinction_last"]
