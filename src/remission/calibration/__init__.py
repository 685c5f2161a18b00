"""Calibration: population parameters of every model fitted to the published findings with the
same optimiser (CMA-ES) and budget, scored on findings they never saw, the erasure share profiled
with an ABC posterior, and models compared on held-out scores with a stated parameter penalty.

Modules: :mod:`space` (candidates ↔ populations), :mod:`evaluate` (batched scoring with common
random numbers, the loss), :mod:`optimise` (CMA-ES), :mod:`store` (streaming and resume),
:mod:`splits` (train/held-out, leave-one-out), :mod:`api` (:func:`calibrate`), :mod:`profile`
(ε and α profiles, ABC), :mod:`compare`, :mod:`targets` (synthetic literatures for recovery),
:mod:`outputs` and :mod:`figures`.
"""

from remission.calibration.api import Budget, CalibrationResult, calibrate

__all__ = ["Budget", "CalibrationResult", "calibrate"]
