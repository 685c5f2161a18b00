"""Lives over years: a weekly life-course paradigm run at population scale, and survival analysis.

``run_lifecourse`` (the ``remission lifecourse`` command) simulates lives in treatment arms
(:mod:`~remission.lifecourse.lives`), estimates time to remission and relapse with lifelines
(:mod:`~remission.lifecourse.survival`), decomposes remitters by mechanism
(:mod:`~remission.lifecourse.paths`), fits drug-specific parameters to NESARC
(:mod:`~remission.lifecourse.calibrate`, :mod:`~remission.lifecourse.targets`) and writes the
curves and an HTML report (:mod:`~remission.lifecourse.study`). The event definitions are
:mod:`remission.phenomena.life_events`.
"""

from remission.lifecourse.analysis import Analysis, analyse
from remission.lifecourse.lives import Lives, simulate_lives
from remission.lifecourse.study import Study, run_lifecourse

__all__ = ["Analysis", "Lives", "Study", "analyse", "run_lifecourse", "simulate_lives"]
