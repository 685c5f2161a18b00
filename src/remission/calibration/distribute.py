"""A generation's candidates spread over Dask workers (``remission calibrate --scheduler``).

Candidates are pure tasks of (model, findings, budget, populations, seed): each worker scores a
block of them with its own :class:`~remission.calibration.evaluate.Evaluator`, with the same
common random numbers as in-process (a subject's stream depends on its id and the seed only), so
the losses — and hence the whole optimisation — are identical whatever the number of workers.
"""

from __future__ import annotations

import math

from remission.errors import RemissionError


def client(scheduler):
    """A ``distributed.Client``: given one, ``local`` / ``local:N`` (a LocalCluster of N
    single-threaded workers), or a scheduler address."""
    if type(scheduler).__module__.split(".")[0] == "distributed":
        return scheduler
    try:
        from distributed import Client, LocalCluster
    except ImportError:  # pragma: no cover
        raise RemissionError("--scheduler needs dask.distributed: pip install 'remission[distributed]'") from None
    text = str(scheduler)
    if text == "local" or text.startswith("local:"):
        n = int(text.partition(":")[2] or 2)
        return Client(LocalCluster(n_workers=n, threads_per_worker=1, processes=True))
    return Client(text)


def _score_block(model, findings, n, r, batch, populations, seed):
    from remission.calibration.evaluate import Evaluator

    return Evaluator(model, findings, n, r, batch).score(populations, seed, findings)


def score_on(cl, evaluator, populations, seed, findings):
    """Score ``populations`` on the workers of ``cl``; a list like ``Evaluator.score``'s."""
    workers = max(1, len(cl.scheduler_info().get("workers", {})))
    size = max(1, math.ceil(evaluator.batch / workers))
    blocks = [populations[i:i + size] for i in range(0, len(populations), size)]
    futures = [cl.submit(_score_block, evaluator.model.name, list(findings), evaluator.n, evaluator.r,
                         size, b, seed, pure=False) for b in blocks]
    return [s for block in cl.gather(futures) for s in block]
