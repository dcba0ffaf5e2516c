"""What runs inside a Dask worker process: one Studio (avatar, lexicon, spaCy, renderer) loaded on
the first story and reused for every story the process renders.

A worker reports to the batch through Dask's event log (topic ``signgen``): when a story starts
and, about once a second, how many frames are done. Results flow back as the task's return value
(a small dict); the video files themselves are written straight into the output folder, which is
why every worker must see that folder at the same path.

After the files of a story are in place, the worker also leaves a receipt
(``OUTDIR/.signgen/receipts/<slug>.json`` with the story's key): if the batch is killed between
the worker finishing and the manifest being rewritten, the next run finds the receipt and keeps
the finished video instead of rendering it again.
"""

from __future__ import annotations

import json
import os
import threading
import time
from pathlib import Path

from signgen.atomic import write_json
from signgen.errors import SigngenError
from signgen.ops.jobs import RenderTask, StoryJob, environment_key
from signgen.ops.times import now_iso

EVENT_TOPIC = "signgen"
PROGRESS_EVERY_S = 1.0
RECEIPTS = Path(".signgen") / "receipts"

_studio = None       # this process's Studio, made on the first story
_environment = None  # this process's environment key, computed once
_watched_batch = None  # the batch process this worker stops with, once watched


def receipt_path(output: Path | str, slug: str) -> Path:
    return Path(output).parent / RECEIPTS / f"{slug}.json"


def read_receipt(output: Path | str, slug: str) -> dict | None:
    """The receipt the worker left for ``slug`` beside ``output``, or None."""
    try:
        value = json.loads(receipt_path(output, slug).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return value if isinstance(value, dict) else None


def files_in_place(output: str | None, captions) -> bool:
    """Whether a made story's video and every caption file are there."""
    return all(f and Path(f).is_file() for f in (output, *captions))


def finished_receipt(job: StoryJob) -> dict | None:
    """The receipt of ``job``'s story if its video was already made under the same key and all its
    files are in place, else None."""
    receipt = read_receipt(job.output, job.slug)
    if not receipt or receipt.get("key") != job.key:
        return None
    return receipt if files_in_place(receipt.get("output"), receipt.get("captions", ())) else None


def forget_receipt(job: StoryJob) -> None:
    """Remove ``job``'s receipt, so that a worker handed the story renders it again (``--force``)."""
    receipt_path(job.output, job.slug).unlink(missing_ok=True)


def render_job(task: RenderTask) -> dict:
    """Render one story; returns ``{"ok": True, ...record fields}`` or ``{"ok": False, "error": line}``.

    Expected failures (bad text, an unwritable or full disk) come back as values; anything else
    raises and reaches the batch as a Dask task error."""
    global _studio, _environment
    from distributed import get_worker

    job = task.job
    worker = get_worker()
    name = str(worker.name)
    if job.batch_pid is not None:
        _exit_with_batch(job.batch_pid)
    worker.log_event(EVENT_TOPIC, {"event": "started", "slug": job.slug, "worker": name, "time": time.time()})
    if _environment is None:
        _environment = environment_key()
    if _environment != job.environment:
        return {"ok": False, "worker": name,
                "error": f"worker {name} has another lexicon, avatar or signgen version than the batch; "
                         "install the same release on every machine"}
    # Dask runs a finished task again when the worker holding its result dies before the batch has
    # let the result go (a crash on the next story can do it): the story is made, render nothing.
    made = finished_receipt(job)
    if made is not None:
        return made
    last = [0.0]

    def progress(done: int, total: int) -> None:
        now = time.perf_counter()
        if now - last[0] >= PROGRESS_EVERY_S or done == total:
            last[0] = now
            worker.log_event(EVENT_TOPIC, {"event": "progress", "slug": job.slug, "worker": name,
                                           "done": done, "total": total})

    try:
        if _studio is None:
            from signgen.pipeline import Studio  # heavy: avatar, lexicon, renderer

            _studio = Studio()
        _studio.prepare(job.options)
        clock = time.perf_counter()
        # The story's timeout runs from here: loading the Studio is the worker's cost, not the story's.
        worker.log_event(EVENT_TOPIC, {"event": "rendering", "slug": job.slug, "worker": name})
        report = _studio.render(task.story, Path(job.output), job.options, progress=progress)
        result = {"ok": True, "slug": job.slug, "key": job.key, "output": report.output,
                  "captions": list(report.captions), "duration_s": round(report.duration_s, 3),
                  "render_s": round(time.perf_counter() - clock, 3), "finished_at": now_iso(), "worker": name,
                  "headline": job.headline}
        _leave_receipt(job, result)
        return result
    except SigngenError as exc:
        return {"ok": False, "worker": name, "error": exc.message}


def _exit_with_batch(pid: int) -> None:
    """Local workers belong to the batch that started them. When it dies (kill -9), they stop too,
    instead of rendering on into a folder the next run is already cleaning. (Their nannies live
    inside the batch process, so nothing restarts them.)"""
    global _watched_batch
    if _watched_batch == pid:
        return
    _watched_batch = pid

    def watch() -> None:
        while True:
            time.sleep(0.5)
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                break
            except PermissionError:
                pass
        os._exit(1)

    threading.Thread(target=watch, name="signgen-batch-watch", daemon=True).start()


def _leave_receipt(job: StoryJob, result: dict) -> None:
    path = receipt_path(job.output, job.slug)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_json(path, result)
    except OSError:
        pass  # a missing receipt costs at most one re-render after a kill; never a failed story
