"""Held-out check of a life-course fit: the NESARC figures of each fitted substance at more lives
and on life histories the fit never saw.

Reads ``fits.csv`` of ``remission lifecourse --fit ...`` and, for each substance, simulates its
fitted parameters with the fit's own function (:func:`remission.lifecourse.calibrate.lives_figures`)
at each (lives, histories, seed) of ``--sizes``; prints one line per size with the Kaplan–Meier
median and the cumulative remission 40 years after onset against the targets and their
tolerances (issue 18: median ± 20 %, cumulative ± 5 points), and whether both are met.

Run: ``nice -n 5 .venv/bin/python benchmarks/lifecourse_heldout.py runs/life-fit/fits.csv
--population examples/populations/lifecourse_dual_trace.toml``
"""

from __future__ import annotations

import argparse
import time

import pandas as pd

from remission.lifecourse.calibrate import FITTED, lives_figures
from remission.lifecourse.targets import LIFETIME_TOLERANCE, MEDIAN_TOLERANCE
from remission.params.population import read_population


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("fits", help="fits.csv of remission lifecourse --fit")
    parser.add_argument("--population", default=None, help="the population the fit was run with")
    parser.add_argument("--model", default="dual_trace")
    parser.add_argument("--sizes", default="4096x64x1,4096x256x0,4096x256x1",
                        help="LIVESxHISTORIESxSEED, comma-separated")
    args = parser.parse_args()
    pop = read_population(args.population)[0] if args.population else None
    sizes = [tuple(int(v) for v in s.split("x")) for s in args.sizes.split(",")]
    for _, f in pd.read_csv(args.fits).iterrows():
        params = {k: float(f[k]) for k in FITTED}
        for n, histories, seed in sizes:
            t = time.time()
            med, cum, _ = lives_figures(args.model, pop, params, f["substance"], n, seed, 42, histories)
            ok = (abs(med - f["target_median"]) <= MEDIAN_TOLERANCE * f["target_median"]
                  and abs(cum - f["target_lifetime"]) <= LIFETIME_TOLERANCE)
            print(f"{f['substance']}: {n} lives, {histories} histories, seed {seed}: median "
                  f"{med:.2f} y (target {f['target_median']:g} ± {100 * MEDIAN_TOLERANCE:g} %), "
                  f"40 y {cum:.3f} (target {f['target_lifetime']:g} ± {LIFETIME_TOLERANCE:g}) "
                  f"{'meets both' if ok else 'MISSES'} [{time.time() - t:.0f} s]", flush=True)


if __name__ == "__main__":
    main()
