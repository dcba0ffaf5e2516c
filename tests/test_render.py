"""Offscreen frames of the real avatar, measured in pixels."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import ndimage
from scipy.spatial.transform import Rotation

from signgen.avatar.deform import Deformer
from signgen.avatar.look import Look
from signgen.render.framing import interpreter_framing, project, signing_box
from signgen.render.renderer import AvatarRenderer

W, H = 640, 360
LOOK = Look()


def _aim(skeleton, rot, name, direction):
    """Set bone ``name``'s local rotation so that it points along world ``direction``."""
    j = skeleton.index(name)
    world, _ = skeleton.forward(rot)
    parent = world[skeleton.parents[j]] if skeleton.parents[j] >= 0 else np.eye(3)
    rest = skeleton.tails[j] - skeleton.heads[j]
    a, b = rest / np.linalg.norm(rest), np.asarray(direction, float) / np.linalg.norm(direction)
    axis = np.cross(a, b)
    angle = np.arctan2(np.linalg.norm(axis), a @ b)
    rot[j] = parent.T @ Rotation.from_rotvec(axis / np.linalg.norm(axis) * angle).as_matrix()


def signing_pose(skeleton) -> np.ndarray:
    """Upper arms lowered, forearms raised: both hands in front of the chest."""
    rot = skeleton.identity_pose()
    for side, x in (("r", -1), ("l", 1)):
        _aim(skeleton, rot, f"upperarm_{side}", [0.25 * x, -1.0, 0.25])
        _aim(skeleton, rot, f"lowerarm_{side}", [-0.55 * x, 0.55, 1.0])
    return rot


def fist(skeleton, rot, side) -> np.ndarray:
    """Fingers curled about the palm's width axis (a plain-flexion fist)."""
    heads = skeleton.heads
    across = heads[skeleton.index(f"index_01_{side}")] - heads[skeleton.index(f"pinky_01_{side}")]
    curl = Rotation.from_rotvec(across / np.linalg.norm(across) * np.radians(85)).as_matrix()
    for finger in ("index", "middle", "ring", "pinky"):
        for k in (1, 2, 3):
            rot[skeleton.index(f"{finger}_0{k}_{side}")] = curl
    return rot


@pytest.fixture(scope="module")
def renderer(avatar):
    with AvatarRenderer(avatar, W, H, LOOK) as r:
        yield r


@pytest.fixture(scope="module")
def frames(avatar, renderer):
    """Rest pose, signing pose, rest pose again (in that order, through one renderer)."""
    deformer = Deformer(avatar)
    sk = avatar.skeleton
    rest = renderer.render(deformer.deform(sk.skinning_matrices(sk.identity_pose()))).copy()
    signing_vertices = deformer.deform(sk.skinning_matrices(signing_pose(sk))).copy()
    signing = renderer.render(signing_vertices).copy()
    again = renderer.render(deformer.deform(sk.skinning_matrices(sk.identity_pose()))).copy()
    return {"rest": rest, "signing": signing, "again": again, "signing_vertices": signing_vertices}


def _background():
    return np.round(LOOK.background_srgb() * 255).astype(int)


def _silhouette(frame):
    return np.abs(frame.astype(int) - _background()).sum(axis=2) > 6


def test_frame_format_and_flat_background(frames):
    frame = frames["rest"]
    assert frame.shape == (H, W, 3) and frame.dtype == np.uint8
    for corner in (frame[0, 0], frame[0, -1], frame[-1, 0]):
        np.testing.assert_array_equal(corner, _background())


def test_vertex_updates_reach_the_picture(frames):
    """The in-place buffer update is used: a new pose changes pixels, the old pose restores them."""
    changed = np.abs(frames["signing"].astype(int) - frames["rest"].astype(int)).sum(axis=2) > 30
    assert changed.mean() > 0.01
    assert np.abs(frames["again"].astype(int) - frames["rest"].astype(int)).max() <= 2


def test_signing_pose_is_framed_for_broadcast(avatar, renderer, frames):
    mask = _silhouette(frames["signing"])
    rows, cols = np.flatnonzero(mask.any(axis=1)), np.flatnonzero(mask.any(axis=0))
    top, bottom = rows.min(), rows.max()
    assert top > 0.03 * H  # a margin above the head
    assert bottom == H - 1  # the body continues below the frame (cut below the hips)
    assert 0 < cols.min() and cols.max() < W - 1  # nothing cut at the sides
    # The signer occupies well over a sixth of the picture.
    box_area = (bottom - top + 1) * (cols.max() - cols.min() + 1)
    assert box_area > W * H / 6
    # Both hands are inside the picture, in front of the chest, and drawn.
    sk = avatar.skeleton
    for side in ("r", "l"):
        hand = np.array([n.startswith(("hand_" + side,)) for n in sk.names])[avatar.skin_joints[:, 0]]
        px = project(renderer.framing, frames["signing_vertices"][hand], W, H)
        assert (px[:, 0] > 0).all() and (px[:, 0] < W).all() and (px[:, 1] > 0).all() and (px[:, 1] < H).all()
        centre = np.round(px.mean(axis=0)).astype(int)
        assert mask[centre[1], centre[0]]
    right = project(renderer.framing, frames["signing_vertices"][avatar.skin_joints[:, 0] == sk.index("hand_r")], W, H)
    assert right[:, 0].mean() < W / 2  # the avatar's right hand is on the picture's left


