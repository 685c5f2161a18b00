"""Published findings as computable tests (docs PHENOMENA.md): one module per row.

``names()`` lists the phenomena in PHENOMENA.md order; ``get(id)`` returns a
:class:`~remission.phenomena.base.Phenomenon`. The scorecard (:func:`remission.scorecard`) runs
every model on every phenomenon.
"""

from remission.phenomena import (  # noqa: F401  (registration order = PHENOMENA.md order)
    escalation,
    addiction_minority,
    punishment_resistance,
    sweet_choice,
    drug_preferring_minority,
    choice_delay,
    social_choice,
    food_choice_abstinence,
    extinction_priming,
    renewal,
    spontaneous_recovery,
    reinstatement,
    punishment_abstinence,
    retrieval_extinction,
    depotentiation,
    incubation,
    enrichment,
    remission_epidemiology,
)
from remission.phenomena.base import Phenomenon, Score, get, names

__all__ = ["Phenomenon", "Score", "get", "names"]
