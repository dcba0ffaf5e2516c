"""Temporary files name their owner, so litter of dead processes can be found and removed."""

from __future__ import annotations

import os
import subprocess

from signgen.atomic import sweep_temps, temp_file, temp_owner, write_json


def _dead_pid() -> int:
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


def test_temp_names_carry_host_and_pid_and_survive_dots_in_the_target(tmp_path):
    temp = temp_file(tmp_path / "weather.v2.mp4", ".mp4")
    assert temp.parent == tmp_path and temp.name.startswith(".weather.v2.mp4.") and temp.stat().st_size == 0
    host, pid = temp_owner(temp)
    assert pid == os.getpid() and "." not in host
    assert temp_owner(tmp_path / "weather.mp4") is None and temp_owner(tmp_path / ".hidden") is None


def test_sweep_removes_only_dead_owners_unless_told_every_owner(tmp_path):
    mine = temp_file(tmp_path / "a.mp4", ".mp4")
    host = temp_owner(mine)[0]
    dead = tmp_path / f".b.mp4.{host}~{_dead_pid()}.abc.signgen-tmp.mp4"
    other_host = tmp_path / f".c.mp4.elsewhere~1.abc.signgen-tmp.mp4"
    kept = tmp_path / "d.mp4"
    for path in (dead, other_host, kept):
        path.write_bytes(b"x")
    assert sweep_temps(tmp_path) == [dead]
    assert mine.exists() and other_host.exists() and kept.exists()
    assert sorted(sweep_temps(tmp_path, every_owner=True)) == sorted([mine, other_host])
    assert [p.name for p in tmp_path.iterdir()] == ["d.mp4"]


def test_write_json_replaces_whole_files_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "manifest.json"
    write_json(target, {"version": 1})
    write_json(target, {"version": 1, "stories": []})
    assert target.read_text().startswith("{") and '"stories": []' in target.read_text()
    assert [p.name for p in tmp_path.iterdir()] == ["manifest.json"]