def test_colours_separate_skin_from_clothing(avatar, renderer, frames):
    """Face and hands are drawn skin-coloured, the top dark: sampled at projected vertices."""
    frame = frames["signing"].astype(int)
    vertices = frames["signing_vertices"]
    sk = avatar.skeleton

    def colour_at(mask):
        px = np.round(project(renderer.framing, vertices[mask], W, H).mean(axis=0)).astype(int)
        return frame[px[1], px[0]]

    nose_level = avatar.vertices[:, 1] > avatar.vertices[avatar.region_mask("iris"), 1].mean() - 0.05
    cheek = avatar.region_mask("skin") & nose_level & (avatar.vertices[:, 2] > 0.1)
    chest = avatar.region_mask("top") & (avatar.skin_joints[:, 0] == sk.index("spine_03"))
    face_rgb, chest_rgb = colour_at(cheek), colour_at(chest)
    assert face_rgb.sum() > 2.5 * chest_rgb.sum()
    assert face_rgb[0] > face_rgb[2]  # skin is warm, not the blue background
    assert chest_rgb.max() < 90


def test_framing_contains_the_signing_space(avatar):
    lo, hi = signing_box(avatar)
    framing = interpreter_framing(avatar, 16 / 9)
    corners = np.array([[x, y, z] for x in (lo[0], hi[0]) for y in (lo[1], hi[1]) for z in (lo[2], hi[2])])
    px = project(framing, corners, 1920, 1080)
    assert (px >= -1).all() and (px[:, 0] <= 1921).all() and (px[:, 1] <= 1081).all()
    sk = avatar.skeleton
    assert hi[1] > avatar.vertices[:, 1].max() and lo[1] < sk.heads[sk.index("thigh_r"), 1]
    assert hi[0] > abs(sk.heads[sk.index("lowerarm_r"), 0])  # an elbow's width beside the shoulders


def test_fist_has_no_tearing(avatar):
    """Curling the fingers keeps the hand's surface closed: no edge is stretched far."""
    sk = avatar.skeleton
    deformer = Deformer(avatar)
    posed = deformer.deform(sk.skinning_matrices(fist(sk, signing_pose(sk), "r"))).copy()
    rest_len = np.linalg.norm(avatar.vertices[avatar.faces[:, 0]] - avatar.vertices[avatar.faces[:, 1]], axis=1)
    posed_len = np.linalg.norm(posed[avatar.faces[:, 0]] - posed[avatar.faces[:, 1]], axis=1)
    hand = np.array([n.endswith("_r") and n.startswith(("hand", "index", "middle", "ring", "pinky", "thumb"))
                     for n in sk.names])[avatar.skin_joints[avatar.faces[:, 0], 0]]
    assert hand.sum() > 500
    assert (posed_len[hand] < 2.0 * rest_len[hand] + 0.002).all()
    # The fingertips really curled towards the palm.
    tip = sk.tails[sk.index("middle_03_r")]
    near_tip = np.linalg.norm(avatar.vertices - tip, axis=1) < 0.01
    wrist = deformer.deform(sk.skinning_matrices(signing_pose(sk)))[near_tip].mean(axis=0)
    assert np.linalg.norm(posed[near_tip].mean(axis=0) - wrist) > 0.05


def test_closing_one_renderer_leaves_the_others_working(avatar, renderer, frames):
    small = AvatarRenderer(avatar, 64, 36)
    assert small.render(avatar.vertices).shape == (36, 64, 3)
    small.close()
    small.close()
    with pytest.raises(RuntimeError):
        small.render(avatar.vertices)
    # The module's renderer shares the EGL display: it must still draw the same rest frame.
    again = renderer.render(avatar.vertices)
    assert np.abs(again.astype(int) - frames["rest"].astype(int)).max() <= 2


# --- drawing only the signer's rectangle -------------------------------------------------------

@pytest.fixture(scope="module")
def full_frame_signing(avatar, frames):
    """The signing pose drawn over the whole frame (no crop), as the reference picture."""
    with AvatarRenderer(avatar, W, H, LOOK, crop=False) as full:
        return full.render(frames["signing_vertices"]).copy()


