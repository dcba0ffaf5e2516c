"""Publishing on a schedule, and as soon as a script lands in an inbox.

A TOML file (see README, "Station screens") names the display folder and one or more jobs; each job
publishes its inbox folders at its cron times (APScheduler's `CronTrigger`, the crontab syntax) and
whenever a script in one of its inboxes has settled (unchanged for ``settle_seconds``; hidden and
temporary names are never scripts). Jobs run one at a time, in one worker thread, so two publishes
never race for the display folder.

A script still being written is never published: each run takes only scripts that have settled.
A failing story, or a failing run, is logged and recorded in ``DISPLAY_DIR/status.json``; the
schedule goes on. SIGTERM (or Ctrl-C) lets the running publish finish its current story, publishes
what is done, and exits.
"""

from __future__ import annotations

import json
import signal
import threading
import time
import tomllib
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from signgen.atomic import write_json
from signgen.errors import InputError, SigngenError
from signgen.ops.jobs import SCRIPT_SUFFIXES
from signgen.ops.times import iso
from signgen.ops.publish import PublishRequest, publish
from signgen.options import RenderOptions
from signgen.video.presets import get_preset

STATUS_NAME = "status.json"
DEFAULT_SETTLE_S = 5.0


@dataclass(frozen=True)
class ScheduledJob:
    """One publishing job: its inboxes, when it runs (crontab syntax), and how it renders."""

    name: str
    inboxes: tuple[Path, ...]
    cron: str
    preset: str = "portrait1080"
    valid_hours: float = 12.0
    logo: Path | None = None

    def options(self) -> RenderOptions:
        return RenderOptions(self.preset, logo=str(self.logo) if self.logo else None, burn_captions=False)


@dataclass(frozen=True)
class ScheduleConfig:
    """The schedule file: where to publish, how much to keep, how long a script must settle."""

    display: Path
    jobs: tuple[ScheduledJob, ...]
    keep: int = 30
    settle_s: float = DEFAULT_SETTLE_S
    work: Path | None = None


_TOP_KEYS = {"display", "work", "keep", "settle_seconds", "jobs"}
_JOB_KEYS = {"name", "inboxes", "cron", "preset", "valid_hours", "logo"}


