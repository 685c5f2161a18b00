"""Pure sweep tasks: one chunk of subjects of one (grid point, seed, group).

A :class:`ChunkTask` carries everything needed to compute its chunk (model, protocol as data,
parameters, seed, subject range), so running it in-process, in a Dask worker thread or on another
machine gives the same numbers: subject ``i`` of group ``g`` draws from a random stream that
depends only on (seed, g, i), and its parameters from (seed, parameter name, i).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from remission import models as model_registry
from remission.engine.compile import CompiledProtocol, compile_protocol
from remission.engine.simulation import simulate_compiled
from remission.models.base import Model
from remission.params import Population, resolve_params
from remission.protocols import Protocol
from remission.scale.chunks import chunk_table, write_chunk


@dataclass(frozen=True)
class ChunkTask:
    """Subjects ``start..stop-1`` of group ``group`` at grid point ``config`` with ``seed``."""

    chunk: str
    model: str | Model
    protocol: str  # the protocol as canonical JSON (hashable; compiled once per process)
    group: str
    group_index: int
    config: int
    point: dict = field(hash=False)
    params: object = field(hash=False)  # mapping of scalars/arrays, or a Population
    seed: int = 0
    start: int = 0
    stop: int = 0
    pad_to: int = 0

    @property
    def file(self) -> str:
        """Path of the chunk inside the run directory (Hive partitions ``config=``, ``seed=``)."""
        return (f"trials/config={self.config}/seed={self.seed}/"
                f"part-g{self.group_index}-{self.start:010d}.parquet")

    def entry(self) -> dict:
        """What the completion log records about this task (besides the file's size and digest)."""
        return {"chunk": self.chunk, "file": self.file, "config": self.config, "seed": self.seed,
                "group": self.group, "subjects": [self.start, self.stop]}


@lru_cache(maxsize=32)
def _compiled(protocol_json: str) -> CompiledProtocol:
    return compile_protocol(Protocol.parse(json.loads(protocol_json)))


def chunk_params(task: ChunkTask, model: Model, ids: np.ndarray) -> dict[str, np.ndarray]:
    """Per-subject parameter values of the chunk: base parameters overridden by the grid point."""
    base = task.params
    if isinstance(base, Population):
        merged = Population(params={**base.params, **task.point})
    else:
        merged = {k: (np.asarray(v)[task.start:task.stop] if np.ndim(v) == 1 else v)
                  for k, v in dict(base or {}).items()}
        merged.update(task.point)
    return resolve_params(model.params, merged, len(ids), model.name, subject_ids=ids,
                          seed=task.seed)


def compute_chunk(task: ChunkTask):
    """Simulate the chunk; returns an Arrow table (grid values appended as constant columns).

    The chunk is padded to ``task.pad_to`` subjects (copies of its last subject, dropped again) so
    every chunk of a sweep, the last one included, reuses one compiled program.
    """
    mdl = model_registry.get(task.model)
    comp = _compiled(task.protocol)
    ids = np.arange(task.start, task.stop, dtype=np.int64)
    values = chunk_params(task, mdl, ids)
    records = simulate_compiled(mdl, comp, values, ids, task.seed, task.group,
                                pad_subjects_to=task.pad_to)
    return chunk_table(records, comp, ids, task.group, constants=task.point)


def run_task(task: ChunkTask, run_dir: str | None = None):
    """Compute a chunk; with ``run_dir`` write it durably and return its log entry, else the table.

    This is the function executors ship to workers: it depends only on its arguments.
    """
    table = compute_chunk(task)
    if run_dir is None:
        return table
    info = write_chunk(table, Path(run_dir) / task.file, dictionary=list(task.point))
    return {**task.entry(), **info}
