"""The overnight batch: many scripts in, one video per story out, resumable and crash-proof.

`run_batch` locks the output folder, removes temporaries left by dead runs, plans a job per story
(keyed by content, see `signgen.ops.jobs`), skips what is already done, and sends the rest to a
Dask cluster: a LocalCluster of ``workers`` processes, or an existing cluster at ``scheduler``.
Changes of the stories' states are written to ``OUTDIR/manifest.json`` atomically, at most once a
second (a 10,000-story manifest is megabytes: one rewrite per change would be quadratic) and at
the end. A kill loses nothing that was finished: a worker's receipt beside each finished video
lets the same command find it done and carry on.

A story fails alone: an error in it, its worker process dying (a crash in the GL driver, out of
memory) or its timeout is recorded as one line in its manifest entry; the batch goes on and Dask
replaces the dead worker.
"""

from __future__ import annotations

import os
import queue
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Union

from signgen.atomic import sweep_temps
from signgen.errors import SigngenError
from signgen.limits import MAX_INPUT_BYTES
from signgen.ops.jobs import STORY_CACHE, StoryJob, StoryReader, UnreadableScript, plan_jobs
from signgen.ops.lock import folder_lock
from signgen.ops.manifest import Manifest, StoryRecord, read_manifest, write_manifest
from signgen.ops.times import now_iso
from signgen.ops.worker import EVENT_TOPIC, RECEIPTS, files_in_place, finished_receipt, forget_receipt
from signgen.options import RenderOptions

WORKER_MEMORY_GB = 1.5  # one worker: spaCy, avatar, GL context and frame buffers, with headroom


@dataclass(frozen=True)
class BatchRequest:
    """What to render and how.

    workers: local worker processes (None: `default_workers`); ignored with ``scheduler``.
    scheduler: address of a running Dask scheduler (``tcp://host:8786``); its workers must see
    ``outdir`` at the same path. force: render every story even if up to date.
    timeout_s: wall time per story once it starts (None: in proportion to its length).
    max_bytes: the largest script, or rundown story, accepted (`signgen.limits`).
    """

    inputs: tuple[Path, ...]
    outdir: Path
    options: RenderOptions = field(default_factory=RenderOptions)
    workers: int | None = None
    scheduler: str | None = None
    force: bool = False
    timeout_s: float | None = None
    max_bytes: int = MAX_INPUT_BYTES


# -- events: what the batch tells its display -------------------------------------------------

@dataclass(frozen=True)
class Planned:
    """The plan: ``total`` stories, of which ``to_render`` will be rendered on ``workers`` workers."""

    total: int
    to_render: int
    up_to_date: tuple[str, ...]
    workers: int


@dataclass(frozen=True)
class Started:
    slug: str
    worker: str


@dataclass(frozen=True)
class Progressed:
    slug: str
    worker: str
    frames_done: int
    frames_total: int


@dataclass(frozen=True)
class Finished:
    """A story ended (done or failed) in this run."""

    record: StoryRecord


BatchEvent = Union[Planned, Started, Progressed, Finished]
EventSink = Callable[[BatchEvent], None]


@dataclass(frozen=True)
class BatchResult:
    """The manifest after the run, and the slugs this run was about (the rest of the folder's
    stories are kept in the manifest but were not part of it)."""

    manifest: Manifest
    slugs: tuple[str, ...]

    @property
    def records(self) -> tuple[StoryRecord, ...]:
        mine = set(self.slugs)
        return tuple(r for r in self.manifest.stories if r.slug in mine)

    @property
    def failed(self) -> tuple[StoryRecord, ...]:
        return tuple(r for r in self.records if r.status != "done")


