"""Per-session summaries computed inside the compiled program (what crosses to the host is
O(sessions), not O(steps)).

The table is the one :func:`remission.engine.records.session_table` computes from the trial table
(that host function is the reference): per group, subject, phase and session, the presses on each
lever, infusions, rewards and shocks (also inside each window ``{name: (start_min, end_min)}``
measured from the session's first step), the session's context and start time, and the mean of
the requested read-outs.

In the scan each step adds its counts (int32, exact) and read-outs to running sums that restart at
a session's first step and are written to the session's row. Read-outs are summed with Knuth's
TwoSum, keeping the rounding error of every addition in a second sum (Ogita, Rump & Oishi 2005,
SIAM J Sci Comput 26:1955, Sum2): ``high + low`` is the sum to about n·u² (u the unit roundoff),
so float32 models need no float64 for means accurate to ~1e-10.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import jax
import jax.numpy as jnp
import numpy as np

from remission.engine.compile import CompiledProtocol
from remission.engine.records import Categorical
from remission.errors import RemissionError
from remission.protocols.schema import ACTIONS

MIN_WINDOWS = 1
"""Windows every session program counts in (padded with empty ones): see :meth:`SessionPlan.padded_inside`."""

COUNTS = tuple(f"{a}_presses" for a in ACTIONS[1:]) + ("infusions", "rewards", "shocks")
"""Per-session counts, in the column order of :func:`~remission.engine.records.session_table`."""


def step_counts(record, inside):
    """This step's counts ``(len(COUNTS) · (1 + windows), subjects)``: the whole session first,
    then each window (counts where ``inside[w]``)."""
    a = record["action"]
    hits = [a == i for i in range(1, len(ACTIONS))]
    hits += [record["drug"] > 0, record["reward"] > 0, record["shock"] > 0]
    c = jnp.stack(hits).astype(jnp.int32)
    return jnp.concatenate([c] + [c * inside[w] for w in range(inside.shape[0])])


def empty(n_segments: int, n_windows: int, n_readouts: int, n_subjects: int, dtype):
    """The accumulator: running sums and one row per session (+ one for padding steps)."""
    C = len(COUNTS) * (1 + n_windows)
    zeros = lambda *shape, d=dtype: jnp.zeros(shape, d)  # noqa: E731
    return {"run": {"counts": zeros(C, n_subjects, d=jnp.int32), "high": zeros(n_readouts, n_subjects),
                    "low": zeros(n_readouts, n_subjects)},
            "rows": {"counts": zeros(n_segments + 1, C, n_subjects, d=jnp.int32),
                     "high": zeros(n_segments + 1, n_readouts, n_subjects),
                     "low": zeros(n_segments + 1, n_readouts, n_subjects)}}


def two_sum(a, b):
    """s = fl(a + b) and its exact rounding error e (a + b = s + e), Knuth's TwoSum."""
    s = a + b
    bb = s - a
    return s, (a - (s - bb)) + (b - bb)


def accumulate(acc, record, segment, fresh, inside, readouts):
    """Add one step (``fresh``: the first step of a session) and write the running sums to row
    ``segment``."""
    run = acc["run"]
    c = step_counts(record, inside)
    dtype = run["high"].dtype
    x = jnp.stack([record[k].astype(dtype) for k in readouts]) if readouts else run["high"]
    s, e = two_sum(run["high"], x)
    run = {"counts": jnp.where(fresh, c, run["counts"] + c),
           "high": jnp.where(fresh, x, s), "low": jnp.where(fresh, 0.0, run["low"] + e)}
    rows = {k: jax.lax.dynamic_update_slice_in_dim(v, run[k][None], segment, axis=0)
            for k, v in acc["rows"].items()}
    return {"run": run, "rows": rows}


def finish(acc):
    """The session rows without the padding row."""
    return {k: v[:-1] for k, v in acc["rows"].items()}


