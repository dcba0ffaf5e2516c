"""Peak memory while reading a 10,000-story JSON rundown: streamed (signgen) vs loaded whole.

Each reading runs in a fresh process and reports its peak RSS above the RSS after imports, so
the two figures compare only what reading the rundown costs. Run: .venv/bin/python bench/rundown_memory.py
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


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "rundown.json"
        size = write_rundown(path)
        print(f"rundown: {STORIES:,} stories, {size / 1e6:.1f} MB")
        for how in ("streamed", "json.loads"):
            figures = measure(path, how)
            print(f"{how:>11}: {figures['stories']:,} stories read, peak RSS growth {figures['peak_rss_growth_mb']:.1f} MB")


if __name__ == "__main__":
    main()
