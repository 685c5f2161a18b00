"""Data in: the tidy trial-level schema, adapters (hBayesDM, MED-PC, simulations) and the step
layout the engine replays (:func:`build_design`)."""

from remission.io.design import Design, build_design
from remission.io.hbayesdm import read_hbayesdm
from remission.io.medpc import MedPCBlock, parse_medpc, read_medpc
from remission.io.schema import TrialData, validate
from remission.io.tables import read_trials
from remission.io.simulated import from_simulation

__all__ = ["Design", "MedPCBlock", "TrialData", "build_design", "from_simulation", "parse_medpc",
           "read_hbayesdm", "read_medpc", "read_trials", "validate"]
