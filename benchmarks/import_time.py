"""How long ``import remission`` takes, against a bare interpreter and against the engine.

Each figure is the median wall time of ``python -c "<statement>"`` over fresh processes (so
nothing is cached in-process), with the bare ``python -c pass`` start-up subtracted.

Run: ``.venv/bin/python benchmarks/import_time.py [--runs 7]``
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time

STATEMENTS = {"remission": "import remission", "remission.engine": "import remission.engine",
              "remission.simulate": "import remission; remission.simulate"}


def wall(statement: str, runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", statement], check=True)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    bare = wall("pass", args.runs)
    for name, statement in STATEMENTS.items():
        seconds = wall(statement, args.runs) - bare
        print(json.dumps({"import": name, "seconds": round(seconds, 3), "runs": args.runs,
                          "bare_python_s": round(bare, 3)}), flush=True)


if __name__ == "__main__":
    main()
