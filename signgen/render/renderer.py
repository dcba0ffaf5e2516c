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
from signgen.errors import RenderError
from signgen.render.croppass import Crop, CropPass
from signgen.render.edgeaa import Outline, straight_alpha
from signgen.render.framing import Framing, interpreter_framing
from signgen.render.shading import VertexLitProgram

# Lights (direction the light travels, intensity): a key from the upper left of the camera, a
# softer fill from the right and a rim from behind that separates hair and shoulders from the
# background.
_LIGHTS = (
    ((0.45, -0.55, -1.0), 2.6),
    ((-0.6, -0.2, -1.0), 1.1),
    ((0.0, -0.4, 1.0), 1.2),
)
_AMBIENT = 0.28
_ROUGHNESS = 0.75  # skin and cloth: broad, soft highlights
_open_renderers = 0  # live EGL contexts in this process (they share one EGL display)


def _offscreen(width: int, height: int) -> pyrender.OffscreenRenderer:
    """pyrender's offscreen renderer, or RenderError saying what the machine lacks: without a
    working EGL (no driver, a wrong PYOPENGL_PLATFORM) pyrender fails with assorted exceptions."""
    try:
        return pyrender.OffscreenRenderer(width, height)
    except Exception as exc:  # ValueError, RuntimeError, OSError, OpenGL's own errors
        cause = " ".join(str(exc).split()) or type(exc).__name__
        if "Invalid device ID" in cause:  # pyrender found no EGL device: no driver installed
            cause = "no EGL device or driver found"
        raise RenderError(
            f"cannot open an offscreen OpenGL display ({cause}); rendering needs EGL: set "
            f"PYOPENGL_PLATFORM=egl (it is {os.environ.get('PYOPENGL_PLATFORM')!r}) and install the Debian "
            "packages libegl1 libegl-mesa0 libgl1-mesa-dri (scripts/bootstrap does)") from None


