"""remission: an in-silico preclinical lab for addiction and recovery.

Do people remit from addiction because drug-induced changes are erased, or because new learning
outcompetes a drug memory that stays latent (Engeln & Ahmed 2024, Nat Rev Neurosci)? remission
simulates the field's paradigms with learning models from the literature and scores every model
against every published finding.

The front door is light: ``import remission`` loads nothing heavy; each name below is imported on
first use. Numerical precision is set where it is needed (64-bit inside simulation, fitting and the
parity-tested latent-cause models), not for the whole process.
"""

from __future__ import annotations

import importlib

from remission._version import __version__
from remission.errors import RemissionError

#: Public name -> module that defines it (loaded on first access).
_LAZY = {
    "simulate": "remission.engine.simulation",
    "SimulationResult": "remission.engine.result",
    "scorecard": "remission.scoring.runner",
    "fit": "remission.fitting.api",
    "check_model": "remission.fitting.check",
    "sweep": "remission.scale.sweeps",
    "design": "remission.designer.search",
    "power": "remission.designer.curves",
    "calibrate": "remission.calibration.api",
    "Population": "remission.params.population",
    "Beta": "remission.params.population",
    "Fixed": "remission.params.population",
    "LogNormal": "remission.params.population",
    "Mixture": "remission.params.population",
    "Normal": "remission.params.population",
    "Protocol": "remission.protocols.schema",
    "Paradigm": "remission.protocols.library",
    "run_lifecourse": "remission.lifecourse.study",
    "simulate_lives": "remission.lifecourse.lives",
}
_SUBPACKAGES = ("calibration", "designer", "engine", "fitting", "gym", "io", "lifecourse", "models",
                "params", "phenomena", "protocols", "report", "scale", "scoring")

__all__ = ["RemissionError", "__version__", *_LAZY, *_SUBPACKAGES]


def __getattr__(name: str):
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
    elif name in _SUBPACKAGES:
        value = importlib.import_module(f"remission.{name}")
    else:
        raise AttributeError(f"module 'remission' has no attribute {name!r}")
    globals()[name] = value
    return value


#: Subpackages that need an optional extra, and the library each needs.
_OPTIONAL = {"gym": "gymnasium"}


def __dir__():
    import importlib.util

    missing = {name for name, lib in _OPTIONAL.items()
               if name not in globals() and importlib.util.find_spec(lib) is None}
    return sorted((set(globals()) | set(__all__)) - missing)
