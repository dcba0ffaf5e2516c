"""The overnight batch end to end: the real CLI, real Dask workers (local and a cluster started with
the stock `dask scheduler` / `dask worker` commands), real rendering at the 180p25 preview size."""

from __future__ import annotations

import json
import os
import pickle
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest

from signgen.atomic import TEMP_MARK
from signgen.errors import InputError
from signgen.ingest import read_stories
from signgen.ops.jobs import GLOSS_CHUNK, StoryJob, StoryReader, find_scripts, plan_jobs
from signgen.ops.batch import _Ledger
from signgen.ops.lock import folder_lock
from signgen.ops.manifest import Manifest
from signgen.options import RenderOptions
from signgen.paths import LEXICON_ROOT

STORIES = {
    "a-rain.txt": "Rain will fall today.",
    "b-bus.txt": "The bus is late.",
    "c-school.txt": "The school will close tomorrow.",
}
PRELOAD = Path(__file__).resolve().parent / "batch_faults.py"


def cli(args, env=None, **kwargs) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "signgen", *map(str, args)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env={**os.environ, **(env or {})}, **kwargs)


def finish(process: subprocess.Popen, timeout: float = 600) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=timeout)
    return process.returncode, out, err


def manifest(outdir: Path) -> dict:
    return json.loads((outdir / "manifest.json").read_text(encoding="utf-8"))


def statuses(outdir: Path) -> dict[str, str]:
    return {s["slug"]: s["status"] for s in manifest(outdir)["stories"]}


def identity(path: Path) -> tuple[int, int]:
    info = path.stat()
    return info.st_ino, info.st_mtime_ns


def temporaries(outdir: Path) -> list[Path]:
    return [p for p in outdir.rglob("*") if TEMP_MARK in p.name]


@pytest.fixture()
def inbox(tmp_path) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    for name, text in STORIES.items():
        (folder / name).write_text(text + "\n", encoding="utf-8")
    return folder


@pytest.fixture()
def lexicon_copy(tmp_path) -> Path:
    """A private copy of the lexicon, so the test can edit a row."""
    root = tmp_path / "lexicon"
    shutil.copytree(LEXICON_ROOT, root)
    return root


def test_the_plan_keeps_no_story_text_and_each_story_is_read_again_when_handed_out(tmp_path, inbox):
    # More rundown stories than one gloss chunk, so planning holds back and releases stories.
    bodies = [f"The bridge will close on day {n} because of the storm." for n in range(GLOSS_CHUNK + 3)]
    stories = [{"slug": f"day-{n}", "headline": f"Day {n}", "body": body} for n, body in enumerate(bodies)]
    (inbox / "d-rundown.json").write_text(json.dumps({"stories": stories}), encoding="utf-8")
    plan = plan_jobs([inbox], tmp_path / "out", RenderOptions())
    jobs = [item for item in plan if isinstance(item, StoryJob)]
    assert [job.slug for job in jobs] == ["a-rain", "b-bus", "c-school", *(s["slug"] for s in stories)]
    for job in jobs:  # all a job holds, as the plan keeps it: no story's text (headlines are kept)
        held = pickle.dumps(job)
        assert not [text for text in (*STORIES.values(), *bodies) if text.encode() in held], job
    expected = [story for script in find_scripts([inbox]) for story in read_stories(script)]
    reader = StoryReader(RenderOptions())
    assert [reader.task(job).story for job in jobs] == expected
    # A script edited after planning is refused, not rendered under the key of its old text.
    (inbox / "b-bus.txt").write_text("The train is late.\n", encoding="utf-8")
    with pytest.raises(InputError, match="changed while the batch ran"):
        StoryReader(RenderOptions()).task(jobs[1])


