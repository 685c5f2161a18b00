"""The phenomena scorecard: every model against every published finding (docs/PHENOMENA.md),
replicated, with 95 % CIs, normalised scores and a verdict computed from them."""

from remission.scoring.runner import (
    DEFAULT_REPLICATES,
    DEFAULT_SUBJECTS,
    MODELS,
    Runner,
    ScorecardRun,
    default_models,
    run_scorecard,
    scorecard,
)
from remission.scoring.table import COLUMNS
from remission.scoring.verdict import classify, intervals, summary, verdict

__all__ = ["COLUMNS", "DEFAULT_REPLICATES", "DEFAULT_SUBJECTS", "MODELS", "Runner", "ScorecardRun",
           "classify", "default_models", "intervals", "run_scorecard", "scorecard", "summary",
           "verdict"]
