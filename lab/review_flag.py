"""How well "Check before use" tells the rows a person must rework from the rows they can adopt:
the rated rows of docs/action-plan-review.csv, re-planned from a run's reports by the code in hand,
split by the flag and by each of its reasons; beside them the flag the run's own table carries (the
code that wrote the run), and the flagged share of every row of the run.

A sample drawn blind is counted here only once it is rated; its rows are never printed, only
counted, so that measuring the flag never shows anyone rows they will rate."""

from __future__ import annotations

import csv
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from pipeline.schema import ActionPlanRow, InspectionReport
from pipeline.store.runfolder import RunFolder

from .evaluate_nlp import REVIEW

# The first samples' versions name no sample: sample 1 was rated before and after, sample 2 after.
_UNNUMBERED = {"before (main, f9bf349)": 1, "after (plans branch)": 1, "after, held-out sample": 2}
_SAMPLE = re.compile(r"\bsample (\d+)\b")


@dataclass(frozen=True)
class Rated:
    sample: int
    doc_id: str
    item_no: int
    adoptable: bool


def sample_of(version: str) -> int | None:
    """The sample a rating version rated: "eighth round, blind sample 8" -> 8."""
    found = _SAMPLE.search(version)
    return int(found.group(1)) if found else _UNNUMBERED.get(version)


def rated_rows(path: Path = REVIEW) -> tuple[list[Rated], dict[int, int]]:
    """Each sample's rows as last rated (the latest version that rated the sample, the nearest to the
    code in hand), and the number of rows of each sample no version has rated yet."""
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    latest: dict[int, str] = {}
    unrated: Counter[int] = Counter()
    for row in rows:
        sample = sample_of(row["version"])
        if sample is None:
            continue
        if not row["adoptable"]:
            unrated[sample] += 1
        else:
            latest[sample] = row["version"]  # the file lists versions in the order they were rated
    rated = [
        Rated(sample, row["doc_id"], int(row["item_no"]), row["adoptable"] == "y")
        for row in rows
        if row["adoptable"] and (sample := sample_of(row["version"])) is not None and latest[sample] == row["version"]
    ]
    return rated, {sample: n for sample, n in unrated.items() if sample not in latest}


def check_of(reason: str) -> str:
    """A reason's check, without the item's words or a theme's name: what it says before its colon,
    its confidence and theme set aside."""
    check = re.sub(r" \(confidence [\d.]+\)", "", reason.split(":")[0])
    check = re.sub(r"^the .+ measure leaves out", "a theme's measure leaves out", check)
    check = re.sub(
        r"^the measure counts the .+ mechanism's own work", "the measure counts a mechanism's own work", check
    )
    check = re.sub(r"and no .+ playbook step", "and no playbook step", check)
    return re.sub(r"^theme '.+' has no playbook", "the theme has no playbook", check)


def _evidence_check(reason: str) -> str:
    """An evidence reason without its paragraph, score or theme."""
    return re.sub(r" is about .*", " is about another theme", re.sub(r" \([^)]*\)", "", reason))


def split_line(name: str, flags: list[tuple[bool, bool]]) -> str:
    """Adoptable rows among the flagged and the unflagged: (flagged, adoptable) pairs."""
    flagged = [adoptable for flag, adoptable in flags if flag]
    clear = [adoptable for flag, adoptable in flags if not flag]
    return f"{name}: flagged {_share(flagged)} adoptable, unflagged {_share(clear)}"


def _share(values: list[bool]) -> str:
    return f"{sum(values)} of {len(values)}" + (f" ({sum(values) / len(values):.0%})" if values else "")


def flag_report(out: Path, reports: list[InspectionReport]) -> list[str]:
    """The flag's split on each rated sample, before (the run's table) and after (re-planned by this
    code), its precision per check on the samples the rules were written with (1 to 9), and how
    many rows of the run it marks."""
    from pipeline.plan import plan_rows

    replanned = {report.doc_id: {row.item_no: row for row in plan_rows(report)} for report in reports}
    everything = [row for rows in replanned.values() for row in rows.values()]
    table = RunFolder(out).read_rows("action_plan", ActionPlanRow)
    was = {(row.doc_id, row.item_no): row.needs_review for row in table}
    rated, unrated = rated_rows()
    found = [(r, replanned[r.doc_id][r.item_no]) for r in rated if r.item_no in replanned.get(r.doc_id, {})]
    lines = [
        f"rated rows found in the run: {len(found)} of {len(rated)}",
        f"rows marked Check before use: {sum(row.needs_review for row in everything)} of {len(everything)} "
        f"({sum(row.needs_review for row in everything) / max(len(everything), 1):.0%}); "
        f"the run's own table {sum(row.needs_review for row in table)} of {len(table)}; "
        f"rows with an evidence check {sum(row.evidence_check is not None for row in everything)}",
    ]
    by_sample: dict[int, list] = defaultdict(list)
    for r, row in found:
        by_sample[r.sample].append((r, row))
    dev = [pair for sample, pairs in by_sample.items() if sample <= 9 for pair in pairs]
    groups = [(f"sample {s}", by_sample[s]) for s in sorted(by_sample)] + [("samples 1-9", dev)]
    for name, pairs in groups:
        lines.append(
            split_line(
                f"  {name}, the run's table", [(was.get((r.doc_id, r.item_no), False), r.adoptable) for r, _ in pairs]
            )
        )
        lines.append(split_line(f"  {name}, re-planned", [(row.needs_review, r.adoptable) for r, row in pairs]))
    lines.append("each check on samples 1-9 (a row may have several): adoptable among the rows it marks")
    checks: dict[str, list[bool]] = defaultdict(list)
    for r, row in dev:
        for check in dict.fromkeys(check_of(reason) for reason in (row.review_reason or "").split("; ") if reason):
            checks[check].append(r.adoptable)
    lines += [f"  {_share(values)}: {check}" for check, values in sorted(checks.items(), key=lambda kv: -len(kv[1]))]
    lines.append("each evidence check on samples 1-9 (not in the flag): adoptable among the rows it marks")
    evidence: dict[str, list[bool]] = defaultdict(list)
    for r, row in dev:
        for check in dict.fromkeys(
            _evidence_check(reason) for reason in (row.evidence_check or "").split("; ") if reason
        ):
            evidence[check].append(r.adoptable)
    lines += [f"  {_share(values)}: {check}" for check, values in sorted(evidence.items(), key=lambda kv: -len(kv[1]))]
    lines += [f"sample {sample}: {n} rows not yet rated" for sample, n in sorted(unrated.items())]
    return lines
