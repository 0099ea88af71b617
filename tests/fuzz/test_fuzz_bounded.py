"""A bounded fuzz run in every test run: a few hundred mutated graph files and random
expressions (``run_fuzz.py --count N`` runs the same generators for longer)."""

from __future__ import annotations

import random
from collections import Counter

from fuzz_checks import eval_outcome, eval_processes, expression_outcome, load_outcome
from mutations import mutated_file, random_expression

SEED = 20261130
FILES = 300
EXPRESSIONS = 600
PROCESSES = 12  # the real command line, in processes of its own


def case_rng(kind: str, index: int) -> random.Random:
    """The generator of one case, so a failure names the case that reproduces it."""
    return random.Random(f"{SEED}:{kind}:{index}")


def test_mutated_files_load_or_are_refused_in_one_line_and_the_cli_agrees(tmp_path):
    outcomes, codes, paths = Counter(), Counter(), []
    for index in range(FILES):
        path = tmp_path / f"case{index}.bpg.json"
        path.write_bytes(mutated_file(case_rng("file", index)))
        outcomes[load_outcome(path)] += 1
        codes[eval_outcome(path)] += 1
        paths.append(path)
    assert outcomes["refused"] > FILES // 2 and outcomes["loaded"] > 0, outcomes
    assert codes[2] >= outcomes["refused"], codes
    sample = random.Random(SEED).sample(paths, PROCESSES)
    assert set(eval_processes(sample)) <= {0, 2}


def test_random_and_mutated_expressions_build_or_are_refused_with_a_position():
    outcomes = Counter(
        expression_outcome(random_expression(case_rng("expression", index)))
        for index in range(EXPRESSIONS)
    )
    assert outcomes["refused"] > EXPRESSIONS // 2 and outcomes["built"] > 0, outcomes
