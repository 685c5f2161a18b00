"""Experiment design and power analysis: which experiment, and how many animals, tells the
hypotheses apart (erasure versus competition, issue 17).

* :mod:`~remission.designer.hypotheses` — hypotheses as named populations of models;
* :mod:`~remission.designer.simulate` — every simulated experiment of a design in one batch;
* :mod:`~remission.designer.readouts`, :mod:`~remission.designer.analysis` — the read-outs and
  the analysis a lab would run (cross-validated decoder, t-test), with Fano's information bound;
* :mod:`~remission.designer.curves` — :func:`power` against subjects per group, the standard designs;
* :mod:`~remission.designer.space`, :mod:`~remission.designer.search` — design spaces and the
  CMA-ES search :func:`design`;
* :mod:`~remission.designer.sequential` — the next phase given data observed so far.
"""

from remission.designer.hypotheses import Hypothesis, hypothesis, read_hypotheses
from remission.designer.curves import STANDARD, animals_needed, compare, power

__all__ = ["STANDARD", "Hypothesis", "animals_needed", "compare", "hypothesis", "power",
           "read_hypotheses"]