def default_workers() -> int:
    """Local workers when none are asked for: one per two cores, as memory allows.

    Mesa's llvmpipe already spreads one render over every core (a second process on 2 cores
    gained only 20-35%), so one worker per core would mostly add contention and memory; each
    worker gets the cores it is allotted as its llvmpipe threads."""
    cores = os.cpu_count() or 1
    try:
        memory_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1e9
    except (ValueError, OSError):
        memory_gb = WORKER_MEMORY_GB
    return max(1, min(cores // 2, int(memory_gb // WORKER_MEMORY_GB)))


def run_batch(request: BatchRequest, events: EventSink | None = None) -> BatchResult:
    """Render every story of ``request.inputs`` that is not up to date; see the module docstring."""
    emit = events or (lambda event: None)
    outdir = Path(request.outdir).resolve()
    with folder_lock(outdir):
        # No other batch can be writing here now: every temporary file is a dead run's litter.
        for folder in (outdir, outdir / RECEIPTS, outdir / STORY_CACHE):
            sweep_temps(folder, every_owner=True)
        plan = plan_jobs(request.inputs, outdir, request.options, request.timeout_s, request.max_bytes)
        ledger = _Ledger(outdir, read_manifest(outdir), plan, request.force)
        todo = ledger.jobs_to_render()
        workers = 0 if not todo else (1 if request.scheduler else request.workers or default_workers())
        emit(Planned(len(plan), len(todo), ledger.up_to_date, workers))
        for record in ledger.failed_on_reading():
            emit(Finished(record))
        try:
            if todo:
                _run_on_dask(todo, request, ledger, emit)
        finally:
            ledger.flush(force=True)
        return BatchResult(ledger.manifest, tuple(item.slug for item in plan))


class _Ledger:
    """The manifest as this run changes it, written at most every `WRITE_INTERVAL_S` (`flush`)."""

    WRITE_INTERVAL_S = 1.0

    def __init__(self, outdir: Path, previous: Manifest, plan: list[StoryJob | UnreadableScript],
                 force: bool) -> None:
        self.outdir = outdir
        known = previous.by_slug()
        planned = {item.slug for item in plan}
        records: list[StoryRecord] = []
        self._todo: list[StoryJob] = []
        self._unreadable: list[StoryRecord] = []
        up_to_date: list[str] = []
        for item in plan:
            if isinstance(item, UnreadableScript):
                record = StoryRecord(item.slug, item.input, "failed", error=item.error, finished_at=now_iso())
                self._unreadable.append(record)
            else:
                record = None if force else _finished_record(item, known.get(item.slug))
                if force:  # a worker skips a story its receipt says is made
                    forget_receipt(item)
                if record is None:
                    record = StoryRecord(item.slug, item.input, "pending", key=item.key, headline=item.headline)
                    self._todo.append(item)
                else:
                    up_to_date.append(item.slug)
            records.append(record)
        # Stories of earlier runs that this run does not name stay on record, after this run's.
        records += [r for r in previous.stories if r.slug not in planned]
        self.up_to_date = tuple(up_to_date)
        self._records = records
        self._index = {r.slug: i for i, r in enumerate(records)}
        self._updated_at = write_manifest(outdir, Manifest(tuple(records))).updated_at
        self._written_at, self._dirty = time.monotonic(), False

    @property
    def manifest(self) -> Manifest:
        return Manifest(tuple(self._records), self._updated_at)

    def jobs_to_render(self) -> list[StoryJob]:
        return list(self._todo)

    def failed_on_reading(self) -> list[StoryRecord]:
        return list(self._unreadable)

    def update(self, slug: str, **changes) -> StoryRecord:
        index = self._index[slug]
        self._records[index] = self._records[index].with_(**changes)
        self._dirty = True
        self.flush()
        return self._records[index]

    def flush(self, force: bool = False) -> None:
        """Write the manifest if it changed and the last write is `WRITE_INTERVAL_S` old (or `force`)."""
        if self._dirty and (force or time.monotonic() - self._written_at >= self.WRITE_INTERVAL_S):
            self._updated_at = write_manifest(self.outdir, self.manifest).updated_at
            self._written_at, self._dirty = time.monotonic(), False


def _finished_record(job: StoryJob, previous: StoryRecord | None) -> StoryRecord | None:
    """The done record for ``job`` if its video is already made with the same key, else None.

    Made means: the manifest says done with this key, or (after a kill between a worker finishing
    and the manifest being written) the worker's receipt says so; and the files are all there."""
    if previous is not None and previous.status == "done" and previous.key == job.key:
        return previous if files_in_place(previous.output, previous.captions) else None
    receipt = finished_receipt(job)
    if receipt is None:
        return None
    return StoryRecord.from_json({**receipt, "input": job.input, "status": "done", "error": None})


# -- running on Dask ----------------------------------------------------------------------------

def _run_on_dask(jobs: list[StoryJob], request: BatchRequest, ledger: _Ledger, emit: EventSink) -> None:
    import dask
    from distributed import Client, LocalCluster

    settings = {
        # A worker runs one story at a time, and the scheduler hands it only that one: a story
        # that kills its worker then takes no innocent queued story down with it...
        "distributed.scheduler.worker-saturation": 1.0,
        # ...and is not retried on the next worker (it would kill that one too).
        "distributed.scheduler.allowed-failures": 0,
    }
    with dask.config.set(settings):
        if request.scheduler:
            cluster = None
            client = Client(request.scheduler, timeout="20s")
        else:
            workers = request.workers or default_workers()
            cores = os.cpu_count() or 1
            cluster = LocalCluster(
                n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0",
                silence_logs=50, env={"LP_NUM_THREADS": str(max(1, cores // workers)),
                                      "PYOPENGL_PLATFORM": os.environ.get("PYOPENGL_PLATFORM", "egl")},
            )
            client = Client(cluster)
    if cluster is not None:  # our own workers: they stop if this process is killed
        jobs = [replace(job, batch_pid=os.getpid()) for job in jobs]
    try:
        _drive(client, jobs, StoryReader(request.options, request.max_bytes), ledger, emit)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _drive(client, jobs: list[StoryJob], reader: StoryReader, ledger: _Ledger, emit: EventSink) -> None:
    """Feed the jobs to the cluster and follow them to the end: results, start and progress
    events, timeouts.

    At most one story per worker thread is in flight, handed out in input order as threads come
    free. The scheduler's own queue is not used: it sends a worker several tasks at once, and a
    worker that dies takes all of them down, innocent stories with the guilty one. A story's text
    is read again (``reader``) only as it is handed out, so only stories in flight are in memory."""
    from distributed import wait
    from distributed.client import FutureCancelledError

    from signgen.ops.worker import render_job

    inbox: queue.Queue = queue.Queue()
    client.subscribe_topic(EVENT_TOPIC, lambda event: inbox.put(event[1]))
    waiting = list(reversed(jobs))  # popped from the end: input order
    in_flight: dict = {}  # future -> job
    started: dict[str, tuple[float, str]] = {}  # slug -> (time its clock started, worker)
    capacity, checked = 0, 0.0
    while waiting or in_flight:
        if time.time() - checked > 2.0:  # workers may join or leave a cluster at any time
            capacity = max(1, sum(w.get("nthreads", 1) for w in client.scheduler_info()["workers"].values()))
            checked = time.time()
        while waiting and len(in_flight) < capacity:
            job = waiting.pop()
            try:
                task = reader.task(job)
            except SigngenError as exc:  # the script changed or went since planning: this story fails alone
                emit(Finished(ledger.update(job.slug, status="failed", finished_at=now_iso(), error=exc.message)))
                continue
            in_flight[client.submit(render_job, task, key=f"signgen-render-{job.key[:32]}", pure=False)] = job
        try:
            done, _ = wait(list(in_flight), timeout=0.5, return_when="FIRST_COMPLETED")
        except TimeoutError:
            done = set()
        _handle_events(inbox, ledger, started, emit)
        for future in done:
            job = in_flight.pop(future)
            emit(Finished(_record_result(future, job, ledger, started, FutureCancelledError)))
            # Let the result go now: while a future is held, a worker dying with its result in
            # memory makes Dask compute it again.
            future.release()
        ledger.flush()  # a change held back by the write interval goes out within a second
        now = time.time()
        for future, job in list(in_flight.items()):
            if job.slug in started and now - started[job.slug][0] > job.timeout_s:
                del in_flight[future]
                worker = started[job.slug][1]
                future.cancel()
                _restart_worker(client, worker)
                emit(Finished(ledger.update(job.slug, status="failed", worker=worker, finished_at=now_iso(),
                                            error=f"timed out after {job.timeout_s:.0f} s; its worker was restarted")))


def _handle_events(inbox: queue.Queue, ledger: _Ledger, started: dict, emit: EventSink) -> None:
    while True:
        try:
            message = inbox.get_nowait()
        except queue.Empty:
            return
        slug, worker = message.get("slug"), str(message.get("worker"))
        if message.get("event") == "started" and slug not in started:
            started[slug] = (time.time(), worker)
            ledger.update(slug, status="running", worker=worker, error=None)
            emit(Started(slug, worker))
        elif message.get("event") == "rendering":
            started[slug] = (time.time(), worker)  # the timeout counts from here
        elif message.get("event") == "progress":
            emit(Progressed(slug, worker, int(message["done"]), int(message["total"])))


def _record_result(future, job: StoryJob, ledger: _Ledger, started: dict, cancelled_error) -> StoryRecord:
    worker = started.get(job.slug, (0.0, None))[1]
    if future.status == "finished":
        result = future.result()
        if result.get("ok"):
            return ledger.update(job.slug, status="done", key=result["key"], output=result["output"],
                                 captions=tuple(result["captions"]), duration_s=result["duration_s"],
                                 render_s=result["render_s"], finished_at=result["finished_at"],
                                 worker=result["worker"], error=None)
        return ledger.update(job.slug, status="failed", worker=result.get("worker") or worker,
                             finished_at=now_iso(), error=result["error"])
    try:
        error = future.exception()
    except cancelled_error:
        error = None
    return ledger.update(job.slug, status="failed", worker=worker, finished_at=now_iso(), error=_reason(error))


def _reason(error: BaseException | None) -> str:
    """One line saying why a task ended without a result."""
    if error is None:
        return "cancelled"
    if type(error).__name__ == "KilledWorker":
        return "its worker process died while rendering it (a crash or out of memory); the worker was replaced"
    text = " ".join(str(error).split())
    return f"internal error {type(error).__name__}: {text}"[:500]


def _restart_worker(client, worker_name: str) -> None:
    """Restart the worker process called ``worker_name`` (it is stuck in a story that timed out)."""
    info = client.scheduler_info().get("workers", {})
    addresses = [address for address, w in info.items() if str(w.get("name")) == worker_name]
    if addresses:
        client.restart_workers(addresses, raise_for_error=False)
