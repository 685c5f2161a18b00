"""Query stored runs: list the runs under a directory, load a run back as a DataFrame."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from remission.errors import RemissionError, unknown_name
from remission.scale.manifest import MANIFEST, read_completed, read_manifest

#: Hive partition keys of the trials dataset (directory names ``config=C/seed=S``).
PARTITIONING = ds.partitioning(pa.schema([("config", pa.int32()), ("seed", pa.int64())]),
                               flavor="hive")


def _require_run(path: str | Path) -> tuple[Path, dict]:
    run_dir = Path(path)
    manifest = read_manifest(run_dir)
    if manifest is None:
        raise RemissionError(
            f"run = {str(run_dir)!r} is not a run directory (no {MANIFEST}); "
            f"`remission runs list` shows the runs under a folder"
        )
    return run_dir, manifest


def damaged_chunks(run_dir: str | Path, completed: dict[str, dict] | None = None) -> list[str]:
    """Recorded chunks whose file is missing, has another size than recorded, or whose Parquet
    footer does not read back with the recorded rows (a truncated or overwritten file): ``chunk
    (file: why)`` for each. Cheap (no full read); ``--resume`` also checks every SHA-256."""
    run_dir = Path(run_dir)
    bad = []
    for chunk, entry in (read_completed(run_dir) if completed is None else completed).items():
        path = run_dir / entry["file"]
        try:
            size = path.stat().st_size
        except OSError:
            bad.append(f"{chunk} ({entry['file']}: missing)")
            continue
        if entry.get("bytes") is not None and size != entry["bytes"]:
            bad.append(f"{chunk} ({entry['file']}: {size:,} bytes, recorded {entry['bytes']:,})")
            continue
        try:
            rows = pq.read_metadata(path).num_rows
        except (OSError, pa.ArrowException) as exc:
            bad.append(f"{chunk} ({entry['file']}: unreadable, {str(exc).splitlines()[0][:80]})")
            continue
        if rows != entry.get("rows", rows):
            bad.append(f"{chunk} ({entry['file']}: {rows} rows, recorded {entry['rows']})")
    return bad


def run_dataset(path: str | Path) -> ds.Dataset:
    """A pyarrow dataset over the *recorded* chunks of a run (never half-written or orphan files).
    A damaged chunk is refused, naming it (``remission sweep CONFIG --out RUN --resume`` recomputes
    it)."""
    run_dir, _ = _require_run(path)
    completed = read_completed(run_dir)
    files = sorted(str(run_dir / c["file"]) for c in completed.values())
    if not files:
        raise RemissionError(f"run {str(run_dir)!r} has no completed chunks yet")
    bad = damaged_chunks(run_dir, completed)
    if bad:
        raise RemissionError(f"run {str(run_dir)!r} has {len(bad)} damaged chunk(s): {'; '.join(bad[:5])}"
                             + (" ..." if len(bad) > 5 else "")
                             + "; rerun the sweep with --resume to recompute them")
    return ds.dataset(files, format="parquet", partitioning=PARTITIONING,
                      partition_base_dir=str(run_dir / "trials"))


def load_run(path: str | Path, columns: list[str] | None = None, filters=None) -> pd.DataFrame:
    """Load a stored run (or the part of it completed so far) as a tidy DataFrame.

    Parameters
    ----------
    path : str or Path
        The run directory (``--out`` of ``remission sweep``).
    columns : list of str, optional
        Columns to read (default all). ``config`` and ``seed`` are partition columns: the grid
        point's index and the seed; the grid's parameter values are columns too.
    filters : list of tuples or pyarrow.compute.Expression, optional
        Rows to keep, e.g. ``[("config", "==", 2), ("phase", "==", "extinction")]`` (tuples are
        ANDed; a list of such lists is ORed, as in ``pandas.read_parquet``). Only the needed row
        groups and partitions are read.

    Returns
    -------
    pandas.DataFrame
        Rows sorted by config, seed, group, subject and step.

    Examples
    --------
    >>> df = load_run("runs/rw_eta", columns=["config", "eta", "subject", "action"],
    ...               filters=[("phase", "==", "extinction")])  # doctest: +SKIP
    """
    dataset = run_dataset(path)
    names = set(dataset.schema.names)
    for col in columns or []:
        if col not in names:
            raise unknown_name("column", col, names)
    expr = None
    if filters is not None:
        try:
            expr = filters if isinstance(filters, ds.Expression) else pq.filters_to_expression(filters)
        except (TypeError, ValueError) as exc:
            raise RemissionError(
                f"filters = {filters!r}: write a list of (column, op, value) tuples, e.g. "
                f"[('phase', '==', 'extinction')] ({exc})"
            ) from None
    try:
        table = dataset.to_table(columns=columns, filter=expr)
    except (pa.ArrowException, TypeError) as exc:
        if filters is None:
            raise RemissionError(f"run {str(path)!r} cannot be read ({str(exc).splitlines()[0][:200]}); "
                                 "a chunk may be damaged: rerun the sweep with --resume, which checks "
                                 "every chunk's SHA-256 and recomputes damaged ones") from None
        raise RemissionError(f"filters = {filters!r} cannot be applied: {exc}") from None
    df = table.to_pandas()
    keys = [k for k in ("config", "seed", "group", "subject", "step") if k in df]
    return df.sort_values(keys, kind="stable").reset_index(drop=True) if keys else df


def find_runs(root: str | Path, depth: int = 3) -> list[Path]:
    """Run directories at or below ``root`` (up to ``depth`` levels down)."""
    root = Path(root)
    found = []
    for level in range(depth + 1):
        pattern = "/".join(["*"] * level + [MANIFEST])
        found += [p.parent for p in root.glob(pattern)]
    return sorted(set(found))


def list_runs(root: str | Path = ".") -> pd.DataFrame:
    """One row per run under ``root``: what it is, how far it got, with which versions."""
    rows = []
    for run_dir in find_runs(root):
        m = read_manifest(run_dir) or {}
        cfg = m.get("config", {})
        done = read_completed(run_dir)
        bad = damaged_chunks(run_dir, done)
        rows.append({
            "path": str(run_dir),
            "name": cfg.get("name", run_dir.name),
            "model": cfg.get("model", "?"),
            "protocols": ",".join(cfg.get("protocols", {})),
            "configs": len(cfg.get("grid_points", [])) or 1,
            "seeds": len(cfg.get("seeds", [])),
            "n_subjects": cfg.get("n_subjects"),
            "chunks": f"{len(done) - len(bad)}/{m.get('n_tasks', '?')}",
            "rows": int(sum(c.get("rows", 0) for c in done.values())),
            "complete": bool(m.get("complete")) and not bad and len(done) >= m.get("n_tasks", 0),
            "damaged": "; ".join(bad),
            "config_hash": m.get("config_hash", ""),
            "remission": m.get("versions", {}).get("remission", ""),
            "created": m.get("created", ""),
        })
    return pd.DataFrame(rows, columns=["path", "name", "model", "protocols", "configs", "seeds",
                                       "n_subjects", "chunks", "rows", "complete", "damaged",
                                       "config_hash", "remission", "created"])
