"""Peak memory while reading a 10,000-story JSON rundown: streamed (signgen) vs loaded whole; and
while planning a batch (`signgen batch`) over a rundown of 10,000 stories against 100.

Each reading or plan runs in a fresh process and reports its peak RSS above the RSS after
imports, so the figures compare only what reading or planning costs. The plans find every
story's vocabulary cached, as a rerun does (glossing 10,000 new stories takes about 40 minutes;
new stories are glossed `GLOSS_CHUNK` at a time, so glossing holds no more of them than that).
Run: .venv/bin/python bench/rundown_memory.py
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

STORIES = 10_000
BODY = "The mayor said the bridge over the river will stay closed until the storm has passed. " * 12

READ = r"""
import json, resource, sys
from pathlib import Path
from signgen.ingest import read_stories
def peak_kb(): return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
path, how = Path(sys.argv[1]), sys.argv[2]
before = peak_kb()
if how == "streamed":
    stories = read_stories(path)
    count = sum(len(story.source) > 0 for story in stories)
else:
    count = len(json.loads(path.read_text(encoding="utf-8"))["stories"])
print(json.dumps({"stories": count, "peak_rss_growth_mb": (peak_kb() - before) / 1024}))
"""


# Importing the batch's modules peaks above what planning needs, so the peak is reset (Linux:
# clear_refs 5 resets VmHWM) and planning's own peak read from /proc.
PLAN = r"""
import json, sys
from pathlib import Path
from signgen.ops.jobs import plan_jobs
from signgen.options import RenderOptions
def status_kb(field):
    line = next(l for l in open("/proc/self/status") if l.startswith(field + ":"))
    return int(line.split()[1])
path, outdir = Path(sys.argv[1]), Path(sys.argv[2])
with open("/proc/self/clear_refs", "w") as f:
    f.write("5")
before = status_kb("VmRSS")
count = len(plan_jobs([path], outdir, RenderOptions()))
print(json.dumps({"stories": count, "peak_rss_growth_mb": (status_kb("VmHWM") - before) / 1024}))
"""


def write_rundown(path: Path, stories: int = STORIES) -> int:
    """A rundown of ``stories`` stories of ~1 KB each, written story by story; returns its bytes."""
    with path.open("w", encoding="utf-8") as out:
        out.write('{"stories": [\n')
        for i in range(stories):
            story = {"slug": f"story-{i}", "headline": f"Bridge closed, day {i}", "body": BODY}
            out.write(("," if i else "") + json.dumps(story) + "\n")
        out.write("]}\n")
    return path.stat().st_size


def measure(path: Path, how: str) -> dict:
    result = subprocess.run([sys.executable, "-c", READ, str(path), how], capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def cache_vocabularies(path: Path, outdir: Path) -> None:
    """Leave in ``outdir`` every story's vocabulary as a batch would have cached it: the first
    story is glossed; the others, whose bodies are the same, get its vocabulary (their headlines
    differ only in the day's number)."""
    from signgen.ingest import read_stories
    from signgen.ops.jobs import STORY_CACHE, _base_key, plan_jobs, text_key
    from signgen.options import RenderOptions

    first = path.with_name("first.json")
    write_rundown(first, 1)
    plan_jobs([first], outdir, RenderOptions())
    vocabulary = json.loads((outdir / STORY_CACHE / "story-0.json").read_text(encoding="utf-8"))["vocabulary"]
    base = _base_key(RenderOptions())
    for story in read_stories(path):
        cache = {"text_key": text_key(story, story.slug, base), "vocabulary": vocabulary}
        (outdir / STORY_CACHE / f"{story.slug}.json").write_text(json.dumps(cache), encoding="utf-8")


def measure_plan(folder: Path, stories: int) -> dict:
    path, outdir = folder / f"plan-{stories}.json", folder / f"out-{stories}"
    write_rundown(path, stories)
    cache_vocabularies(path, outdir)
    result = subprocess.run([sys.executable, "-c", PLAN, str(path), str(outdir)], capture_output=True, text=True,
                            check=True)
    return json.loads(result.stdout)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "rundown.json"
        size = write_rundown(path)
        print(f"rundown: {STORIES:,} stories, {size / 1e6:.1f} MB")
        for how in ("streamed", "json.loads"):
            figures = measure(path, how)
            print(f"{how:>11}: {figures['stories']:,} stories read, peak RSS growth {figures['peak_rss_growth_mb']:.1f} MB")
        for stories in (100, STORIES):
            figures = measure_plan(Path(folder), stories)
            print(f"batch plan: {figures['stories']:,} stories planned, peak RSS growth "
                  f"{figures['peak_rss_growth_mb']:.1f} MB")


if __name__ == "__main__":
    main()
