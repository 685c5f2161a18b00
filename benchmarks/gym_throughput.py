"""Gymnasium throughput: the JAX-native vector environment against the engine, in one run.

Both run the same protocol for the same number of subjects. The engine runs rescorla_wagner as
one compiled program (scan over steps, vmap over subjects: the model's choices and learning
included); the vector environment steps the engine's box from Python once per step, with actions
drawn beforehand (an agent that costs nothing). Also timed: the single environment, and
Gymnasium's ``SyncVectorEnv`` over single environments (what ``gymnasium.make_vec`` would give
without the native batch). Rates are subject-steps per second; compile time is excluded from the
engine's (``compile_s``) and the environments are warmed up first. One JSON line per measurement,
then the ratios and the load average.

Run: ``.venv/bin/python benchmarks/gym_throughput.py [--subjects 1000] [--protocol self_administration]``
"""

from __future__ import annotations

import argparse
import json
import os
import time

import gymnasium
import numpy as np

import remission.gym
from remission.engine.bench import measure_throughput


def time_vector(env, steps: int, seed: int = 0) -> float:
    """Subject-steps per second of ``env`` (a vector env) over ``steps`` steps of random actions."""
    n = env.num_envs
    actions = np.random.default_rng(seed).integers(0, env.single_action_space.n, (steps, n))
    env.reset(seed=seed)
    env.step(actions[0])  # warm up (compiles the box step for this batch)
    env.reset(seed=seed)
    t0 = time.perf_counter()
    for a in actions:
        env.step(a)
    return n * steps / (time.perf_counter() - t0)


def time_single(env, steps: int, seed: int = 0) -> float:
    actions = np.random.default_rng(seed).integers(0, env.action_space.n, steps)
    env.reset(seed=seed)
    env.step(int(actions[0]))
    env.reset(seed=seed)
    t0 = time.perf_counter()
    for a in actions:
        env.step(int(a))
    return steps / (time.perf_counter() - t0)


def line(**fields) -> dict:
    print(json.dumps(fields), flush=True)
    return fields


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subjects", type=int, default=1000)
    parser.add_argument("--protocol", default="self_administration")
    parser.add_argument("--single-steps", type=int, default=2000)
    parser.add_argument("--sync-envs", type=int, default=16)
    args = parser.parse_args()
    protocol = remission.protocols.get(args.protocol)
    steps = protocol.n_steps

    engine = measure_throughput("rescorla_wagner", protocol, args.subjects)
    line(what="engine", **engine)
    vector = remission.gym.from_protocol(protocol, num_envs=args.subjects)
    native = line(what="gym_vector", protocol=protocol.name, n_envs=args.subjects, steps=steps,
                  subject_steps_per_s=float(f"{time_vector(vector, steps):.4g}"))
    single = line(what="gym_single", protocol=protocol.name, steps=args.single_steps,
                  subject_steps_per_s=float(f"{time_single(remission.gym.from_protocol(protocol), args.single_steps):.4g}"))
    sync = gymnasium.vector.SyncVectorEnv(
        [lambda: remission.gym.from_protocol(protocol)] * args.sync_envs)
    sync_steps = max(1, args.single_steps // args.sync_envs)
    synced = line(what="gymnasium_sync_vector", protocol=protocol.name, n_envs=args.sync_envs,
                  steps=sync_steps, subject_steps_per_s=float(f"{time_vector(sync, sync_steps):.4g}"))
    line(what="ratios",
         engine_over_gym_vector=round(engine["subject_steps_per_s"] / native["subject_steps_per_s"], 2),
         gym_vector_over_single=round(native["subject_steps_per_s"] / single["subject_steps_per_s"], 1),
         gym_vector_over_sync_vector=round(native["subject_steps_per_s"] / synced["subject_steps_per_s"], 1),
         load_average=[round(x, 2) for x in os.getloadavg()])


if __name__ == "__main__":
    main()
