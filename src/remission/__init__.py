"""remission: an in-silico preclinical lab for addiction and recovery.

Do people remit from addiction because drug-induced changes are erased, or because new learning
outcompetes a drug memory that stays latent (Engeln & Ahmed 2024, Nat Rev Neurosci)? remission
simulates the field's paradigms with learning models from the literature and scores every model
against every published finding.

JAX runs in 64-bit precision (``jax_enable_x64``) so that models match their published reference
implementations to 1e-6. Unless ``XLA_FLAGS`` says otherwise, the host CPU is exposed as one JAX
device per core, so the engine can split subjects across cores (set ``XLA_FLAGS`` yourself, or
import jax before remission, to opt out).
"""

import os
import sys

if "jax" not in sys.modules and "xla_force_host_platform_device_count" not in os.environ.get(
    "XLA_FLAGS", ""
):
    os.environ["XLA_FLAGS"] = (
        os.environ.get("XLA_FLAGS", "")
        + f" --xla_force_host_platform_device_count={max(1, len(os.sched_getaffinity(0)))}"
    ).strip()

import jax  # noqa: E402

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
