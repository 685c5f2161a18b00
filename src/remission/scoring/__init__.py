"""The phenomena scorecard: every model against every published finding (docs/PHENOMENA.md)."""

from remission.scoring.outputs import COLUMNS
from remission.scoring.runner import MODELS, default_models, scorecard
from remission.scoring.verdict import classify, summary, verdict

__all__ = ["COLUMNS", "MODELS", "classify", "default_models", "scorecard", "summary", "verdict"]
