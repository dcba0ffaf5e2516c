"""The one way operations write and read times: ISO 8601 in UTC to the second, ``2026-12-01T02:03:04Z``
(the manifest, the playlist, the schedule's status and log lines all share it)."""

from __future__ import annotations

from datetime import datetime, timezone


def iso(moment: datetime) -> str:
    """``moment`` as ISO 8601 UTC with seconds."""
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def now_iso() -> str:
    """The current time as `iso` writes it."""
    return iso(datetime.now(timezone.utc))


def parse_iso(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))
