"""The station-screen commands: `signgen publish`, `signgen schedule`, `signgen serve` (thin: parse
options, call `signgen.ops.publish`, `signgen.ops.schedule` or `signgen.serve`, print)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer

from signgen.console import err, expected_errors

SCREEN_PRESET_HELP = ("Video preset: portrait1080 (default: 1080x1920 for vertical screens, signage layout), "
                      "1080p25, 720p25, 1080p29.97, or 180p25 (a quick preview).")


def publish(
    inputs: Optional[list[Path]] = typer.Argument(None, help="Scripts or folders of scripts (.txt, .md, .json); "
                                                  "none: only take expired stories off and apply --keep."),
    to: Path = typer.Option(..., "--to", metavar="DISPLAY_DIR", help="The display folder `signgen serve` serves."),
    preset: str = typer.Option("portrait1080", "--preset", help=SCREEN_PRESET_HELP),
    valid_hours: float = typer.Option(12.0, "--valid-hours", min=0.01, metavar="H",
                                      help="Hours a newly published story stays on screen."),
    keep: int = typer.Option(30, "--keep", min=1, metavar="N", help="Most stories on the playlist (the newest stay)."),
    logo: Optional[Path] = typer.Option(None, "--logo", help="Operator's logo (PNG/JPEG) for the layout's logo box."),
    work: Optional[Path] = typer.Option(None, "--work", metavar="DIR",
                                        help="Where stories are rendered before publishing (default DISPLAY_DIR/.work)."),
    workers: int = typer.Option(1, "--workers", min=1, help="Local render worker processes."),
    as_json: bool = typer.Option(False, "--json", help="Print what was published as JSON on stdout."),
) -> None:
    """Render scripts (only what is not rendered yet) and publish them to a station display folder.

    Media go to DISPLAY_DIR/media/ under content-hashed names (video, WebVTT captions, poster
    JPEG), then DISPLAY_DIR/playlist.json is replaced atomically: expired stories leave it, the
    newest --keep stay, and media no playlist needs are deleted. A kill or a full disk leaves the
    previous playlist in force with all its files. Captions are not burned in: the kiosk page
    shows the WebVTT. Exit codes: 0 published, 1 some stories failed (the rest are published),
    2 usage error, or the display folder is locked or not writable.
    """
    from signgen.ops.batch import Finished
    from signgen.ops.publish import PublishRequest
    from signgen.ops.publish import publish as run_publish
    from signgen.options import RenderOptions
    from signgen.video.presets import get_preset

    def on_event(event) -> None:
        if isinstance(event, Finished) and event.record.status == "failed":
            err.print(f"[red]failed[/] {event.record.slug}: {event.record.error}", highlight=False)

    with expected_errors():
        get_preset(preset)
        options = RenderOptions(preset, logo=str(logo) if logo else None, burn_captions=False)
        report = run_publish(PublishRequest(tuple(inputs or ()), to, options, valid_hours, keep, work, workers),
                             on_event)
    if as_json:
        typer.echo(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
    err.print(report.summary(to), highlight=False)
    if report.failed:
        raise typer.Exit(1)


def schedule(
    config: Path = typer.Argument(..., help="Schedule file (TOML): display folder, inbox folders, cron times; see README."),
    once: bool = typer.Option(False, "--once", help="Run every job now, once, and exit (for tests or system cron)."),
) -> None:
    """Publish inbox folders to a station display on a schedule, and as soon as a script lands.

    Runs until stopped. Each job publishes at its cron times (e.g. "*/10 6-23 * * *") and within
    seconds of a new or changed script settling in one of its inboxes (files still being written,
    and hidden or temporary names, are ignored). One log line per publish; DISPLAY_DIR/status.json
    holds the last run, last success and last error. SIGTERM finishes the current story and exits.
    A failing story never stops the schedule. Exit codes: 0 all published (--once) or stopped
    cleanly, 1 a bad schedule file, or (--once) a job or a story in it failed.
    """
    from signgen.ops.schedule import Scheduler, load_config

    with expected_errors():
        scheduler = Scheduler(load_config(config), log=lambda line: err.print(line, highlight=False, soft_wrap=True))
        ok = scheduler.run_once() if once else scheduler.run_forever()
    if not ok:
        raise typer.Exit(1)


def serve(
    display: Path = typer.Argument(..., help="The display folder that `signgen publish` writes."),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (0.0.0.0 for every interface)."),
    port: int = typer.Option(8080, "--port", min=1, max=65535, help="TCP port."),
) -> None:
    """Serve a display folder to a screen's browser: open http://HOST:PORT/ in kiosk mode.

    The page plays the playlist's valid stories in a loop, full screen, with captions, headline
    and clock, and picks up a newly published playlist at the next story without reloading; if
    the server goes away it keeps looping what it has. Also /playlist.json, /media/... (with
    Range requests) and /healthz (JSON). Read-only: no uploads, no directory listings.
    """
    from signgen.serve import run_server

    with expected_errors():
        run_server(display, host, port, log=lambda line: err.print(line, highlight=False))
    sys.exit(0)
