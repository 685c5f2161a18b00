"""Fitting models to trial-level data: maximum likelihood, hierarchical Bayes, comparison,
parameter/model recovery and model-based regressors.

All likelihoods replay the data through :func:`remission.engine.run.action_log_likelihood`, i.e.
through the very ``policy``/``update`` functions the simulator runs.
"""

from remission.fitting.api import FitResult, fit
from remission.fitting.check import CheckReport, check_model
from remission.fitting.compare import compare
from remission.fitting.recovery import model_recovery, parameter_recovery
from remission.fitting.regressors import export_events, regressors

__all__ = ["CheckReport", "FitResult", "check_model", "compare", "export_events", "fit", "model_recovery", "parameter_recovery",
           "regressors"]
