"""The plan stage's CPU time over a run's stored reports, against another checkout's plan in the same
process: `python -m lab.plan_timing RUN_FOLDER [--against CHECKOUT] [--passes N]`.

Two runs of a whole corpus on a shared machine differ by more than the plan stage costs, so the two
plans are timed side by side instead, report by report, taking turns at going first. The other
checkout's `pipeline/plan` is loaded as `pipeline.plan_against` over this checkout's other modules:
it compares plans only. Each report's items are first tokenized, as the enrich stage has done by
the time a run drafts the plan; each plan's first pass also pays its own set-up.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import sys
import time
from pathlib import Path

import pydantic_core

from pipeline import batch, link
from pipeline.schema import InspectionReport


def load_plan(checkout: Path):
    """Another checkout's plan package, as `pipeline.plan_against`."""
    folder = checkout / "pipeline" / "plan"
    spec = importlib.util.spec_from_file_location(
        "pipeline.plan_against", folder / "__init__.py", submodule_search_locations=[str(folder)]
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def time_plans(reports: list[InspectionReport], plans: dict[str, object], passes: int) -> list[dict]:
    """Each pass: every plan's CPU seconds over the reports, and whether their rows were identical."""
    found = []
    for turn in range(passes):
        spent = dict.fromkeys(plans, 0.0)
        identical = True
        for n, report in enumerate(reports):
            published = link.listing_date(report)
            order = list(plans.items())
            if (n + turn) % 2:
                order.reverse()
            drafted = []
            for name, plan in order:
                start = time.process_time()
                drafted.append(pydantic_core.to_json(plan.plan_rows(report, None, published=published)))
                spent[name] += time.process_time() - start
            identical &= len(set(drafted)) == 1
        found.append(
            {"pass": turn + 1, **{name: round(seconds, 3) for name, seconds in spent.items()}, "identical": identical}
        )
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("run_folder", type=Path, help="a `findings run` output folder: its reports/*.json are read")
    parser.add_argument("--against", type=Path, help="another checkout whose plan to time beside this one's")
    parser.add_argument("--passes", type=int, default=3)
    arguments = parser.parse_args()
    reports = [
        InspectionReport.model_validate_json(path.read_bytes())
        for path in sorted((arguments.run_folder / "reports").glob("*.json"))
    ]
    batch._import_reading()  # the reading's modules and NLP pipeline, as a run's workers have them
    tokenizer = importlib.import_module("pipeline.enrich.nlp").pipeline().make_doc
    for report in reports:
        for item in report.improvements:
            tokenizer(item.text)
    plans = {"this": importlib.import_module("pipeline.plan")}
    if arguments.against:
        plans["against"] = load_plan(arguments.against)
    print(f"{len(reports)} reports, {sum(len(report.improvements) for report in reports)} items")
    for found in time_plans(reports, plans, arguments.passes):
        print(found)


if __name__ == "__main__":
    main()
