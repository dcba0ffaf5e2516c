"""One draw of the avatar into a sub-rectangle (a "crop") of the full picture, read back as RGBA.

The avatar covers about a quarter of a 16:9 frame and the background is a flat colour, so only
the rectangle around the projected mesh needs rasterising, resolving and reading back. Drawing
that rectangle with an off-axis projection (the full frame's projection re-scaled so the crop
fills the viewport) is a pure window-space translation of the full picture: the same pixels, up to
float rounding, for a fraction of the fragments.

The framebuffers are our own (pyrender's hard-codes 4x MSAA at full size and also reads back and
converts the depth buffer every frame); they are allocated once at the full frame's size, so any
crop fits and no frame allocates GL storage.

Anti-aliasing is either MSAA (``samples``) or the outline blend of `edgeaa` (``edge_aa``): one
sample drawn into colour and depth textures, copied into the read-back buffer, then the mesh's
outline edges blended into that copy.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from OpenGL import GL

from signgen.render.edgeaa import EdgeBlend
from signgen.render.shading import VertexLitProgram


@dataclass(frozen=True)
class Crop:
    """A pixel rectangle of the full frame: x0, y0 from its top-left corner, width w, height h."""

    x0: int
    y0: int
    w: int
    h: int


def crop_projection(full: np.ndarray, width: int, height: int, crop: Crop) -> np.ndarray:
    """(4, 4) projection that maps the ``crop`` of a ``width`` x ``height`` frame onto the viewport.

    full: the full frame's (4, 4) OpenGL projection. Clip x' = sx * x + tx * w (likewise y), so
    after the perspective divide NDC is scaled and shifted by whole pixels.
    """
    gl_y0 = height - (crop.y0 + crop.h)  # GL window rows count from the bottom
    p = np.asarray(full, float)
    out = p.copy()
    out[0] = width / crop.w * p[0] + (width - 2 * crop.x0 - crop.w) / crop.w * p[3]
    out[1] = height / crop.h * p[1] + (height - 2 * gl_y0 - crop.h) / crop.h * p[3]
    return out


class CropPass:
    """Draws one indexed mesh (a bound VAO) with a `VertexLitProgram` into crops of a frame.

    samples: 0 for no multisampling, else the MSAA sample count of the draw buffer.
    edge_aa: blend outline edges after a one-sample draw (`edgeaa`); needs samples=0.
    The caller makes the GL context current before each call.
    """

    def __init__(self, width: int, height: int, samples: int, background: np.ndarray,
                 edge_aa: bool = False) -> None:
        if edge_aa and samples:
            raise ValueError("edge_aa replaces MSAA: use samples=0 with it")
        self.width, self.height, self.samples = width, height, samples
        # RGB: an opaque clear colour; RGBA (0, 0, 0, 0): a transparent background (alpha renders).
        self._background = [float(c) for c in background[:4]] + [1.0] * (4 - len(background[:4]))
        self._fbos: list[int] = []
        self._rbs: list[int] = []
        self._textures: list[int] = []
        self._blend = EdgeBlend() if edge_aa else None
        if edge_aa:
            # The draw lands in textures the blend reads; the blend writes into a copy of the colour.
            self._colour = self._texture(GL.GL_RGBA8, GL.GL_RGBA, GL.GL_UNSIGNED_BYTE)
            self._depth = self._texture(GL.GL_DEPTH_COMPONENT24, GL.GL_DEPTH_COMPONENT, GL.GL_UNSIGNED_INT)
            self._draw_fb = self._framebuffer(self._colour, self._depth, textures=True)
            self._resolve_fb = self._framebuffer(self._renderbuffer(GL.GL_RGBA8, 0), None)
        else:
            self._resolve_fb = self._framebuffer(self._renderbuffer(GL.GL_RGBA8, 0),
                                                 self._renderbuffer(GL.GL_DEPTH_COMPONENT24, 0))
            self._draw_fb = self._resolve_fb if not samples else self._framebuffer(
                self._renderbuffer(GL.GL_RGBA8, samples), self._renderbuffer(GL.GL_DEPTH_COMPONENT24, samples))
        self._readback = np.empty(width * height * 4, np.uint8)  # reused by every frame

    def _renderbuffer(self, fmt: int, samples: int) -> int:
        rb = int(GL.glGenRenderbuffers(1))
        GL.glBindRenderbuffer(GL.GL_RENDERBUFFER, rb)
        if samples:
            GL.glRenderbufferStorageMultisample(GL.GL_RENDERBUFFER, samples, fmt, self.width, self.height)
        else:
            GL.glRenderbufferStorage(GL.GL_RENDERBUFFER, fmt, self.width, self.height)
        self._rbs.append(rb)
        return rb

    def _texture(self, internal: int, fmt: int, kind: int) -> int:
        tex = int(GL.glGenTextures(1))
        GL.glBindTexture(GL.GL_TEXTURE_2D, tex)
        GL.glTexImage2D(GL.GL_TEXTURE_2D, 0, internal, self.width, self.height, 0, fmt, kind, None)
        for key in (GL.GL_TEXTURE_MIN_FILTER, GL.GL_TEXTURE_MAG_FILTER):  # read with texelFetch only
            GL.glTexParameteri(GL.GL_TEXTURE_2D, key, GL.GL_NEAREST)
        GL.glBindTexture(GL.GL_TEXTURE_2D, 0)
        self._textures.append(tex)
        return tex

    def _framebuffer(self, colour: int, depth: int | None, textures: bool = False) -> int:
        """Framebuffer of colour and (optional) depth images: textures, or else renderbuffers."""
        fb = int(GL.glGenFramebuffers(1))
        GL.glBindFramebuffer(GL.GL_FRAMEBUFFER, fb)
        for attachment, image in ((GL.GL_COLOR_ATTACHMENT0, colour), (GL.GL_DEPTH_ATTACHMENT, depth)):
            if image is None:
                continue
            if textures:
                GL.glFramebufferTexture2D(GL.GL_FRAMEBUFFER, attachment, GL.GL_TEXTURE_2D, image, 0)
            else:
                GL.glFramebufferRenderbuffer(GL.GL_FRAMEBUFFER, attachment, GL.GL_RENDERBUFFER, image)
        if GL.glCheckFramebufferStatus(GL.GL_FRAMEBUFFER) != GL.GL_FRAMEBUFFER_COMPLETE:
            raise RuntimeError(f"incomplete framebuffer ({self.samples} samples)")
        self._fbos.append(fb)
        return fb

    def draw(self, program: VertexLitProgram, view: np.ndarray, projection: np.ndarray, cam_pos: np.ndarray,
             n_indices: int, crop: Crop, outline: np.ndarray | None = None) -> np.ndarray:
        """Rasterise the bound VAO's triangles into ``crop``; (h, w, 4) uint8 RGBA, rows bottom-up.

        view, projection: the full frame's (4, 4) matrices. outline: (E, 2, 3) metres, the mesh's
        outline edges (`edgeaa.Outline`), blended when the pass has edge_aa. The result is a view of
        a buffer the next call overwrites.
        """
        GL.glBindFramebuffer(GL.GL_DRAW_FRAMEBUFFER, self._draw_fb)
        GL.glViewport(0, 0, crop.w, crop.h)
        GL.glScissor(0, 0, crop.w, crop.h)  # glClear ignores the viewport, not the scissor
        GL.glEnable(GL.GL_SCISSOR_TEST)
        GL.glEnable(GL.GL_DEPTH_TEST)
        GL.glDepthMask(GL.GL_TRUE)
        GL.glDepthFunc(GL.GL_LESS)
        GL.glEnable(GL.GL_CULL_FACE)  # closed mesh, front faces counter-clockwise: half the triangles
        GL.glCullFace(GL.GL_BACK)
        GL.glDisable(GL.GL_BLEND)
        (GL.glEnable if self.samples else GL.glDisable)(GL.GL_MULTISAMPLE)
        GL.glClearColor(*self._background)
        GL.glClear(GL.GL_COLOR_BUFFER_BIT | GL.GL_DEPTH_BUFFER_BIT)
        view_projection = crop_projection(projection, self.width, self.height, crop) @ view
        program.use(view_projection, cam_pos)
        GL.glDrawElements(GL.GL_TRIANGLES, n_indices, GL.GL_UNSIGNED_INT, None)
        GL.glUseProgram(0)
        if self._blend is not None:
            self._blend_outline(outline, view_projection, cam_pos, crop)
        return self._read(crop)

    def _blend_outline(self, outline: np.ndarray | None, view_projection: np.ndarray, cam_pos: np.ndarray,
                       crop: Crop) -> None:
        """Copy the one-sample draw into the read-back buffer, then blend the outline into it."""
        GL.glBindFramebuffer(GL.GL_READ_FRAMEBUFFER, self._draw_fb)
        GL.glBindFramebuffer(GL.GL_DRAW_FRAMEBUFFER, self._resolve_fb)
        GL.glBlitFramebuffer(0, 0, crop.w, crop.h, 0, 0, crop.w, crop.h, GL.GL_COLOR_BUFFER_BIT, GL.GL_NEAREST)
        if outline is not None:
            self._blend.draw(outline, self._colour, self._depth, view_projection, cam_pos, (crop.w, crop.h))

    def _read(self, crop: Crop) -> np.ndarray:
        if self.samples:  # resolve the samples into the single-sample buffer
            GL.glBindFramebuffer(GL.GL_READ_FRAMEBUFFER, self._draw_fb)
            GL.glBindFramebuffer(GL.GL_DRAW_FRAMEBUFFER, self._resolve_fb)
            GL.glBlitFramebuffer(0, 0, crop.w, crop.h, 0, 0, crop.w, crop.h, GL.GL_COLOR_BUFFER_BIT, GL.GL_NEAREST)
        GL.glBindFramebuffer(GL.GL_READ_FRAMEBUFFER, self._resolve_fb)
        # RGBA rows are 4-byte aligned, so rows pack tightly at the crop's width.
        flat = self._readback[: crop.h * crop.w * 4]
        GL.glReadPixels(0, 0, crop.w, crop.h, GL.GL_RGBA, GL.GL_UNSIGNED_BYTE, flat)
        return flat.reshape(crop.h, crop.w, 4)

    def delete(self) -> None:
        """Free the framebuffers (the context must be current)."""
        if self._fbos:
            GL.glDeleteFramebuffers(len(self._fbos), self._fbos)
            GL.glDeleteRenderbuffers(len(self._rbs), self._rbs)
        if self._textures:
            GL.glDeleteTextures(self._textures)
        if self._blend is not None:
            self._blend.delete()
            self._blend = None
        self._fbos, self._rbs, self._textures = [], [], []
