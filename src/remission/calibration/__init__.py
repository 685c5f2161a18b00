"""Calibration: population parameters of every model fitted to the published findings with the
same optimiser and budget, scored on findings they never saw, and the erasure share profiled."""
