"""Batch rendering: many scripts, one video per story; a bad story is reported and skipped."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from rich.console import Console
from rich.progress import Progress

from signgen.errors import InputError, SigngenError
from signgen.ingest import read_stories
from signgen.limits import MAX_DURATION_S, MAX_INPUT_BYTES

SCRIPT_SUFFIXES = (".txt", ".md", ".markdown", ".json")


def find_scripts(inputs: Iterable[Path]) -> list[Path]:
    """Scripts named directly, and those inside named folders (sorted), in the order given."""
    scripts: list[Path] = []
    for path in map(Path, inputs):
        if path.is_dir():
            scripts += sorted(p for p in path.iterdir() if p.suffix.lower() in SCRIPT_SUFFIXES and p.is_file())
        else:
            scripts.append(path)
    if not scripts:
        raise InputError("no news scripts (.txt, .md, .json) found", ", ".join(map(str, inputs)))
    return scripts


def run_batch(inputs: Iterable[Path], output_dir: Path, preset: str, progress: Progress,
              console: Console, max_bytes: int = MAX_INPUT_BYTES, max_duration_s: float = MAX_DURATION_S) -> list[dict]:
    """Render every story of every script into ``output_dir``; returns one result dict per story
    (or per unreadable script): ``{"input", "slug", "ok", "output", "duration_s", "error"}``.
    max_bytes, max_duration_s: the limits per script and per story (`signgen.limits`)."""
    from signgen.pipeline import RenderOptions, Studio  # heavy: loaded only when there is work

    scripts = find_scripts(inputs)
    results: list[dict] = []
    studio = Studio()
    try:
        with progress:
            for script in scripts:
                try:
                    stories = read_stories(script, max_bytes)
                except SigngenError as exc:
                    console.print(f"[red]skipped[/] {exc.message}", highlight=False)
                    results.append({"input": str(script), "slug": None, "ok": False, "error": exc.message})
                    continue
                for story in stories:
                    options = RenderOptions(preset, max_duration_s=max_duration_s)
                    results.append(_render_one(studio, story, script, output_dir, options, progress, console))
    finally:
        studio.close()
    return results


def _render_one(studio, story, script: Path, output_dir: Path, options, progress: Progress,
                console: Console) -> dict:
    task = progress.add_task(f"Signing {story.slug}", total=None)
    target = output_dir / f"{story.slug}.mp4"
    try:
        report = studio.render(story, target, options,
                               progress=lambda done, total: progress.update(task, completed=done, total=total))
    except SigngenError as exc:
        console.print(f"[red]failed[/] {story.slug}: {exc.message}", highlight=False)
        return {"input": str(script), "slug": story.slug, "ok": False, "error": exc.message}
    except Exception as exc:  # one broken story must not stop the newsroom's batch
        console.print(f"[red]failed[/] {story.slug}: internal error {type(exc).__name__}: {exc}", highlight=False)
        return {"input": str(script), "slug": story.slug, "ok": False, "error": f"{type(exc).__name__}: {exc}"}
    finally:
        progress.remove_task(task)
    for warning in report.warnings:
        console.print(f"[yellow]warning[/] {story.slug}: {warning}", highlight=False)
    console.print(f"wrote {report.output} ({report.duration_s:.1f} s)", highlight=False)
    return {"input": str(script), "slug": story.slug, "ok": True, "output": report.output,
            "duration_s": round(report.duration_s, 3)}
