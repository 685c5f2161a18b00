"""Engine throughput: one JSON line per model.

Target (issue 2): rescorla_wagner >= 10,000,000 subject-steps/s with 10,000 subjects on a protocol
of >= 1,000 steps, on a 2-core machine; compile time is reported apart. Each figure is the best of
``--repeats`` (default 3) timed runs after compilation (:func:`remission.engine.bench.measure_throughput`),
counting the protocol's real steps: the padding of the step count to its bucket is not counted.

Run: ``.venv/bin/python benchmarks/throughput.py [--subjects N] [--models a,b]``
"""

from __future__ import annotations

import argparse
import json

import remission
from remission.engine.bench import measure_throughput

#: One 1-h self-administration session in 3.6 s bins: exactly 1,000 steps.
PROTOCOL = remission.protocols.get("self_administration", sessions=1, bin="3.6 s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subjects", type=int, default=10_000)
    parser.add_argument("--models", default="rescorla_wagner,drug_td")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    for name in args.models.split(","):
        print(json.dumps(measure_throughput(name, PROTOCOL, args.subjects, args.repeats)), flush=True)


if __name__ == "__main__":
    main()
