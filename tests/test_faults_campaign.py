"""Issue 11's fault campaign, bounded as CI runs it: a run over the sample reports killed with
kill -9 at three moments spread over its steps (the first, one in the middle, the last) and once
halfway through on the clock, and one of its workers killed; after each, a plain rerun's outputs
equal a clean run's, no temporary file is left and no cell is formula-like unescaped. `findings
fuzz --kills 20` runs twenty-five (see docs/reliability.md)."""

from __future__ import annotations

import shutil
from pathlib import Path

from lab import faults as faults_campaign

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "raw" / "samples"


def test_a_run_killed_at_three_moments_and_a_killed_worker_are_each_repaired_by_the_next_run(tmp_path):
    raw = shutil.copytree(SAMPLES, tmp_path / "raw")
    result = faults_campaign.campaign(raw, tmp_path / "runs", kills=3)
    moments = [kill.moment for kill in result.kills]
    assert len(moments) == 5 and result.steps > 20
    assert moments[0].startswith("before store.manifest.append #1 (step 1 of")  # while reading, nothing yet written
    assert moments[2].endswith(f"(step {result.steps} of {result.steps})")  # the run's last step
    assert moments[3].startswith("at ") and moments[3].endswith("run with 2 workers")  # halfway, from outside
    assert moments[4] == "a worker, on its second file"
    assert result.holds, result.model_dump_json(indent=1)


def test_spread_moments_start_at_the_first_step_and_end_at_the_last():
    assert faults_campaign._spread(47, 3) == [0, 23, 46]
    assert faults_campaign._spread(5, 20) == [0, 1, 2, 3, 4]
