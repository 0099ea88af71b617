"""The long fuzz run: as many mutated graph files and expressions as you like.

Run from the repository root::

    python tests/fuzz/run_fuzz.py --count 5000              # 5000 files, 5000 expressions
    python tests/fuzz/run_fuzz.py --count 20000 --seed 7 --processes 50

Every file goes through ``load`` and ``backprop-gui eval`` in this process, a sample of
``--processes`` of them through the real command line in processes of their own; every
expression through ``parse_expression``. The contract each must keep is in
``fuzz_checks.py``. It prints what became of the cases and how long they took; on the
first broken case it prints its seed and number (the same case comes back with the
same arguments) and exits with 1.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path

from fuzz_checks import eval_outcome, eval_processes, expression_outcome, load_outcome
from mutations import mutated_file, random_expression


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=2000, help="files and expressions each")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--processes", type=int, default=20, help="files run as real processes")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        return run(args, Path(folder))


def run(args, folder: Path) -> int:
    start = time.perf_counter()
    files, codes, paths = Counter(), Counter(), []
    for index in range(args.count):
        path = folder / f"case{index}.bpg.json"
        path.write_bytes(mutated_file(random.Random(f"{args.seed}:file:{index}")))
        try:
            files[load_outcome(path)] += 1
            codes[eval_outcome(path)] += 1
        except Exception:
            return broken(f"file {index}", path.read_bytes()[:300])
        paths.append(path)
    middle = time.perf_counter()
    expressions = Counter()
    for index in range(args.count):
        text = random_expression(random.Random(f"{args.seed}:expression:{index}"))
        try:
            expressions[expression_outcome(text)] += 1
        except Exception:
            return broken(f"expression {index}", text[:300])
    end = time.perf_counter()
    sample = random.Random(args.seed).sample(paths, min(args.processes, len(paths)))
    try:
        processes = Counter(eval_processes(sample))
    except Exception:
        return broken("a process", [path.name for path in sample])
    print(f"seed {args.seed}")
    print(f"files:       {dict(files)}  eval exit codes {dict(codes)}  ({middle - start:.1f} s)")
    print(f"expressions: {dict(expressions)}  ({end - middle:.1f} s)")
    took = time.perf_counter() - end
    print(f"processes:   exit codes {dict(processes)} of {len(sample)} ({took:.1f} s)")
    return 0


def broken(case: str, data) -> int:
    traceback.print_exc()
    print(f"broken: {case} (this seed and count bring it back): {data!r}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