def test_signer_rectangle_matches_a_full_frame_render(avatar, renderer, frames, full_frame_signing):
    cropped = renderer.render(frames["signing_vertices"])
    crop = renderer.last_crop
    assert crop.w * crop.h < 0.45 * W * H  # really a fraction of the frame was drawn
    diff = np.abs(cropped.astype(int) - full_frame_signing.astype(int)).max(axis=2)
    # The same rasterisation up to float rounding of the shifted projection: a sample exactly on
    # an edge may fall the other way, so a handful of edge pixels may differ, nothing more.
    assert (diff > 2).sum() <= 10 and diff.mean() < 0.01
    # Everything the full render drew lies inside the rectangle; outside it is pure background.
    inside = np.zeros((H, W), bool)
    inside[crop.y0:crop.y0 + crop.h, crop.x0:crop.x0 + crop.w] = True
    assert not (_silhouette(full_frame_signing) & ~inside).any()
    assert (cropped[~inside] == _background()).all()


def test_reused_frames_start_clean(avatar, renderer, frames):
    """A consumer drawing into a returned frame (captions burn in place) never leaks into later ones."""
    first = renderer.render(frames["signing_vertices"])
    first[-40:, :] = 255  # a caption box across the bottom
    first[:10, :10] = 0
    for _ in range(4):  # at least once round the ring of output frames
        frame = renderer.render(frames["signing_vertices"])
        assert (frame[:10, :10] == _background()).all()
        assert not (frame[-40:] == 255).all(axis=2).any()


def test_rectangle_follows_the_mesh(avatar, renderer, frames):
    """Moving the whole avatar sideways moves the drawn rectangle with it and keeps it whole."""
    shifted = frames["signing_vertices"] + np.array([0.25, 0.0, 0.0], np.float32)
    frame = renderer.render(shifted)
    mask = _silhouette(frame)
    moved = renderer.last_crop
    renderer.render(frames["signing_vertices"])
    assert moved.x0 > renderer.last_crop.x0 + 20
    cols = np.flatnonzero(mask.any(axis=0))
    assert moved.x0 <= cols.min() and cols.max() < moved.x0 + moved.w


