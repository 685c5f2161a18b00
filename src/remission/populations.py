"""Default populations of virtual subjects, calibrated to published individual differences.

:func:`default_rat_population` gives a population of rats for the dual-trace model (and its presets)
in which most animals value a sweet reward above i.v. cocaine and a vulnerable minority does not:

* drug value: a mixture, 90% LogNormal(log 3, 0.3) and a 10% minority LogNormal(log 14, 0.3) with a
  high hedonic value of the drug — the drug-preferring / addiction-prone minority;
* alternative (sweet) value: LogNormal(log 3, 0.25);
* aversiveness of footshock: LogNormal(log 3, 0.5), lower in part of the population;
* learning rate η: Beta(4, 36) (mean 0.1); softmax β: LogNormal(log 10, 0.2).

With these, on ``sweet_vs_cocaine_choice`` about 90–95% of subjects prefer saccharin (Lenoir et al.
2007: 94%) and under 15% prefer cocaine (Cantin et al. 2010). On the default ``addiction_criteria``
battery, scored with the absolute reference thresholds of
:data:`remission.protocols.criteria.REFERENCE_THRESHOLDS` (computed from these rats), 2,000 rats
(seed 0) split 36.5% / 32.4% / 20.0% / 11.2% meeting 0 / 1 / 2 / 3 criteria (paper: ≈41% none,
≈17% all three; Deroche-Gamonet et al. 2004): the high-drug-value minority is the one scoring high on
all three. Subject ``i``'s parameters depend only on ``(seed, parameter, i)``, so trajectories are
reproducible by seed.
"""

from __future__ import annotations

import math

from remission.errors import RemissionError
from remission.population import Beta, LogNormal, Mixture, Population

_FOR = ("dual_trace", "erasure_only", "competition_only", "mixed")


def default_rat_population(model: str = "dual_trace", vulnerable: float = 0.1) -> Population:
    """The default rat population for ``model`` (a dual-trace variant).

    Parameters
    ----------
    model : str
        ``"dual_trace"`` or one of its presets.
    vulnerable : float
        Share of the high-drug-value minority (default 0.1).
    """
    if model not in _FOR:
        raise RemissionError(f"model = {model!r}: the default rat population is calibrated for "
                             f"{', '.join(_FOR)}")
    if not 0.0 <= vulnerable <= 1.0:
        raise RemissionError(f"vulnerable = {vulnerable!r}; valid: a share in [0, 1]")
    drug = Mixture(weights=[1.0 - vulnerable, vulnerable],
                   components=[LogNormal(mu=math.log(3.0), sigma=0.3),
                               LogNormal(mu=math.log(14.0), sigma=0.3)])
    return Population(
        drug_value=drug,
        alt_value=LogNormal(mu=math.log(3.0), sigma=0.25),
        shock_cost=LogNormal(mu=math.log(3.0), sigma=0.5),
        eta=Beta(a=4.0, b=36.0),
        beta=LogNormal(mu=math.log(10.0), sigma=0.2),
    )
