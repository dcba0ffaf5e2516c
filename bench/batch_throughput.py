"""Batch throughput: the shared corpus rendered by the real batch with 1 and with 2 local workers.

Prints, per worker count: stories per hour, seconds of video per wall second, and the peak memory
(RSS) of each worker process; then the time of an up-to-date rerun over 100 stories (no render).

    python bench/batch_throughput.py [--corpus DIR] [--preset 720p25] [--workers 1 2] [--stories 100]

Run it on a quiet machine: other work on the same cores changes every figure.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil  # installed with distributed

os.environ.setdefault("PYOPENGL_PLATFORM", "egl")
REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from signgen.ops.batch import BatchRequest, run_batch  # noqa: E402
from signgen.options import RenderOptions  # noqa: E402


class PeakMemory:
    """Samples the RSS of every child process (the Dask workers) until stopped; peak per pid."""

    def __init__(self, every_s: float = 0.5) -> None:
        self.peaks: dict[int, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(every_s,), daemon=True)

    def __enter__(self) -> "PeakMemory":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self, every_s: float) -> None:
        me = psutil.Process()
        while not self._stop.is_set():
            for child in me.children(recursive=True):
                try:
                    if "ffmpeg" in child.name():
                        continue  # the encoder belongs to its worker's story, not its memory
                    rss = child.memory_info().rss
                except psutil.Error:
                    continue
                self.peaks[child.pid] = max(self.peaks.get(child.pid, 0), rss)
            self._stop.wait(every_s)


def throughput(corpus: Path, preset: str, workers: int) -> None:
    with tempfile.TemporaryDirectory() as out, PeakMemory() as memory:
        clock = time.perf_counter()
        result = run_batch(BatchRequest((corpus,), Path(out), RenderOptions(preset), workers=workers))
        wall = time.perf_counter() - clock
    done = [r for r in result.records if r.status == "done"]
    video = sum(r.duration_s or 0 for r in done)
    workers_rss = sorted((rss for rss in memory.peaks.values() if rss > 200e6), reverse=True)[:workers]
    print(f"{workers} worker(s): {len(done)}/{len(result.records)} stories in {wall:.0f} s -> "
          f"{3600 * len(done) / wall:.1f} stories/h, {video / wall:.3f} video s per wall s "
          f"({video:.0f} s of video); peak RSS per worker: "
          + ", ".join(f"{rss / 1e6:.0f} MB" for rss in workers_rss), flush=True)


def up_to_date_rerun(count: int) -> None:
    """Render ``count`` one-sentence stories at the preview size once, then time the rerun
    (a fresh process, as cron would start it)."""
    with tempfile.TemporaryDirectory() as tmp:
        inbox, out = Path(tmp) / "inbox", Path(tmp) / "out"
        inbox.mkdir()
        for i in range(count):
            (inbox / f"story-{i:03d}.txt").write_text(f"The bus is late {i} minutes.\n", encoding="utf-8")
        first = run_batch(BatchRequest((inbox,), out, RenderOptions("180p25")))
        assert all(r.status == "done" for r in first.records), "the first pass must render every story"
        command = [sys.executable, "-m", "signgen", "batch", str(inbox), "-o", str(out), "--preset", "180p25"]
        clock = time.perf_counter()
        rerun = subprocess.run(command, capture_output=True, text=True)
        wall = time.perf_counter() - clock
        print(f"up-to-date rerun over {count} stories: {wall:.2f} s wall (exit {rerun.returncode}; "
              f"{rerun.stderr.strip().splitlines()[0]})", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus")
    parser.add_argument("--preset", default="720p25")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--stories", type=int, default=100, help="stories for the up-to-date rerun")
    args = parser.parse_args()
    print(f"corpus {args.corpus} at {args.preset}; {os.cpu_count()} cores", flush=True)
    for workers in args.workers:
        throughput(args.corpus, args.preset, workers)
    up_to_date_rerun(args.stories)


if __name__ == "__main__":
    main()
