"""The batch's ledger: manifest writes are coalesced, and nothing is lost at the end."""

from __future__ import annotations

import json
from pathlib import Path

from signgen.ops.batch import _Ledger
from signgen.ops.jobs import StoryJob
from signgen.ops.manifest import Manifest
from signgen.options import RenderOptions


def _job(slug: str, out: Path) -> StoryJob:
    return StoryJob(slug, f"{slug}.txt", 0, None, "t", str(out / f"{slug}.mp4"), RenderOptions(), f"key-{slug}",
                    "env", 60.0)


def _statuses(out: Path) -> dict[str, str]:
    return {s["slug"]: s["status"] for s in json.loads((out / "manifest.json").read_text())["stories"]}


def test_changes_are_written_at_most_once_an_interval_and_all_at_the_end(tmp_path):
    jobs = [_job(f"s{i}", tmp_path) for i in range(50)]
    ledger = _Ledger(tmp_path, Manifest(), jobs, force=False)
    assert set(_statuses(tmp_path).values()) == {"pending"}  # the plan is on disk at once
    ledger.WRITE_INTERVAL_S = 3600.0  # one interval spans the whole test
    written = (tmp_path / "manifest.json").stat().st_ino
    for job in jobs:
        ledger.update(job.slug, status="running")
        ledger.update(job.slug, status="done")
    # 100 changes inside one interval: not one rewrite (each is a new file renamed into place)
    assert (tmp_path / "manifest.json").stat().st_ino == written
    assert set(_statuses(tmp_path).values()) == {"pending"}
    assert {r.status for r in ledger.manifest.stories} == {"done"}
    ledger.flush(force=True)
    assert set(_statuses(tmp_path).values()) == {"done"}
    ledger.WRITE_INTERVAL_S = 0.0  # an interval passed: the next change is written through
    ledger.update("s0", status="failed", error="x")
    assert _statuses(tmp_path)["s0"] == "failed"