def test_kill_resume_skip_and_rerender_exactly_what_changed(tmp_path, inbox, lexicon_copy, avatar):
    out = tmp_path / "out"
    env = {"SIGNGEN_LEXICON": str(lexicon_copy)}
    args = ["batch", inbox, "-o", out, "--preset", "180p25", "--workers", "1"]

    # kill -9 while a story renders, after another is done
    batch = cli(args, env)
    deadline = time.time() + 300
    states: dict[str, str] = {}
    while time.time() < deadline:
        try:
            states = statuses(out)
        except (OSError, ValueError):  # not written yet (never invalid: it is replaced atomically)
            states = {}
        if "done" in states.values() and "running" in states.values():
            break
        time.sleep(0.05)
    else:
        pytest.fail(f"the batch never had one story done and one running: {finish(batch, 60)}")
    time.sleep(0.3)  # inside the render
    batch.send_signal(signal.SIGKILL)
    batch.wait()
    states = statuses(out)  # still valid JSON after the kill
    finished = {slug: identity(out / f"{slug}.mp4") for slug, state in states.items() if state == "done"}
    # Killed before the batch ended. The manifest is written at most once a second, so a story
    # that started just before the kill may still read 'pending': only 'done' must be true.
    assert 1 <= len(finished) <= 2 and set(states.values()) - {"done"}

    # the same command again: everything ends done, nothing finished is redone, no litter
    code, stdout, stderr = finish(cli([*args, "--json"], env))
    assert code == 0, stderr
    final = json.loads(stdout)
    assert final == manifest(out) and final["version"] == 1
    assert {s["slug"]: s["status"] for s in final["stories"]} == {"a-rain": "done", "b-bus": "done", "c-school": "done"}
    assert {slug: identity(out / f"{slug}.mp4") for slug in finished} == finished
    assert f"{len(finished)} up to date" in stderr and f"rendering {3 - len(finished)} of 3" in stderr
    assert temporaries(out) == []
    for story in final["stories"]:
        assert Path(story["output"]).is_file() and all(Path(c).is_file() for c in story["captions"])
        assert story["duration_s"] > 0.5 and story["render_s"] > 0 and story["finished_at"].endswith("Z")
    before = {name: identity(out / f"{Path(name).stem}.mp4") for name in STORIES}

    # an up-to-date rerun renders nothing
    code, _, stderr = finish(cli(args, env))
    assert code == 0 and "3 up to date" in stderr and "rendering" not in stderr
    assert {name: identity(out / f"{Path(name).stem}.mp4") for name in STORIES} == before

    # a changed story re-renders that story only
    (inbox / "b-bus.txt").write_text("The bus is late again.\n", encoding="utf-8")
    code, _, stderr = finish(cli(args, env))
    assert code == 0 and "rendering 1 of 3" in stderr, stderr
    after = {name: identity(out / f"{Path(name).stem}.mp4") for name in STORIES}
    assert after["b-bus.txt"] != before["b-bus.txt"]
    assert after["a-rain.txt"] == before["a-rain.txt"] and after["c-school.txt"] == before["c-school.txt"]

    # a changed lexicon row (the sign for "school") re-renders the story that uses it, only that one
    signs = lexicon_copy / "ase" / "signs.csv"
    rows = signs.read_text(encoding="utf-8").splitlines()
    school = next(i for i, row in enumerate(rows) if row.startswith("SCHOOL,"))
    rows[school] += " (re-checked)"  # any edit of the row: its notes are the last column
    signs.write_text("\n".join(rows) + "\n", encoding="utf-8")
    keys = {s["slug"]: s["key"] for s in manifest(out)["stories"]}
    code, _, stderr = finish(cli(args, env))
    assert code == 0 and "rendering 1 of 3" in stderr, stderr
    changed = {s["slug"] for s in manifest(out)["stories"] if s["key"] != keys[s["slug"]]}
    assert changed == {"c-school"}
    assert identity(out / "c-school.mp4") != after["c-school.txt"]
    assert identity(out / "a-rain.mp4") == after["a-rain.txt"]


def test_a_crash_and_a_hang_fail_alone(tmp_path, inbox, avatar):
    (inbox / "crash-me.txt").write_text("The bridge is open.\n", encoding="utf-8")
    (inbox / "hang-me.txt").write_text("The road is open.\n", encoding="utf-8")
    out = tmp_path / "out"
    env = {"DASK_DISTRIBUTED__WORKER__PRELOAD": json.dumps([str(PRELOAD)])}
    code, stdout, stderr = finish(cli(["batch", inbox, "-o", out, "--preset", "180p25", "--workers", "2",
                                       "--timeout", "45", "--json"], env))
    assert code == 1, stderr
    stories = {s["slug"]: s for s in json.loads(stdout)["stories"]}
    assert {slug: s["status"] for slug, s in stories.items()} == {
        "a-rain": "done", "b-bus": "done", "c-school": "done", "crash-me": "failed", "hang-me": "failed"
    }, {slug: (s.get("worker"), s.get("error")) for slug, s in stories.items()}
    assert "worker process died" in stories["crash-me"]["error"]
    assert "timed out after 45 s" in stories["hang-me"]["error"]
    assert "\n" not in stories["crash-me"]["error"] + stories["hang-me"]["error"]
    assert "Traceback" not in stderr
    assert temporaries(out) == []