@dataclass(frozen=True)
class SessionPlan:
    """Host-side layout of a compiled protocol's sessions for :func:`~remission.engine.run.run_sessions_block`."""

    comp: CompiledProtocol
    starts: np.ndarray  # first step of each session
    lengths: np.ndarray  # steps per session
    windows: tuple[str, ...]
    inside: np.ndarray  # (steps, windows) bool

    @property
    def n_segments(self) -> int:
        return len(self.starts)

    @property
    def n_rows(self) -> int:
        """Session rows of the compiled program: :attr:`n_segments` rounded up to a coarse grid
        (:func:`row_bucket`), so protocols with a few sessions more or less share one program."""
        return row_bucket(self.n_segments)

    def segment(self, n_steps: int) -> np.ndarray:
        """Session index of every step, padded to ``n_steps`` with the padding row
        (:attr:`n_rows`; rows between the last session and it stay empty)."""
        seg = np.full(n_steps, self.n_rows, np.int32)
        seg[: self.comp.n_steps] = np.cumsum(self.comp.obs["session_start"]) - 1
        return seg

    def padded_inside(self, n_steps: int) -> np.ndarray:
        """Window membership padded to ``n_steps`` steps and to at least :data:`MIN_WINDOWS`
        windows (never inside), so a design with no window shares its program with one that has
        one; the padding windows' counts are left out by :func:`session_columns`."""
        out = np.zeros((n_steps, max(len(self.windows), MIN_WINDOWS)), bool)
        out[: self.comp.n_steps, : len(self.windows)] = self.inside
        return out


def row_bucket(n: int) -> int:
    """``n`` rounded up to a multiple of 64 (of an eighth of the next power of two above 512).

    Rows cost memory, not time (each step writes one row in place), so the grid is coarse:
    designs of 1 to 64 sessions share one program."""
    quantum = max(64, (1 << max(0, (n - 1).bit_length())) // 8)
    return -(-n // quantum) * quantum


def session_plan(comp: CompiledProtocol, windows: Mapping[str, tuple[float, float]] | None = None) -> SessionPlan:
    """Sessions and window membership of every step (times as :func:`session_table` reads them)."""
    o = comp.obs
    starts = np.flatnonzero(o["session_start"])
    if len(starts) == 0 or starts[0] != 0:
        raise RemissionError(f"protocol {comp.protocol.name!r}: its first step does not start a session")
    lengths = np.diff(np.r_[starts, comp.n_steps])
    elapsed = o["time"] - np.repeat(o["time"][starts], lengths)
    windows = dict(windows or {})
    for name, bounds in windows.items():
        if not isinstance(name, str) or np.shape(bounds) != (2,):
            raise RemissionError(f"windows[{name!r}] = {bounds!r}: give {{name: (start_min, end_min)}}")
    inside = np.stack([(elapsed >= lo) & (elapsed < hi) for lo, hi in windows.values()], axis=1) \
        if windows else np.zeros((comp.n_steps, 0), bool)
    return SessionPlan(comp, starts, lengths, tuple(windows), inside)


def session_columns(plan: SessionPlan, out, ids, group: str, readouts: tuple[str, ...]) -> dict:
    """Columns of the session table of one block of subjects from the session program's output
    (:func:`~remission.engine.run.run_sessions_block`; numpy arrays ``(sessions, ·, subjects)``),
    in :func:`session_table`'s order."""
    n, S, o = len(ids), plan.n_segments, plan.comp.obs
    at = lambda a: np.tile(a[plan.starts], n)  # noqa: E731
    per = lambda a: np.transpose(np.asarray(a)[:, :, :n], (2, 0, 1)).reshape(n * S, -1)  # noqa: E731
    counts = per(out["counts"]).astype(np.int64)
    names = list(COUNTS) + [f"{w}_{c}" for w in plan.windows for c in COUNTS]
    cols = {"group": Categorical(np.zeros(n * S, np.int32), (group,)),
            "subject": np.repeat(np.asarray(ids, np.int64), S),
            "phase": Categorical(at(o["phase"]), plan.comp.phase_names),
            "session": at(o["session"])}
    cols |= {name: counts[:, j] for j, name in enumerate(names)}
    cols |= {"context": Categorical(at(o["context_index"]), plan.comp.context_names),
             "time": at(o["time"])}
    total = per(out["high"]).astype(np.float64) + per(out["low"]).astype(np.float64)
    length = np.tile(plan.lengths, n).astype(np.float64)
    cols |= {k: total[:, j] / length for j, k in enumerate(readouts)}
    return cols
