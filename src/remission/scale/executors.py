"""Executors for sweep tasks (in-process, Dask, concurrent.futures) and the progress bar.

Every executor runs the same pure function, :func:`remission.scale.tasks.run_task`, on the same
:class:`~remission.scale.tasks.ChunkTask` objects, and yields ``(task, result)`` as tasks finish, so
the caller (the only writer of the manifest) records each chunk as soon as it is durable.
"""

from __future__ import annotations

import concurrent.futures as cf
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from remission.errors import RemissionError
from remission.scale.tasks import ChunkTask, run_task


def _is_dask_client(executor) -> bool:
    return type(executor).__module__.split(".")[0] == "distributed" and hasattr(executor, "submit")


def execute(tasks: list[ChunkTask], run_dir: str | None, executor=None) -> Iterator[tuple]:
    """Run ``tasks`` on ``executor``; yield ``(task, result)`` in completion order.

    Parameters
    ----------
    executor : None, "local", distributed.Client or concurrent.futures.Executor
        ``None``/``"local"`` runs in this process, one task after the other (one compiled program,
        bounded memory). A Dask client submits every task to its cluster.
    """
    if executor is None or executor == "local":
        for task in tasks:
            yield task, run_task(task, run_dir)
    elif _is_dask_client(executor):
        from distributed import as_completed

        futures = {executor.submit(run_task, t, run_dir, pure=False, key=f"remission-{t.chunk}-"
                                   f"{abs(hash((run_dir, t.chunk, id(tasks))))}"): t for t in tasks}
        for future in as_completed(list(futures)):
            task = futures.pop(future)
            yield task, future.result()
            future.release()
    elif isinstance(executor, cf.Executor):
        futures = {executor.submit(run_task, t, run_dir): t for t in tasks}
        for future in cf.as_completed(futures):
            yield futures[future], future.result()
    else:
        raise RemissionError(
            f"executor = {executor!r}: use None or 'local' (in-process), a dask.distributed Client "
            f"(LocalCluster, SLURMCluster, ...), or a concurrent.futures.Executor"
        )


@contextmanager
def progress_reporter(progress: bool | Callable[[int, int], None] | None, total: int,
                      done: int = 0):
    """Yield a ``report()`` callable counting finished chunks: a rich bar with ETA if ``progress``
    is True, a user callback ``progress(done, total)`` if callable, nothing otherwise."""
    state = {"done": done}
    if progress is True:
        from rich.console import Console
        from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn,
                                   TimeElapsedColumn, TimeRemainingColumn)

        columns = (TextColumn("[bold]sweep"), BarColumn(), MofNCompleteColumn(),
                   TextColumn("chunks"), TimeElapsedColumn(), TextColumn("ETA"),
                   TimeRemainingColumn())
        with Progress(*columns, console=Console(stderr=True), transient=False) as bar:
            task = bar.add_task("sweep", total=total, completed=done)
            yield lambda: bar.advance(task)
        return
    if callable(progress):
        progress(done, total)

    def report():
        state["done"] += 1
        if callable(progress):
            progress(state["done"], total)

    yield report
