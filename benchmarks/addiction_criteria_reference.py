"""Reference thresholds of the addiction criteria (remission.protocols.criteria.REFERENCE_THRESHOLDS).

Simulates the default ``addiction_criteria`` battery on ``--subjects`` default rats
(``default_rat_population()``, dual_trace) and prints one JSON line: the 60th percentile of each
score (the paper's 40% highest percentile) and the shares of the reference population meeting
0–3 criteria under those thresholds.

Run: ``.venv/bin/python benchmarks/addiction_criteria_reference.py [--subjects 2000] [--seed 0]``
"""

from __future__ import annotations

import argparse
import json

from remission import protocols, simulate
from remission.populations import default_rat_population
from remission.protocols.criteria import criteria_scores, reference_thresholds, score_addiction_criteria


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subjects", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    r = simulate("dual_trace", protocols.get("addiction_criteria"), n_subjects=args.subjects,
                 seed=args.seed, params=default_rat_population())
    thr = reference_thresholds(criteria_scores(r))
    crit = score_addiction_criteria(r, thr)["criteria"]
    print(json.dumps({"n_subjects": args.subjects, "seed": args.seed, "thresholds": thr,
                      "criteria_shares": {int(k): round(float(v), 3) for k, v in
                                          crit.value_counts(normalize=True).sort_index().items()}}))


if __name__ == "__main__":
    main()