class AvatarRenderer:
    """Renders posed avatar vertices to (H, W, 3) uint8 RGB frames. Use as a context manager.

    Only the rectangle around the projected mesh is drawn (see `croppass`) and pasted into a
    background frame; lighting is pyrender's, evaluated per vertex (see `shading`).
    samples: MSAA samples per pixel for the drawn rectangle (4 = pyrender's own; 0 = none).
    edge_aa: anti-alias by blending the mesh's outline edges after a one-sample draw (`edgeaa`)
    instead of MSAA; pass samples=0 with it.
    crop: False draws the whole frame every time (for comparison; same pixels, slower).
    transparent: frames are (H, W, 4) RGBA with straight alpha: 0 off the avatar, 255 on it,
    partial along its outline (with edge_aa, the outline's coverage), for keying or compositing.
    ring: how many output frames are cycled. The array `render` returns is reused: it stays valid
    until ``ring`` more frames are rendered (enough for a writer thread holding two), so copy it to
    keep it longer.
    """

    def __init__(self, avatar: Avatar, width: int, height: int, look: Look = Look(),
                 framing: Framing | None = None, *, samples: int = 4, edge_aa: bool = False,
                 ring: int = 3, crop: bool = True, transparent: bool = False) -> None:
        if edge_aa and samples:  # checked before a GL context exists to leak
            raise ValueError("edge_aa replaces MSAA: use samples=0 with it")
        self.width, self.height = int(width), int(height)
        self.framing = framing or interpreter_framing(avatar, self.width / self.height)
        self._faces = np.ascontiguousarray(avatar.faces, np.int64)
        self._outline = Outline(self._faces) if edge_aa else None  # may reject the mesh: before any GL
        self._incidence = _vertex_face_incidence(self._faces, len(avatar.vertices))
        # Interleaved like pyrender's own upload: position (3), normal (3), colour (4) per vertex.
        self._vertex_data = np.zeros((len(avatar.vertices), 10), np.float32)
        colours = look.region_colours()[avatar.regions]
        self._vertex_data[:, 6:9] = colours
        self._vertex_data[:, 9] = 1.0
        self._primitive = pyrender.Primitive(
            positions=avatar.vertices, normals=vertex_normals(avatar.vertices, self._faces, self._incidence),
            color_0=self._vertex_data[:, 6:10], indices=self._faces,
        )
        camera = pyrender.PerspectiveCamera(yfov=self.framing.yfov, aspectRatio=self.framing.aspect,
                                            znear=self.framing.znear, zfar=self.framing.zfar)
        self._view = np.linalg.inv(self.framing.camera_pose)
        self._projection = camera.get_projection_matrix(self.width, self.height)
        # Rows x, y and w of projection @ view: enough to find where each vertex lands.
        self._to_clip = (self._projection @ self._view)[[0, 1, 3]].astype(np.float32)
        self.transparent = transparent
        background = np.zeros(4, np.float32) if transparent else look.background_srgb()
        self._frames = np.empty((max(1, ring), self.height, self.width, 4 if transparent else 3), np.uint8)
        self._frames[:] = np.round(background * 255).astype(np.uint8)
        self._blank = self._frames[0].copy()  # the background every frame starts from
        self._next = 0
        global _open_renderers
        self._renderer = _offscreen(self.width, self.height)
        _open_renderers += 1
        self._closed = False
        self._renderer._platform.make_current()
        self._primitive._add_to_context()
        self._program = VertexLitProgram(_LIGHTS, _AMBIENT, _ROUGHNESS)
        self._pass = CropPass(self.width, self.height, samples, background, edge_aa)
        self._crop = crop
        self.last_crop: Crop | None = None  # the rectangle drawn for the latest frame

    def render(self, vertices: np.ndarray) -> np.ndarray:
        """(H, W, 3) uint8 RGB frame of the avatar posed at ``vertices`` (V, 3) metres; (H, W, 4)
        RGBA for a transparent renderer."""
        if self._closed:
            raise RuntimeError("renderer is closed")
        self._vertex_data[:, 0:3] = vertices
        normals = face_normals(vertices, self._faces)  # shared by the shading and the outline
        self._vertex_data[:, 3:6] = vertex_normals(vertices, self._faces, self._incidence, normals)
        self._renderer._platform.make_current()
        self._upload()
        frame = self._frames[self._next]
        self._next = (self._next + 1) % len(self._frames)
        np.copyto(frame, self._blank)  # also undoes whatever a consumer drew into this buffer
        crop = self.crop_for(vertices) if self._crop else Crop(0, 0, self.width, self.height)
        self.last_crop = crop
        if crop is not None:
            eye = self.framing.camera_pose[:3, 3]
            outline = self._outline.edges(vertices, eye, normals) if self._outline is not None else None
            self._primitive._bind()
            rgba = self._pass.draw(self._program, self._view, self._projection, eye, self._faces.size, crop, outline)
            self._primitive._unbind()
            window = frame[crop.y0:crop.y0 + crop.h, crop.x0:crop.x0 + crop.w]
            if self.transparent:
                window[:] = rgba[::-1]
                straight_alpha(window)
            else:
                window[:] = rgba[::-1, :, :3]
        return frame

    def crop_for(self, vertices: np.ndarray) -> Crop | None:
        """The pixel rectangle that holds every vertex's projection (plus a pixel), or None if none is in view."""
        clip = np.asarray(vertices, np.float32) @ self._to_clip[:, :3].T + self._to_clip[:, 3]
        if (clip[:, 2] <= 0).any():  # a vertex behind the camera: its projection is meaningless
            return Crop(0, 0, self.width, self.height)
        ndc_x, ndc_y = clip[:, 0] / clip[:, 2], clip[:, 1] / clip[:, 2]
        # One pixel of margin beyond the pixels the extreme vertices fall in (multisample coverage).
        x0 = max(0, int(np.floor((ndc_x.min() + 1) * 0.5 * self.width)) - 1)
        x1 = min(self.width, int(np.ceil((ndc_x.max() + 1) * 0.5 * self.width)) + 1)
        y0 = max(0, int(np.floor((1 - ndc_y.max()) * 0.5 * self.height)) - 1)
        y1 = min(self.height, int(np.ceil((1 - ndc_y.min()) * 0.5 * self.height)) + 1)
        if x1 <= x0 or y1 <= y0:
            return None
        return Crop(x0, y0, x1 - x0, y1 - y0)

    def _upload(self) -> None:
        """Overwrite the primitive's vertex buffer (GL context current)."""
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
        self._pass.delete()
        self._program.delete()
        self._primitive.delete()
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


def _vertex_face_incidence(faces: np.ndarray, n_vertices: int) -> sp.csr_matrix:
    """(V, F) sparse 0/1 matrix: which faces touch each vertex."""
    rows = faces.ravel()
    cols = np.repeat(np.arange(len(faces)), 3)
    return sp.csr_matrix((np.ones(rows.size, np.float32), (rows, cols)), shape=(n_vertices, len(faces)))


def face_normals(vertices: np.ndarray, faces: np.ndarray) -> np.ndarray:
    """(F, 3) float32 face normals, each as long as twice its face's area (m^2)."""
    v = np.asarray(vertices, np.float32)
    a, b, c = v[faces[:, 0]], v[faces[:, 1]], v[faces[:, 2]]
    return np.cross(b - a, c - a)


def vertex_normals(vertices: np.ndarray, faces: np.ndarray, incidence: sp.csr_matrix,
                   face_n: np.ndarray | None = None) -> np.ndarray:
    """(V, 3) float32 unit normals: area-weighted sums of the adjacent faces' normals.

    face_n: the faces' (F, 3) `face_normals` if already computed for these vertices.
    """
    if face_n is None:
        face_n = face_normals(vertices, faces)
    n = incidence @ face_n  # longer (larger) faces count more
    n /= np.maximum(np.linalg.norm(n, axis=1, keepdims=True), 1e-12)
    return n.astype(np.float32, copy=False)
