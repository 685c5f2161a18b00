"""A sweep killed with SIGKILL mid-way resumes without recomputing finished chunks."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

import remission
from remission.scale import load_run, read_completed, read_manifest
from remission.scale.tasks import compute_chunk
from remission.scale import plan

CONFIG = """
name = "kill-me"
model = "rescorla_wagner"
n_subjects = 60
seeds = [0, 1]
chunk_size = 5
protocol = { name = "self_administration", sessions = 2, bin = "60 s" }
[grid]
eta = [0.1, 0.3]
"""

# The child runs the real CLI; each task sleeps a little (before and after its durable write) so
# that the kill lands mid-sweep, sometimes between a chunk's rename and its log line.
CHILD = """
import sys, time
import remission.scale.executors as ex
real = ex.run_task
def slow(task, run_dir):
    time.sleep(0.15); out = real(task, run_dir); time.sleep(0.1); return out
ex.run_task = slow
from remission.cli import app
app(sys.argv[1:])
"""


def test_sigkill_then_resume_gives_every_row_once(tmp_path):
    cfg = tmp_path / "sweep.toml"
    cfg.write_text(CONFIG)
    run = tmp_path / "run"
    env = dict(os.environ, PYTHONPATH=str(Path(remission.__file__).parents[1]))
    child = subprocess.Popen([sys.executable, "-c", CHILD, "sweep", str(cfg), "--out", str(run)],
                             env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.time() + 120
    while len(read_completed(run)) < 4 and time.time() < deadline and child.poll() is None:
        time.sleep(0.05)
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    assert child.returncode == -signal.SIGKILL, child.stderr.read().decode()[-2000:]
    before = read_completed(run)
    total = 2 * 2 * 12
    assert 4 <= len(before) < total and not read_manifest(run)["complete"]
    stamps = {k: (run / e["file"]).stat().st_mtime_ns for k, e in before.items()}

    kwargs = __import__("remission.scale.config", fromlist=["x"]).load_sweep_config(cfg)
    res = remission.sweep(**kwargs, out=run, resume=True)
    assert res.reused == len(before) and res.computed == total - len(before)
    assert all((run / before[k]["file"]).stat().st_mtime_ns == t for k, t in stamps.items())
    assert res.manifest["complete"]

    df = load_run(run, columns=["config", "seed", "subject", "step", "action", "value"])
    steps = kwargs["protocol"].n_steps
    assert len(df) == 2 * 2 * 60 * steps
    assert not df.duplicated(["config", "seed", "subject", "step"]).any()
    # spot-check a chunk finished before the kill and one computed after it against a fresh compute
    _, tasks = plan(**{k: kwargs[k] for k in ("model", "protocol", "grid", "n_subjects", "seed",
                                              "chunk_size", "params")})
    for task in (next(t for t in tasks if t.chunk in before), next(t for t in tasks if t.chunk not in before)):
        fresh = compute_chunk(task).to_pandas()
        got = df[(df.config == task.config) & (df.seed == task.seed)
                 & df.subject.between(task.start, task.stop - 1)].reset_index(drop=True)
        np.testing.assert_array_equal(got["value"], fresh["value"])
        pd.testing.assert_series_equal(got["action"], fresh["action"], check_categorical=False)