def test_a_finished_story_computed_again_renders_nothing(tmp_path, inbox):
    # Dask computes a finished task again when the worker holding its result dies before the batch
    # lets the result go; the worker then finds the story's receipt and leaves its files alone.
    from distributed import Client, LocalCluster

    from signgen.ops.worker import finished_receipt, receipt_path, render_job

    job = next(item for item in plan_jobs([inbox], tmp_path / "out", RenderOptions()) if isinstance(item, StoryJob))
    video, captions = Path(job.output), Path(job.output).with_suffix(".vtt")
    video.write_bytes(b"made earlier")
    captions.write_text("WEBVTT\n", encoding="utf-8")
    receipt = {"ok": True, "slug": job.slug, "key": job.key, "output": str(video), "captions": [str(captions)],
               "duration_s": 2.0, "render_s": 9.0, "finished_at": "2026-12-03T01:00:00Z", "worker": "0",
               "headline": job.headline}
    receipt_path(job.output, job.slug).parent.mkdir(parents=True, exist_ok=True)
    receipt_path(job.output, job.slug).write_text(json.dumps(receipt), encoding="utf-8")
    before = identity(video)
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=":0") as cluster, \
            Client(cluster) as client:
        result = client.submit(render_job, StoryReader(RenderOptions()).task(job), pure=False).result(timeout=60)
    assert result == receipt and identity(video) == before and video.read_bytes() == b"made earlier"
    # a receipt counts only for the same key and with every file in place
    assert finished_receipt(replace(job, key="0" * 64)) is None
    captions.rename(captions.with_suffix(".gone"))
    assert finished_receipt(job) is None
    captions.with_suffix(".gone").rename(captions)
    # --force makes the batch forget the receipts of the stories it renders again
    _Ledger(tmp_path / "out", Manifest(()), [job], force=True)
    assert finished_receipt(job) is None and video.exists()


def test_a_locked_folder_is_refused_and_a_stale_lock_taken_over(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "empty.txt").write_text("", encoding="utf-8")  # fails on reading: no render needed
    out = tmp_path / "out"
    with folder_lock(out):
        code, _, stderr = finish(cli(["batch", inbox, "-o", out]))
    assert code == 2
    assert f"pid {os.getpid()} on {socket.gethostname()}" in stderr and "another batch" in stderr
    assert len(stderr.strip().splitlines()) == 1 and "Traceback" not in stderr

    # a lock file left by a dead process (no flock held) is simply taken over
    (out / ".signgen.lock").write_text(json.dumps({"pid": 999999, "host": "gone", "started_at": "x"}))
    code, _, stderr = finish(cli(["batch", inbox, "-o", out]))
    assert code == 1 and statuses(out) == {"empty": "failed"}

    # an output folder that cannot be created: exit 2 before anything starts
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    code, _, stderr = finish(cli(["batch", inbox, "-o", blocker / "out"]))
    assert code == 2 and "a-file" in stderr and "Traceback" not in stderr


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_real_dask_cluster_renders_the_batch(tmp_path, inbox, avatar):
    dask_cli = Path(sys.executable).parent / "dask"
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    env = {**os.environ, "PYOPENGL_PLATFORM": "egl"}
    logs = tmp_path / "logs"
    logs.mkdir()
    scheduler = subprocess.Popen([dask_cli, "scheduler", "--host", "127.0.0.1", "--port", str(port),
                                  "--no-dashboard"], env=env, stdout=subprocess.DEVNULL,
                                 stderr=open(logs / "scheduler.log", "w"))
    worker = subprocess.Popen([dask_cli, "worker", address, "--nthreads", "1", "--nworkers", "1",
                               "--name", "station-a", "--no-dashboard"], env=env, stdout=subprocess.DEVNULL,
                              stderr=open(logs / "worker.log", "w"))
    try:
        out = tmp_path / "out"
        code, stdout, stderr = finish(cli(["batch", inbox, "-o", out, "--preset", "180p25",
                                           "--scheduler", address, "--json"]))
        assert code == 0, stderr + (logs / "worker.log").read_text()[-2000:]
        stories = json.loads(stdout)["stories"]
        assert [s["status"] for s in stories] == ["done"] * 3
        assert {s["worker"] for s in stories} == {"station-a"}
        assert all(Path(s["output"]).stat().st_size > 1000 for s in stories)
    finally:
        for process in (worker, scheduler):
            process.terminate()
        for process in (worker, scheduler):
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