def load_config(path: Path) -> ScheduleConfig:
    """Read and check a schedule file; any mistake is an InputError naming the file and the key.
    Relative paths are taken from the file's own folder."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError("schedule file not found", path) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read the schedule file ({exc.__class__.__name__})", path) from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"not valid TOML ({exc})", path) from None

    def fail(problem: str):
        raise InputError(f"schedule: {problem}", path)

    base = path.parent
    unknown = set(data) - _TOP_KEYS
    if unknown:
        fail(f"unknown setting {sorted(unknown)[0]!r}; the settings are {', '.join(sorted(_TOP_KEYS))}")
    if not isinstance(data.get("display"), str):
        fail('set display = "/path/to/display" (the folder `signgen serve` serves)')
    keep, settle = data.get("keep", 30), data.get("settle_seconds", DEFAULT_SETTLE_S)
    if not isinstance(keep, int) or keep < 1:
        fail("keep must be a whole number, at least 1")
    if not isinstance(settle, (int, float)) or not 0 <= settle <= 600:
        fail("settle_seconds must be a number of seconds from 0 to 600")
    jobs = data.get("jobs")
    if not isinstance(jobs, list) or not jobs:
        fail("add at least one [[jobs]] table with name, inboxes and cron")
    parsed = tuple(_job(entry, k, base, fail) for k, entry in enumerate(jobs, start=1))
    names = [job.name for job in parsed]
    if len(set(names)) != len(names):
        fail("two jobs have the same name")
    work = data.get("work")
    return ScheduleConfig(base / data["display"], parsed, keep, float(settle),
                          base / work if isinstance(work, str) else None)


def _job(entry, number: int, base: Path, fail) -> ScheduledJob:
    from apscheduler.triggers.cron import CronTrigger

    if not isinstance(entry, dict):
        fail(f"job {number} must be a [[jobs]] table")
    name = entry.get("name", f"job{number}")
    unknown = set(entry) - _JOB_KEYS
    if unknown:
        fail(f"job {name!r}: unknown setting {sorted(unknown)[0]!r}; the settings are {', '.join(sorted(_JOB_KEYS))}")
    inboxes = entry.get("inboxes")
    if isinstance(inboxes, str):
        inboxes = [inboxes]
    if not isinstance(inboxes, list) or not inboxes or not all(isinstance(i, str) for i in inboxes):
        fail(f'job {name!r}: set inboxes = ["/path/to/inbox", ...]')
    folders = tuple(base / i for i in inboxes)
    for folder in folders:
        if not folder.is_dir():
            fail(f"job {name!r}: inbox folder {folder} does not exist")
    cron = entry.get("cron")
    try:
        CronTrigger.from_crontab(cron)
    except (ValueError, TypeError, AttributeError) as exc:
        fail(f'job {name!r}: cron must be five crontab fields such as "*/10 6-23 * * *" ({exc})')
    preset = entry.get("preset", "portrait1080")
    try:
        get_preset(preset)
    except SigngenError as exc:
        fail(f"job {name!r}: {exc.problem}")
    hours = entry.get("valid_hours", 12.0)
    if not isinstance(hours, (int, float)) or hours <= 0:
        fail(f"job {name!r}: valid_hours must be a positive number")
    logo = entry.get("logo")
    return ScheduledJob(str(name), folders, cron, preset, float(hours), base / logo if isinstance(logo, str) else None)


def is_script(path: Path) -> bool:
    """A news script by its name: a known suffix, not hidden (editors' and copiers' temporaries are)."""
    return path.suffix.lower() in SCRIPT_SUFFIXES and not path.name.startswith((".", "~"))


def settled_scripts(inboxes: tuple[Path, ...], settle_s: float, now: float | None = None) -> list[Path]:
    """Scripts in ``inboxes`` unchanged for at least ``settle_s`` seconds, sorted by path."""
    now = time.time() if now is None else now
    found = []
    for inbox in inboxes:
        try:
            entries = list(inbox.iterdir())
        except OSError:
            continue
        for path in entries:
            try:
                if is_script(path) and path.is_file() and now - path.stat().st_mtime >= settle_s:
                    found.append(path)
            except OSError:
                continue  # vanished while we looked
    return sorted(found)


def _entries(folder: Path) -> list[Path]:
    try:
        return list(folder.iterdir())
    except OSError:
        return []


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0  # vanished while we looked


class Scheduler:
    """Runs a `ScheduleConfig`'s jobs: `run_once` (each job now) or `run_forever` (cron + inboxes)."""

    def __init__(self, config: ScheduleConfig, log: Callable[[str], None]) -> None:
        self.config = config
        self.log = log
        self._stop = threading.Event()

    # -- one run of one job ----------------------------------------------------------------------

    def run_job(self, job: ScheduledJob, reason: str = "scheduled") -> bool:
        """Publish ``job``'s settled scripts; True if everything in it was published. Never raises:
        a failure is logged and recorded, and the schedule goes on."""
        if self._stop.is_set():
            return True
        config = self.config
        started = datetime.now(timezone.utc)
        request = PublishRequest(tuple(settled_scripts(job.inboxes, config.settle_s)), config.display,
                                 job.options(), job.valid_hours, config.keep, config.work)
        error = None
        try:
            report = publish(request, should_stop=self._stop.is_set)
        except SigngenError as exc:
            error = exc.message
        except Exception as exc:  # a bug must not stop the screens' schedule; it is logged in full
            error = f"internal error {type(exc).__name__}: {exc}"
        if error is None:
            line = report.summary(config.display)
            failed = "; ".join(f"{r.slug}: {r.error}" for r in report.failed) or None
            items = len(report.playlist.items)
        else:
            line, failed, items = f"publish failed: {error}", error, None
        self.log(f"{iso(started)} {job.name} ({reason}): {line}")
        self._record(job, started, failed, items)
        return failed is None

    def _record(self, job: ScheduledJob, started: datetime, error: str | None, items: int | None) -> None:
        """Update ``DISPLAY_DIR/status.json``: last run, last success (the playlist was published), last
        error (a failed story or run), each with its time. ``items`` is None when the publish failed."""
        path = self.config.display / STATUS_NAME
        try:
            status = json.loads(path.read_text(encoding="utf-8"))
            status = status if isinstance(status, dict) else {}
        except (OSError, ValueError):
            status = {}
        finished = iso(datetime.now(timezone.utc))
        status.update(last_run=iso(started), last_run_job=job.name, last_run_ok=error is None)
        if items is not None:
            status.update(last_success=finished, items=items)
        if error is not None:
            status.update(last_error=error, last_error_at=finished, last_error_job=job.name)
        try:
            self.config.display.mkdir(parents=True, exist_ok=True)
            write_json(path, status)
        except OSError as exc:  # a full disk: the log line still says what happened
            self.log(f"cannot write {path} ({exc.strerror})")

    # -- modes -------------------------------------------------------------------------------------

    def run_once(self) -> bool:
        """Run every job now, one after another; True if all of them published everything."""
        self._stop_on_signals()
        self._wait_for_settling()
        results = [self.run_job(job, "once") for job in self.config.jobs]
        return all(results)

    def _wait_for_settling(self) -> None:
        """A script that landed moments before a one-off run is given its settle time rather than
        left for a next run that system cron may not bring for hours."""
        inboxes = tuple(folder for job in self.config.jobs for folder in job.inboxes)
        while not self._stop.is_set():
            youngest = max((_mtime(p) for folder in inboxes for p in _entries(folder) if is_script(p)), default=0.0)
            wait = self.config.settle_s - (time.time() - youngest)
            if wait <= 0:
                return
            self._stop.wait(wait + 0.05)

    def _stop_on_signals(self) -> None:
        """SIGTERM and SIGINT ask the running publish to stop after its current story."""
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: self._stop.set())

    def run_forever(self) -> bool:
        """Cron times and inbox watching until SIGTERM or SIGINT; returns True after a clean stop."""
        from apscheduler.executors.pool import ThreadPoolExecutor
        from apscheduler.schedulers.background import BackgroundScheduler
        from apscheduler.triggers.cron import CronTrigger

        self._stop_on_signals()
        scheduler = BackgroundScheduler(executors={"default": ThreadPoolExecutor(1)},
                                        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 600})
        for job in self.config.jobs:
            scheduler.add_job(self.run_job, CronTrigger.from_crontab(job.cron), args=[job], id=job.name, name=job.name)
        scheduler.start()
        watcher = threading.Thread(target=self._watch_safely, args=(scheduler,), name="inbox-watch", daemon=True)
        watcher.start()
        names = ", ".join(f"{j.name} [{j.cron}]" for j in self.config.jobs)
        self.log(f"schedule running: {names}; watching {sum(len(j.inboxes) for j in self.config.jobs)} inbox(es); "
                 f"publishing to {self.config.display}")
        self._stop.wait()
        self.log("stopping: finishing the current story")
        scheduler.shutdown(wait=True)
        watcher.join(timeout=5)
        self.log("stopped")
        return True

    def _watch_safely(self, scheduler) -> None:
        try:
            self._watch(scheduler)
        except Exception as exc:  # an inbox vanished (an unmounted share): cron times go on
            self.log(f"inbox watching stopped ({type(exc).__name__}: {exc}); publishing on cron times only")

    def _watch(self, scheduler) -> None:
        """Trigger a job's run once a new or changed script in its inbox has settled."""
        import watchfiles
        from apscheduler.schedulers import SchedulerNotRunningError

        owner = {inbox.resolve(): job for job in self.config.jobs for inbox in job.inboxes}
        pending: dict[Path, float] = {}  # script -> when we last saw it change
        counter = 0
        paths = list(owner)
        for changes in watchfiles.watch(*paths, stop_event=self._stop, yield_on_timeout=True, rust_timeout=500,
                                        debounce=300, recursive=False, raise_interrupt=False):
            for change, name in changes:
                path = Path(name)
                if change != watchfiles.Change.deleted and is_script(path):
                    pending[path] = time.time()
            due: dict[str, ScheduledJob] = {}
            for path, seen in list(pending.items()):
                try:
                    mtime = path.stat().st_mtime
                except OSError:
                    del pending[path]  # gone (renamed away, deleted)
                    continue
                if time.time() - max(seen, mtime) >= self.config.settle_s:
                    del pending[path]
                    job = owner.get(path.parent.resolve())
                    if job is not None:
                        due[job.name] = job
            for job in due.values():
                counter += 1
                # A one-off run of its own (queued behind any running publish in the one worker thread).
                try:
                    scheduler.add_job(self.run_job, args=[job, "inbox"], id=f"{job.name}-inbox-{counter}")
                except SchedulerNotRunningError:
                    return  # stopping
