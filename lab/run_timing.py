"""Whole `findings run`s of this environment and another, taking turns, in CPU seconds:
`python -m lab.run_timing OTHER_FINDINGS [--rounds N] [INPUT ...]`.

`findings-lab benchmark` judges a run against raw text extraction in the same hour, but the machine's
speed for Python code and for pypdfium2's C drifts apart between hours (the same code measured 3.00x
and 3.20x on one evening), so a change of code is judged here instead: each round runs
both from scratch with one worker, in turns (which goes first alternates), and adds the CPU time of
each run's processes. OTHER_FINDINGS is the `findings` executable of an environment where the other
checkout is installed (`.venv/bin/findings` of its worktree).
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from statistics import mean


def cpu_seconds(findings: str, inputs: list[str], out: Path) -> float:
    """The user and system CPU seconds of a one-worker run from scratch, its workers included."""
    shutil.rmtree(out, ignore_errors=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(
        [findings, "run", *inputs, "--out", str(out), "--workers", "1", "-q"], capture_output=True, check=False
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def take_turns(runs: dict[str, str], inputs: list[str], rounds: int, folder: Path) -> dict[str, list[float]]:
    """Each named executable's CPU seconds per round, the order of the two reversed every round."""
    found: dict[str, list[float]] = {name: [] for name in runs}
    for round_no in range(rounds):
        for name in list(runs)[:: 1 if round_no % 2 == 0 else -1]:
            found[name].append(round(cpu_seconds(runs[name], inputs, folder / name), 2))
            print(f"round {round_no + 1}: {name} {found[name][-1]} CPU s", flush=True)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("other", help="the `findings` executable of the other environment")
    parser.add_argument("inputs", nargs="*", default=["../shared/corpus/dev", "../shared/corpus/focused_visits"])
    parser.add_argument("--rounds", type=int, default=3, help="runs of each, taking turns")
    arguments = parser.parse_args()
    this = str(Path(sys.executable).with_name("findings"))
    with tempfile.TemporaryDirectory() as folder:
        found = take_turns({"this": this, "other": arguments.other}, arguments.inputs, arguments.rounds, Path(folder))
    for name, seconds in found.items():
        print(f"{name}: {seconds} CPU s, mean {mean(seconds):.2f}")
    print(f"this / other: {mean(found['this']) / mean(found['other']):.3f}")


if __name__ == "__main__":
    main()
