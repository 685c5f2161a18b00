"""Parameter sweeps: a grid of model parameters × seeds × subject chunks, run as pure tasks.

>>> import remission
>>> res = remission.sweep("rescorla_wagner", "extinction", grid={"eta": [0.05, 0.2]},
...                       n_subjects=100, seed=[0, 1], out="runs/rw_eta")   # doctest: +SKIP
>>> res.load(columns=["config", "eta", "phase", "action"])                 # doctest: +SKIP

Scale-out: the same tasks run on a Dask cluster by passing a ``distributed.Client``::

    from dask.distributed import Client, LocalCluster
    client = Client(LocalCluster(n_workers=4, threads_per_worker=1))       # one machine
    # or, on an HPC cluster (pip install dask-jobqueue):
    # from dask_jobqueue import SLURMCluster
    # cluster = SLURMCluster(cores=8, memory="16GB", walltime="02:00:00"); cluster.scale(jobs=10)
    # client = Client(cluster)
    remission.sweep(..., executor=client, out="/shared/scratch/runs/rw_eta")

With a cluster, ``out`` must be on a file system every worker can write to. See docs/SCALE.md.
"""

from __future__ import annotations

import itertools
import json
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from remission import models as model_registry
from remission.engine.compile import compile_protocol
from remission.engine.simulation import protocol_groups
from remission.errors import RemissionError
from remission.params import Population, resolve_params
from remission.scale import manifest as mf
from remission.scale.chunks import chunk_is_intact, remove_stale_temporaries
from remission.scale.executors import execute, progress_reporter
from remission.scale.store import load_run
from remission.scale.tasks import ChunkTask


@dataclass
class SweepResult:
    """What :func:`sweep` did: where the run lives, its manifest, what was computed or reused."""

    path: Path | None
    manifest: dict
    computed: int
    reused: int
    tables: list = field(default_factory=list, repr=False)

    def load(self, columns=None, filters=None) -> pd.DataFrame:
        """The trials (all, or selected columns/rows; see :func:`remission.store.load_run`)."""
        if self.path is not None:
            return load_run(self.path, columns=columns, filters=filters)
        import pyarrow as pa

        df = pa.concat_tables(self.tables).to_pandas() if self.tables else pd.DataFrame()
        if filters is not None:
            raise RemissionError("filters need a stored run; pass out=DIR to sweep()")
        df = df.sort_values(["config", "seed", "group", "subject", "step"], kind="stable")
        df = df.reset_index(drop=True)
        return df[columns] if columns else df

    @property
    def trials(self) -> pd.DataFrame:
        return self.load()


def grid_points(grid) -> list[dict[str, float]]:
    """``{"eta": [a, b], "beta": [c]}`` -> the Cartesian product; a list of dicts passes through."""
    if grid is None:
        return [{}]
    if isinstance(grid, Mapping):
        names = list(grid)
        values = []
        for k in names:
            v = grid[k]
            v = [v] if np.ndim(v) == 0 else list(v)
            if not v:
                raise RemissionError(f"grid.{k} = [] is empty; give at least one value")
            values.append(v)
        points = [dict(zip(names, combo)) for combo in itertools.product(*values)]
    elif isinstance(grid, Sequence) and not isinstance(grid, str):
        points = [dict(p) for p in grid]
    else:
        raise RemissionError(f"grid = {grid!r}: give a mapping name -> list of values, or a list of dicts")
    try:
        return [{k: float(v) for k, v in p.items()} for p in points] or [{}]
    except (TypeError, ValueError):
        raise RemissionError(f"grid = {grid!r}: every grid value must be a number") from None


def _seeds(seed) -> list[int]:
    seeds = [seed] if np.ndim(seed) == 0 else list(seed)
    if not seeds or any(not isinstance(s, (int, np.integer)) or isinstance(s, bool) or s < 0
                        for s in seeds):
        raise RemissionError(f"seed = {seed!r}: give a non-negative integer or a list of them")
    return [int(s) for s in seeds]


def _registered(mdl) -> bool:
    try:
        return model_registry.get(mdl.name) is mdl
    except RemissionError:
        return False


def _params_json(params):
    if isinstance(params, Population):
        return {"population": params.model_dump()}
    out = {}
    for k, v in dict(params or {}).items():
        arr = np.asarray(v, dtype=float)
        out[k] = float(arr) if arr.ndim == 0 else {"per_subject_sha256": mf.config_hash(arr.tolist())}
    return out


