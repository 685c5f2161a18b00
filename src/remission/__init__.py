"""remission: an in-silico preclinical lab for addiction and recovery.

Do people remit from addiction because drug-induced changes are erased, or because new learning
outcompetes a drug memory that stays latent (Engeln & Ahmed 2024, Nat Rev Neurosci)? remission
simulates the field's paradigms with learning models from the literature and scores every model
against every published finding.

JAX runs in 64-bit precision (``jax_enable_x64``) so that models match their published reference
implementations to 1e-6.
"""

import jax

jax.config.update("jax_enable_x64", True)

__version__ = "0.1.0"

from remission import models, protocols  # noqa: E402
from remission.engine.result import SimulationResult  # noqa: E402
from remission.engine.simulate import simulate  # noqa: E402
from remission.fitting import fit  # noqa: E402, F401
from remission.scoring import scorecard  # noqa: E402
from remission.errors import RemissionError  # noqa: E402
from remission.population import Beta, Fixed, LogNormal, Mixture, Normal, Population  # noqa: E402
from remission.protocols import Protocol  # noqa: E402
from remission.sweep import sweep  # noqa: E402, F401

__all__ = [
    "Beta", "Fixed", "LogNormal", "Mixture", "Normal", "Population", "Protocol", "RemissionError",
    "SimulationResult", "__version__", "fit", "models", "protocols", "scorecard", "simulate", "sweep",
]
