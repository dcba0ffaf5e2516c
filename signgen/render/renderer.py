"""Offscreen frames of the avatar with pyrender (EGL: Mesa llvmpipe on a CPU, or a GPU driver).

One mesh primitive with per-vertex colours (one draw call). Each frame the posed vertices and
their normals are written into the primitive's existing vertex buffer with glBufferSubData:
rebuilding a pyrender Mesh per frame costs ~18 ms, the in-place update well under 1 ms.
"""

from __future__ import annotations

import os

os.environ.setdefault("PYOPENGL_PLATFORM", "egl")  # before pyrender/PyOpenGL are imported

import numpy as np
import pyrender
import scipy.sparse as sp
from OpenGL import GL

from signgen.avatar.asset import Avatar
from signgen.avatar.look import Look
from signgen.render.framing import Framing, interpreter_framing

# Lights (direction the light travels, intensity): a key from the upper left of the camera, a
# softer fill from the right and a rim from behind that separates hair and shoulders from the
# background.
_LIGHTS = (
    ((0.45, -0.55, -1.0), 2.6),
    ((-0.6, -0.2, -1.0), 1.1),
    ((0.0, -0.4, 1.0), 1.2),
)
_AMBIENT = 0.28
_open_renderers = 0  # live EGL contexts in this process (they share one EGL display)


class AvatarRenderer:
    """Renders posed avatar vertices to (H, W, 3) uint8 RGB frames. Use as a context manager."""

    def __init__(self, avatar: Avatar, width: int, height: int, look: Look = Look(),
                 framing: Framing | None = None) -> None:
        self.width, self.height = int(width), int(height)
        self.framing = framing or interpreter_framing(avatar, self.width / self.height)
        self._faces = np.ascontiguousarray(avatar.faces, np.int64)
        self._incidence = _vertex_face_incidence(self._faces, len(avatar.vertices))
        # Interleaved like pyrender's own upload: position (3), normal (3), colour (4) per vertex.
        self._vertex_data = np.zeros((len(avatar.vertices), 10), np.float32)
        colours = look.region_colours()[avatar.regions]
        self._vertex_data[:, 6:9] = colours
        self._vertex_data[:, 9] = 1.0
        self._primitive = pyrender.Primitive(
            positions=avatar.vertices, normals=vertex_normals(avatar.vertices, self._faces, self._incidence),
            color_0=self._vertex_data[:, 6:10], indices=self._faces,
            material=pyrender.MetallicRoughnessMaterial(
                baseColorFactor=[1.0, 1.0, 1.0, 1.0], metallicFactor=0.0, roughnessFactor=0.75),
        )
        self._scene = _scene(self._primitive, self.framing, look)
        global _open_renderers
        self._renderer = pyrender.OffscreenRenderer(self.width, self.height)
        _open_renderers += 1
        self._closed = False

    def render(self, vertices: np.ndarray) -> np.ndarray:
        """(H, W, 3) uint8 RGB frame of the avatar posed at ``vertices`` (V, 3) metres."""
        if self._closed:
            raise RuntimeError("renderer is closed")
        self._vertex_data[:, 0:3] = vertices
        self._vertex_data[:, 3:6] = vertex_normals(vertices, self._faces, self._incidence)
        if self._primitive._in_context():
            self._upload()
        else:  # first frame: pyrender uploads the primitive itself
            self._primitive.positions = self._vertex_data[:, 0:3]
            self._primitive.normals = self._vertex_data[:, 3:6]
        color, _ = self._renderer.render(self._scene, flags=pyrender.RenderFlags.NONE)
        return color

    def _upload(self) -> None:
        """Overwrite the primitive's vertex buffer (GL context made current first)."""
        self._renderer._platform.make_current()
        GL.glBindBuffer(GL.GL_ARRAY_BUFFER, self._primitive._buffers[0])
        GL.glBufferSubData(GL.GL_ARRAY_BUFFER, 0, self._vertex_data.nbytes, self._vertex_data)
        GL.glBindBuffer(GL.GL_ARRAY_BUFFER, 0)

    def close(self) -> None:
        """Free the GL context and its buffers (safe to call twice).

        pyrender's own delete() calls eglTerminate, which kills every context on the shared EGL
        display, including other live renderers'; so only the last renderer closed terminates it.
        """
        global _open_renderers
        if self._closed:
            return
        self._closed = True
        _open_renderers -= 1
        offscreen, platform = self._renderer, self._renderer._platform
        if not hasattr(platform, "_egl_context"):  # another platform: pyrender's own clean-up
            offscreen.delete()
            return
        platform.make_current()
        offscreen._renderer.delete()
        if _open_renderers > 0:
            from OpenGL.EGL import eglDestroyContext

            eglDestroyContext(platform._egl_display, platform._egl_context)
            platform._egl_context = platform._egl_display = None
        else:
            platform.delete_context()
        offscreen._renderer = offscreen._platform = None  # its __del__ then has nothing to free

    def __enter__(self) -> AvatarRenderer:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _scene(primitive: pyrender.Primitive, framing: Framing, look: Look) -> pyrender.Scene:
    scene = pyrender.Scene(bg_color=[*look.background_srgb(), 1.0], ambient_light=[_AMBIENT] * 3)
    scene.add(pyrender.Mesh([primitive]))
    camera = pyrender.PerspectiveCamera(yfov=framing.yfov, aspectRatio=framing.aspect,
                                        znear=framing.znear, zfar=framing.zfar)
    scene.add(camera, pose=framing.camera_pose)
    for direction, intensity in _LIGHTS:
        scene.add(pyrender.DirectionalLight(color=np.ones(3), intensity=intensity), pose=_light_pose(direction))
    return scene


def _light_pose(direction: tuple[float, float, float]) -> np.ndarray:
    """A pose whose local -Z (a pyrender light's direction) points along ``direction``."""
    z = -np.asarray(direction, float)
    z /= np.linalg.norm(z)
    up = np.array([0.0, 1.0, 0.0]) if abs(z[1]) < 0.95 else np.array([1.0, 0.0, 0.0])
    x = np.cross(up, z)
    x /= np.linalg.norm(x)
    pose = np.eye(4)
    pose[:3, :3] = np.column_stack([x, np.cross(z, x), z])
    return pose


def _vertex_face_incidence(faces: np.ndarray, n_vertices: int) -> sp.csr_matrix:
    """(V, F) sparse 0/1 matrix: which faces touch each vertex."""
    rows = faces.ravel()
    cols = np.repeat(np.arange(len(faces)), 3)
    return sp.csr_matrix((np.ones(rows.size, np.float32), (rows, cols)), shape=(n_vertices, len(faces)))


def vertex_normals(vertices: np.ndarray, faces: np.ndarray, incidence: sp.csr_matrix) -> np.ndarray:
    """(V, 3) float32 unit normals: area-weighted sums of the adjacent faces' normals."""
    v = np.asarray(vertices, np.float32)
    a, b, c = v[faces[:, 0]], v[faces[:, 1]], v[faces[:, 2]]
    face_n = np.cross(b - a, c - a)  # length = twice the area: larger faces count more
    n = incidence @ face_n
    n /= np.maximum(np.linalg.norm(n, axis=1, keepdims=True), 1e-12)
    return n.astype(np.float32, copy=False)