def _edge_coverages(frame):
    """Fractional coverage of the first non-background pixel down each column across the head top."""
    bg = _background()
    lum = frame.astype(float) @ [0.2126, 0.7152, 0.0722]
    lum_bg = float(bg @ [0.2126, 0.7152, 0.0722])
    mask = _silhouette(frame)
    cols = np.flatnonzero(mask[: H // 4].any(axis=0))  # columns where the head reaches the top quarter
    middle = cols[len(cols) // 4: 3 * len(cols) // 4]
    coverages = []
    for c in middle:
        r = int(np.flatnonzero(np.abs(frame[:, c].astype(int) - bg).sum(axis=1) > 0)[0])
        inner = lum[r + 3, c]  # well inside the hair
        coverages.append((lum[r, c] - lum_bg) / (inner - lum_bg))
    return np.array(coverages)


def test_silhouette_edges_are_antialiased(avatar, frames):
    """With 4x MSAA the head's outline takes intermediate levels between hair and background."""
    rest = frames["rest"]  # from the module renderer: samples=4 by default
    partial = _edge_coverages(rest)
    partial = partial[(partial > 0.1) & (partial < 0.9)]
    assert len(np.unique(np.round(partial * 4))) >= 3  # quarter, half, three quarters
    with AvatarRenderer(avatar, W, H, LOOK, samples=0) as hard:
        aliased = _edge_coverages(hard.render(avatar.vertices))
    assert ((aliased > 0.1) & (aliased < 0.9)).mean() < 0.5 * len(partial) / len(_edge_coverages(rest))


# --- anti-aliasing: outline blend (edge_aa) against 4x MSAA ----------------------------------------

SUPER = 4  # the reference samples each pixel on a 4 x 4 grid (16 samples)


@pytest.fixture(scope="module")
def aa_renders(avatar):
    """A fist in front of the chest (hand, fingers and face edges) with each anti-aliasing, and a
    16-sample reference: the same pose drawn at 4x the size without AA, averaged over 4 x 4 blocks."""
    sk = avatar.skeleton
    vertices = Deformer(avatar).deform(sk.skinning_matrices(fist(sk, signing_pose(sk), "r"))).copy()
    out = {}
    for name, options in (("none", {"samples": 0}), ("msaa4", {"samples": 4}),
                          ("edge", {"samples": 0, "edge_aa": True})):
        with AvatarRenderer(avatar, W, H, LOOK, **options) as r:
            out[name] = r.render(vertices).astype(float)
            out[name + "_crop"] = r.last_crop
    with AvatarRenderer(avatar, W * SUPER, H * SUPER, LOOK, samples=0) as big:
        blocks = big.render(vertices).astype(float).reshape(H, SUPER, W, SUPER, 3)
    out["reference"] = blocks.mean(axis=(1, 3))
    # Edge pixels: those whose 16 samples disagree by more than a few levels.
    out["edge_mask"] = (blocks.max(axis=(1, 3)) - blocks.min(axis=(1, 3))).max(axis=2) > 24
    return out


def _aa_error(renders, name, where):
    """Mean over ``where`` of each pixel's largest channel error (levels) against the reference."""
    return np.abs(renders[name] - renders["reference"]).max(axis=2)[where].mean()


def test_edge_aa_is_as_close_to_16_samples_as_msaa(aa_renders):
    edges = aa_renders["edge_mask"]
    assert edges.sum() > 1500  # the outline of head, shoulders, arms, hands and fingers
    none, msaa, blend = (_aa_error(aa_renders, k, edges) for k in ("none", "msaa4", "edge"))
    assert blend <= 1.05 * msaa  # measured 5.6 vs 6.7 levels at 640x360 (4.5 vs 6.2 at 720p)
    assert blend < 0.5 * none
    # Against the flat background alone (the silhouette) the blend is at least as good too.
    bg = (np.abs(aa_renders["reference"] - _background()).max(axis=2) < 1)
    silhouette = edges & ndimage.binary_dilation(bg, iterations=2)
    assert silhouette.sum() > 400
    assert _aa_error(aa_renders, "edge", silhouette) <= 1.05 * _aa_error(aa_renders, "msaa4", silhouette)


def test_edge_aa_leaves_the_rest_of_the_frame_alone(aa_renders):
    frame, crop = aa_renders["edge"], aa_renders["edge_crop"]
    inside = np.zeros((H, W), bool)
    inside[crop.y0:crop.y0 + crop.h, crop.x0:crop.x0 + crop.w] = True
    assert (frame[~inside] == _background()).all()
    # Away from edges, no more error than MSAA (blending never smears flat areas)...
    flat = ~aa_renders["edge_mask"]
    assert _aa_error(aa_renders, "edge", flat) <= 1.1 * _aa_error(aa_renders, "msaa4", flat)
    # ... only about as many pixels change as there are edge pixels, and the picture is MSAA's
    # up to edge levels.
    changed = np.abs(frame - aa_renders["none"]).max(axis=2) > 0
    assert 0.3 * aa_renders["edge_mask"].sum() < changed.sum() < 1.2 * aa_renders["edge_mask"].sum()
    assert np.abs(frame - aa_renders["msaa4"]).mean() < 0.15


def test_edge_aa_shades_the_head_outline_in_steps(avatar, frames):
    """The head's outline against the background takes intermediate levels, as with MSAA."""
    with AvatarRenderer(avatar, W, H, LOOK, samples=0, edge_aa=True) as blended:
        coverage = _edge_coverages(blended.render(avatar.vertices))
    partial = coverage[(coverage > 0.1) & (coverage < 0.9)]
    assert len(partial) > 0.3 * len(coverage)
    assert len(np.unique(np.round(partial * 8))) >= 4


def test_edge_aa_replaces_msaa(avatar):
    with pytest.raises(ValueError, match="samples=0"):
        AvatarRenderer(avatar, 64, 36, samples=4, edge_aa=True)


def test_outline_of_a_cube_seen_head_on_is_its_front_square():
    from signgen.render.edgeaa import Outline

    corners = np.array([[x, y, z] for x in (-1, 1) for y in (-1, 1) for z in (-1, 1)], np.float32)
    index = {tuple(c): i for i, c in enumerate(corners.astype(int))}

    def quad(a, b, c, d):  # counter-clockwise seen from outside
        return [[index[a], index[b], index[c]], [index[a], index[c], index[d]]]

    faces = np.array(quad((-1, -1, 1), (1, -1, 1), (1, 1, 1), (-1, 1, 1))        # front (+z)
                     + quad((1, -1, -1), (-1, -1, -1), (-1, 1, -1), (1, 1, -1))   # back
                     + quad((1, -1, 1), (1, -1, -1), (1, 1, -1), (1, 1, 1))       # +x
                     + quad((-1, -1, -1), (-1, -1, 1), (-1, 1, 1), (-1, 1, -1))   # -x
                     + quad((-1, 1, 1), (1, 1, 1), (1, 1, -1), (-1, 1, -1))       # +y
                     + quad((-1, -1, -1), (1, -1, -1), (1, -1, 1), (-1, -1, 1)))  # -y
    edges = Outline(faces).edges(corners, np.array([0.2, 0.1, 5.0]))
    assert edges.shape == (4, 2, 3)
    assert (edges[:, :, 2] == 1).all()  # the front face's four sides, not its diagonal
    assert (np.abs(edges[:, 0] - edges[:, 1]).sum(axis=1) == 2).all()
    with pytest.raises(ValueError, match="more than two faces"):
        Outline(np.concatenate([faces, faces[:1]]))
