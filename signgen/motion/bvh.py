"""BVH motion files on the project's skeleton: export clips for Blender, import captured clips.

The skeleton's rest frames are world-aligned (see `signgen.motion.skeleton`), which is exactly
BVH's convention: each joint's OFFSET is its head relative to its parent's, and each frame gives
the joint's local rotation as Euler angles (Zrotation Xrotation Yrotation, degrees). Units are
centimetres, Y up, as Blender's BVH importer expects by default.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import numpy as np
from scipy.spatial.transform import Rotation

from signgen.errors import InputError
from signgen.motion.clip import Clip, to_matrices
from signgen.motion.skeleton import Skeleton

CM = 100.0
ORDER = "ZXY"  # intrinsic, matching the channel order written below


def _children(skeleton: Skeleton) -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {j: [] for j in range(len(skeleton))}
    for j, p in enumerate(skeleton.parents):
        if p >= 0:
            kids[int(p)].append(j)
    return kids


def _hierarchy(skeleton: Skeleton) -> list[str]:
    kids = _children(skeleton)
    lines: list[str] = ["HIERARCHY"]

    def joint(j: int, depth: int) -> None:
        pad = "  " * depth
        kind = "ROOT" if skeleton.parents[j] < 0 else "JOINT"
        x, y, z = skeleton.offsets[j] * CM
        lines.append(f"{pad}{kind} {skeleton.names[j]}")
        lines.append(f"{pad}{{")
        lines.append(f"{pad}  OFFSET {x:.4f} {y:.4f} {z:.4f}")
        if kind == "ROOT":
            lines.append(f"{pad}  CHANNELS 6 Xposition Yposition Zposition Zrotation Xrotation Yrotation")
        else:
            lines.append(f"{pad}  CHANNELS 3 Zrotation Xrotation Yrotation")
        for child in kids[j]:
            joint(child, depth + 1)
        if not kids[j]:
            tx, ty, tz = (skeleton.tails[j] - skeleton.heads[j]) * CM
            lines.extend([f"{pad}  End Site", f"{pad}  {{", f"{pad}    OFFSET {tx:.4f} {ty:.4f} {tz:.4f}", f"{pad}  }}"])
        lines.append(f"{pad}}}")

    for root in (j for j, p in enumerate(skeleton.parents) if p < 0):
        joint(root, 0)
    return lines


def _depth_first(skeleton: Skeleton) -> list[int]:
    kids = _children(skeleton)
    order: list[int] = []

    def visit(j: int) -> None:
        order.append(j)
        for child in kids[j]:
            visit(child)

    for root in (j for j, p in enumerate(skeleton.parents) if p < 0):
        visit(root)
    return order


def write_bvh(clip: Clip, skeleton: Skeleton, path: Path) -> Path:
    """Write ``clip`` as a BVH file (atomically)."""
    order = _depth_first(skeleton)
    frames = len(clip.quaternions)
    euler = Rotation.from_quat(clip.quaternions.reshape(-1, 4)).as_euler(ORDER, degrees=True).reshape(frames, -1, 3)
    root = order[0]
    lines = _hierarchy(skeleton) + ["MOTION", f"Frames: {frames}", f"Frame Time: {1.0 / clip.rate:.6f}"]
    for f in range(frames):
        values = list(skeleton.heads[root] * CM)
        for j in order:
            values += list(euler[f, j])
        lines.append(" ".join(f"{v:.4f}" for v in values))
    path = Path(path)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    os.replace(tmp, path)
    return path


def read_bvh(path: Path, skeleton: Skeleton, name: str | None = None) -> Clip:
    """Read a BVH clip made on this skeleton (joint names must match; missing joints stay at rest)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
        head, motion = text.split("MOTION", 1)
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise InputError(f"not a readable BVH file ({exc.__class__.__name__})", path) from exc
    joints: list[tuple[str, int]] = []
    for match in re.finditer(r"(ROOT|JOINT)\s+(\S+)[^}]*?CHANNELS\s+(\d+)", head, re.S):
        joints.append((match.group(2), int(match.group(3))))
    frame_time = re.search(r"Frame Time:\s*([0-9.eE+-]+)", motion)
    rows = [line.split() for line in motion.splitlines() if re.match(r"\s*-?[0-9]", line)]
    rows = [r for r in rows if len(r) == sum(n for _, n in joints)]
    if not joints or not frame_time or not rows:
        raise InputError("BVH file has no joints or no frames", path)
    data = np.array(rows, dtype=float)
    quats = np.tile(np.array([0.0, 0.0, 0.0, 1.0]), (len(data), len(skeleton), 1))
    column = 0
    for joint, channels in joints:
        angles = data[:, column + channels - 3: column + channels]
        column += channels
        if joint in skeleton.names:
            quats[:, skeleton.index(joint)] = Rotation.from_euler(ORDER, angles, degrees=True).as_quat()
    return Clip(name or path.stem, quats, 1.0 / float(frame_time.group(1)))


def clip_matrices(clip: Clip) -> np.ndarray:
    """(T, J, 3, 3) rotation matrices of every sample (for checks and tools)."""
    return np.stack([to_matrices(q) for q in clip.quaternions])
