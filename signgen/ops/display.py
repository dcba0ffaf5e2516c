"""The operator's view of a batch: a live overall bar and one line per busy worker while it runs,
and a summary table at the end. It consumes `signgen.ops.batch` events and prints to stderr."""

from __future__ import annotations

from rich.console import Console
from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeRemainingColumn
from rich.table import Table

from signgen.ops.batch import BatchEvent, Finished, Planned, Progressed, Started
from signgen.ops.manifest import StoryRecord


class BatchDisplay:
    """Callable event sink and context manager. ``live``: draw the bars (only on a terminal); the
    one-line messages (up to date, failed) are printed either way."""

    def __init__(self, console: Console, live: bool) -> None:
        self.console = console
        self.progress = Progress(
            TextColumn("{task.description}"), BarColumn(), TextColumn("{task.fields[detail]}"),
            TimeRemainingColumn(), console=console, disable=not live, transient=True,
        )
        self._overall: TaskID | None = None
        self._workers: dict[str, TaskID] = {}
        self._video_s = 0.0
        self._done = 0
        self._to_render = 0

    def __enter__(self) -> "BatchDisplay":
        self.progress.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        self.progress.__exit__(*exc)

    def __call__(self, event: BatchEvent) -> None:
        if isinstance(event, Planned):
            self._planned(event)
        elif isinstance(event, Started):
            self._started(event)
        elif isinstance(event, Progressed):
            task = self._workers.get(event.worker)
            if task is not None:
                self.progress.update(task, completed=event.frames_done, total=event.frames_total,
                                     detail=f"{event.frames_done}/{event.frames_total} frames")
        elif isinstance(event, Finished):
            self._finished(event.record)

    def _planned(self, event: Planned) -> None:
        if event.up_to_date:
            self.console.print(f"{len(event.up_to_date)} up to date (not rendered again): "
                               + ", ".join(event.up_to_date[:8]) + (" ..." if len(event.up_to_date) > 8 else ""),
                               highlight=False)
        if event.to_render:
            self.console.print(f"rendering {event.to_render} of {event.total} stories on {event.workers} "
                               f"worker{'s' if event.workers != 1 else ''}", highlight=False)
        self._overall = self.progress.add_task("Stories", total=max(event.to_render, 1), detail=self._overall_detail(event.to_render))
        self._to_render = event.to_render

    def _started(self, event: Started) -> None:
        task = self._workers.get(event.worker)
        description = f"  worker {event.worker}: {event.slug}"
        if task is None:
            self._workers[event.worker] = self.progress.add_task(description, total=None, detail="loading")
        else:
            self.progress.reset(task, total=None, description=description, detail="loading")

    def _finished(self, record: StoryRecord) -> None:
        if record.status == "done":
            self._video_s += record.duration_s or 0.0
        else:
            self.console.print(f"[red]failed[/] {record.slug}: {record.error}", highlight=False)
        if record.worker in self._workers:
            self.progress.update(self._workers[record.worker], description=f"  worker {record.worker}: idle",
                                 detail="", completed=0, total=None)
        if self._overall is not None and record.key is not None:
            self._done += 1
            self.progress.update(self._overall, completed=self._done, detail=self._overall_detail(self._to_render))

    def _overall_detail(self, total: int) -> str:
        return f"{self._done}/{total} stories, {self._video_s / 60:.1f} min of video"


def summary_table(records: tuple[StoryRecord, ...]) -> Table:
    """One row per story of the run: slug, status, video seconds, render seconds, error."""
    table = Table(title="Batch summary", title_justify="left")
    for column, justify in (("story", "left"), ("status", "left"), ("video s", "right"), ("render s", "right"),
                            ("error", "left")):
        table.add_column(column, justify=justify, overflow="fold")
    colours = {"done": "green", "failed": "red"}
    for r in records:
        table.add_row(r.slug, f"[{colours.get(r.status, 'yellow')}]{r.status}[/]",
                      "" if r.duration_s is None else f"{r.duration_s:.1f}",
                      "" if r.render_s is None else f"{r.render_s:.1f}", r.error or "")
    return table