def plan(model, protocol, grid=None, n_subjects=100, seed=0, params=None, chunk_size=10_000,
         name=None) -> tuple[dict, list[ChunkTask]]:
    """Validate a sweep and lay it out as tasks; returns ``(config, tasks)`` (nothing is run)."""
    mdl = model_registry.get(model)
    groups = protocol_groups(protocol)
    points = grid_points(grid)
    seeds = _seeds(seed)
    for label, v in (("n_subjects", n_subjects), ("chunk_size", chunk_size)):
        if not isinstance(v, (int, np.integer)) or isinstance(v, bool) or v < 1:
            raise RemissionError(f"{label} = {v!r} must be a positive integer")
    chunk_size = min(int(chunk_size), int(n_subjects))
    for p in points:  # unknown names / out-of-bounds values are refused before anything runs
        base = params.params if isinstance(params, Population) else dict(params or {})
        scalars = {k: v for k, v in base.items() if np.ndim(v) == 0 and not hasattr(v, "draw")}
        resolve_params(mdl.params, {**scalars, **p}, 1, mdl.name)
    if not isinstance(params, Population) and params is not None:
        resolve_params(mdl.params, params, int(n_subjects), mdl.name, seed=seeds[0])
    for p in groups.values():
        compile_protocol(p)
    protocols = {g: p.to_dict() for g, p in groups.items()}
    config = {"name": name or f"{mdl.name}-sweep", "model": mdl.name, "protocols": protocols,
              "grid_points": points, "params": _params_json(params), "n_subjects": int(n_subjects),
              "seeds": seeds, "chunk_size": chunk_size}
    shipped = mdl.name if _registered(mdl) else mdl  # workers look registered models up by name
    tasks = []
    for c, point in enumerate(points):
        for s in seeds:
            for gi, (g, prot) in enumerate(protocols.items()):
                text = json.dumps(prot, sort_keys=True)
                for start in range(0, int(n_subjects), chunk_size):
                    stop = min(start + chunk_size, int(n_subjects))
                    tasks.append(ChunkTask(
                        chunk=f"c{c}-s{s}-g{gi}-{start}", model=shipped, protocol=text, group=g, group_index=gi, config=c,
                        point=point, params=params, seed=s, start=start, stop=stop,
                        pad_to=chunk_size))
    return config, tasks


def sweep(model, protocol, grid=None, n_subjects: int = 100, seed=0, params=None,
          chunk_size: int = 10_000, executor=None, out: str | Path | None = None,
          resume: bool = False, name: str | None = None,
          progress: bool | Callable[[int, int], None] | None = None,
          force: bool = False) -> SweepResult:
    """Run ``model`` through ``protocol`` at every point of a parameter ``grid`` and every seed.

    Parameters
    ----------
    model : str or Model
        Registered model name (workers look it up by name) or a Model.
    protocol : str, Protocol, path, or mapping of group name to protocol
        As in :func:`remission.simulate`.
    grid : mapping of str to list of float, or list of dicts, optional
        Parameter values to sweep (Cartesian product of a mapping); each point is a ``config``.
    n_subjects : int
        Subjects per group, configuration and seed.
    seed : int or list of int
        Seeds; each gives an independent replicate of every configuration.
    params : mapping or Population, optional
        Parameters held fixed (or drawn per subject) across the grid; grid values override them.
    chunk_size : int
        Subjects per task (and per Parquet file). Memory is bounded by one chunk per worker.
    executor : None, "local", distributed.Client or concurrent.futures.Executor
        Where tasks run: in-process by default; a Dask client spreads them over its workers
        (LocalCluster, or dask-jobqueue's SLURMCluster on an HPC cluster). Results are identical.
    out : path, optional
        Run directory: a partitioned Parquet dataset plus ``manifest.json``. Without it results are
        kept in memory (small sweeps only).
    resume : bool
        Continue the run in ``out``: recorded chunks that are intact are kept, damaged or missing
        ones are (re)computed. The configuration must hash to the recorded one.
    name : str, optional
        Label shown by ``remission runs list``.
    force : bool
        Replace a run already in ``out`` (its chunks, manifest and log are deleted first). Without
        it (and without ``resume``) a directory holding a run or other files is refused.
    progress : bool or callable, optional
        ``True`` shows a rich progress bar with ETA; a callable gets ``(done, total)`` chunks.

    Returns
    -------
    SweepResult
    """
    config, tasks = plan(model, protocol, grid, n_subjects, seed, params, chunk_size, name)
    run_dir = None if out is None else Path(out)
    done: dict[str, dict] = {}
    if run_dir is not None:
        manifest, done = _open_run(run_dir, config, len(tasks), resume, force)
        log = mf.CompletionLog(run_dir)
    else:
        manifest = mf.new_manifest(config, len(tasks))
    pending = [t for t in tasks if t.chunk not in done]
    tables = []
    with progress_reporter(progress, len(tasks), len(tasks) - len(pending)) as report:
        for task, result in execute(pending, None if run_dir is None else str(run_dir), executor):
            if run_dir is None:
                tables.append(_with_keys(result, task))
            else:
                log.append(result)
                done[task.chunk] = result
            report()
    if run_dir is not None:
        manifest = mf.finish_manifest(run_dir, manifest, done)
    return SweepResult(run_dir, manifest, computed=len(pending), reused=len(tasks) - len(pending),
                       tables=tables)


def _with_keys(table, task: ChunkTask):
    import pyarrow as pa

    n = table.num_rows
    table = table.append_column("config", pa.array(np.full(n, task.config, np.int32)))
    return table.append_column("seed", pa.array(np.full(n, task.seed, np.int64)))


def _open_run(run_dir: Path, config: dict, n_tasks: int, resume: bool, force: bool = False):
    """Start a new run directory, or reopen one to resume (keeping only intact chunks)."""
    import shutil

    if run_dir.exists() and not run_dir.is_dir():
        raise RemissionError(f"out = {str(run_dir)!r} is an existing file; give a directory")
    if resume and force:
        raise RemissionError("resume=True keeps the run in out and force=True replaces it: give one")
    old = mf.read_manifest(run_dir)
    if old is not None and force:  # replace the old run: nothing of it may be mixed into the new one
        shutil.rmtree(run_dir / "trials", ignore_errors=True)
        for name in (mf.MANIFEST, mf.COMPLETED):
            (run_dir / name).unlink(missing_ok=True)
        old = None
    if old is None:
        if run_dir.is_dir() and any(run_dir.iterdir()) and not (force or resume):
            shown = ", ".join(sorted(p.name for p in run_dir.iterdir())[:3])
            raise RemissionError(f"out = {str(run_dir)!r} holds files but no run ({shown}, ...); "
                                 "choose an empty or new directory, or pass force=True (--force) "
                                 "to write the run there")
        if force:
            shutil.rmtree(run_dir / "trials", ignore_errors=True)
        run_dir.mkdir(parents=True, exist_ok=True)
        manifest = mf.new_manifest(config, n_tasks)
        mf.write_json_atomic(run_dir / mf.MANIFEST, manifest)
        (run_dir / mf.COMPLETED).unlink(missing_ok=True)
        return manifest, {}
    new_hash = mf.config_hash(config)
    if not resume:
        raise RemissionError(
            f"out = {str(run_dir)!r} already holds a run (config hash {old.get('config_hash')}); "
            f"pass resume=True (--resume) to continue it, force=True (--force) to replace it, or "
            f"choose another directory"
        )
    if old.get("config_hash") != new_hash:
        raise RemissionError(
            f"cannot resume {str(run_dir)!r}: its config hash is {old.get('config_hash')}, this "
            f"sweep's is {new_hash} (model, protocol, grid, seeds, subjects or chunk size differ); "
            f"rerun with the original configuration or use another --out"
        )
    remove_stale_temporaries(run_dir)
    recorded = mf.read_completed(run_dir)
    intact = {k: e for k, e in recorded.items()
              if chunk_is_intact(run_dir / e["file"], e["rows"], e.get("bytes"), e.get("sha256"))}
    if len(intact) != len(recorded) or (run_dir / mf.COMPLETED).exists():
        mf.CompletionLog(run_dir).rewrite(intact)  # drops damaged chunks and any torn line
    for k in set(recorded) - set(intact):
        (run_dir / recorded[k]["file"]).unlink(missing_ok=True)
    resumed = {"at": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "versions": mf.versions(),
               "intact_chunks": len(intact), "damaged_chunks": len(recorded) - len(intact)}
    manifest = dict(old, resumes=old.get("resumes", []) + [resumed])
    mf.write_json_atomic(run_dir / mf.MANIFEST, manifest)
    return manifest, intact
