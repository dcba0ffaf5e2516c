"""Geometric edge anti-aliasing: blend the pixels the mesh's outline crosses, from the outline itself.

On llvmpipe, 4x MSAA more than doubles the cost of the signer's rectangle (clear, draw and
resolve over four samples per pixel: at 1080p ~64 ms against ~31 ms for one sample). A
screen-space luma filter (FXAA-style) was tried first: it runs a fragment shader over every pixel
of the crop and cost ~90 ms on llvmpipe, more than MSAA, and still could not place long,
nearly straight edges within a pixel.

The avatar's shading is smooth (per-vertex colours and lighting), so every hard step in the picture
is a geometric one: an outline (silhouette) edge of the mesh, where a triangle facing the camera
meets one facing away, against the background or a surface further back. We know those edges
exactly. After a one-sample draw, each outline edge is drawn again as a line; for each pixel the
edge crosses, the fragment shader computes the share of the pixel's square lying beyond the edge
and blends the pixel by that share towards its neighbour across the edge, which shows what lies
beyond (the idea of "geometric post-process anti-aliasing", written here from that description).
Only pixels along outlines run the shader. An outline edge hidden behind a nearer surface (the far
side of the torso behind a hand, an eyeball's rim under the lid) is dropped where both pixels it
would blend are nearer than it in the draw's depth buffer.

Over a transparent background (cleared to (0, 0, 0, 0)) the same blend gives the coverage in the
alpha channel: the outline's pixels get intermediate alpha, everything else is 0 or 255, and the
colour comes out premultiplied by it (`straight_alpha` divides it back out).

Limits: where two edges cross one pixel (a corner, a fingertip) the last drawn wins; the colour
beyond an edge is taken from one neighbour, so features under a pixel wide stay as drawn.
"""

from __future__ import annotations

import ctypes

import numpy as np
from OpenGL import GL
from OpenGL.GL import shaders

# How far (metres) an outline edge is moved towards the camera so that it is not hidden by its own
# triangles' depth, yet stays behind anything clearly in front of it (an eyelid over the eyeball).
DEPTH_NUDGE_M = 0.001

# Each edge is drawn as a line two pixels wide, so every pixel whose square the edge crosses (its
# centre is then at most a pixel from the edge along the minor axis) gets a fragment. Both vertices
# of a line carry both of its ends; the fragment shader needs the whole edge.
LINE_WIDTH_PX = 2.0

_VERTEX = """
#version 330 core
layout(location = 0) in vec3 end_a;
layout(location = 1) in vec3 end_b;
uniform mat4 PV;
uniform vec3 cam_pos;
uniform vec2 viewport;                // pixels
flat out vec4 line;                   // the edge's two ends in window pixels (x, y, x, y)

vec4 to_clip(vec3 p) { return PV * vec4(p + DEPTH_NUDGE * normalize(cam_pos - p), 1.0); }
vec2 to_window(vec4 c) { return (c.xy / c.w * 0.5 + 0.5) * viewport; }

void main() {
    vec4 a = to_clip(end_a), b = to_clip(end_b);
    // An end behind the camera has no window position: a zero-length edge blends nothing.
    line = (a.w > 0.0 && b.w > 0.0) ? vec4(to_window(a), to_window(b)) : vec4(0.0);
    gl_Position = (gl_VertexID & 1) == 0 ? a : b;
}
"""

_FRAGMENT = """
#version 330 core
uniform sampler2D scene;              // the one-sample draw, crop at texels (0, 0)..(w - 1, h - 1)
uniform sampler2D depth;              // its window depth
uniform ivec2 last;                   // (w - 1, h - 1)
flat in vec4 line;
out vec4 frag_color;

// Share of a unit pixel lying more than t (>= 0) beyond its centre along a unit normal with
// components |n| = (a, b), a >= b: the pixel's extent along n is a trapezoid (two boxes convolved).
float beyond(float t, float a, float b) {
    if (t >= 0.5 * (a + b)) return 0.0;
    if (t >= 0.5 * (a - b)) { float u = 0.5 * (a + b) - t; return u * u / (2.0 * a * b); }
    return 0.5 - t / a;
}

void main() {
    vec2 p = gl_FragCoord.xy, d = line.zw - line.xy;
    if (dot(d, d) < 1e-8) discard;
    vec2 n = normalize(vec2(-d.y, d.x));
    float s = dot(p - line.xy, n);    // signed distance of the pixel centre from the edge
    vec2 m = abs(n);
    float share = beyond(abs(s), max(m.x, m.y), min(m.x, m.y));
    if (share <= 0.0) discard;
    // The colour beyond the edge: the neighbour across it, along the axis nearer the normal.
    vec2 towards = -sign(s) * n;
    ivec2 across = abs(towards.x) >= abs(towards.y) ? ivec2(sign(towards.x), 0) : ivec2(0, sign(towards.y));
    ivec2 here = ivec2(p), there = clamp(here + across, ivec2(0), last);
    // A visible outline has, on one side or the other, nothing nearer than itself.
    float z = gl_FragCoord.z;
    if (texelFetch(depth, here, 0).r < z && texelFetch(depth, there, 0).r < z) discard;
    // RGBA together: over a transparent (0, 0, 0, 0) clear the result is premultiplied colour
    // and coverage in alpha (see `straight_alpha`); over an opaque clear alpha stays 1.
    vec4 mine = texelFetch(scene, here, 0);
    vec4 theirs = texelFetch(scene, there, 0);
    frag_color = mix(mine, theirs, share);
}
"""


def straight_alpha(rgba: np.ndarray) -> np.ndarray:
    """(H, W, 4) uint8 RGBA with colour premultiplied by alpha -> straight (unassociated) alpha, in
    place, as ProRes 4444, VP9 alpha and ffmpeg's overlay expect. Only partly covered pixels (the
    blended outline) change: opaque ones are already straight and transparent ones stay 0."""
    alpha = rgba[..., 3]
    partial = (alpha > 0) & (alpha < 255)
    if partial.any():
        a = alpha[partial].astype(np.float32)[:, None]
        rgb = rgba[..., :3][partial].astype(np.float32)
        rgba[..., :3][partial] = np.clip(np.round(rgb * 255.0 / a), 0, 255).astype(np.uint8)
    return rgba


class Outline:
    """Finds a triangle mesh's outline edges as seen from a point.

    faces: (F, 3) vertex indices, counter-clockwise seen from outside. An outline edge joins a
    face turned towards the eye and one turned away, or is a border edge (one face) turned towards it.
    """

    def __init__(self, faces: np.ndarray) -> None:
        f = np.asarray(faces, np.int64)
        pairs = np.concatenate([f[:, [0, 1]], f[:, [1, 2]], f[:, [2, 0]]])
        owner = np.tile(np.arange(len(f)), 3)
        key = np.sort(pairs, axis=1)
        order = np.lexsort((key[:, 1], key[:, 0]))
        key, owner, pairs = key[order], owner[order], pairs[order]
        first = np.ones(len(key), bool)
        first[1:] = (key[1:] != key[:-1]).any(axis=1)
        starts = np.flatnonzero(first)
        counts = np.diff(np.append(starts, len(key)))
        if counts.max() > 2:
            raise ValueError("mesh has edges shared by more than two faces")
        self.ends = pairs[starts]                        # (E, 2) vertex indices per edge
        self.face_a = owner[starts]                      # (E,) one face of each edge
        # The other face; a border edge names its one face twice (it never differs in facing).
        self.face_b = np.where(counts == 2, owner[np.minimum(starts + 1, len(key) - 1)], self.face_a)
        self.border = counts == 1
        self._faces = f

    def edges(self, vertices: np.ndarray, eye: np.ndarray, face_normals: np.ndarray | None = None) -> np.ndarray:
        """(E', 2, 3) float32 ends (metres) of the edges outlining the mesh posed at ``vertices`` (V, 3).

        eye: (3,) camera position, metres. face_normals: (F, 3) normals of the posed faces (any
        length), if already computed.
        """
        v = np.asarray(vertices, np.float32)
        a = v[self._faces[:, 0]]
        if face_normals is None:
            b, c = v[self._faces[:, 1]], v[self._faces[:, 2]]
            face_normals = np.cross(b - a, c - a)
        facing = np.einsum("ij,ij->i", face_normals, np.asarray(eye, np.float32) - a) > 0
        fa = facing[self.face_a]
        chosen = np.flatnonzero((fa != facing[self.face_b]) | (self.border & fa))
        return v[self.ends[chosen]]


class EdgeBlend:
    """The compiled edge-blend program (current GL context) and its line buffer."""

    def __init__(self) -> None:
        define = f"#define DEPTH_NUDGE {DEPTH_NUDGE_M:.6f}\n"
        vertex = _VERTEX.replace("#version 330 core\n", "#version 330 core\n" + define, 1)
        self.program = shaders.compileProgram(
            shaders.compileShader(vertex, GL.GL_VERTEX_SHADER),
            shaders.compileShader(_FRAGMENT, GL.GL_FRAGMENT_SHADER),
            validate=False,
        )
        names = ("PV", "cam_pos", "viewport", "scene", "depth", "last")
        self._loc = {n: GL.glGetUniformLocation(self.program, n) for n in names}
        self._vao = int(GL.glGenVertexArrays(1))
        self._vbo = int(GL.glGenBuffers(1))
        GL.glBindVertexArray(self._vao)
        GL.glBindBuffer(GL.GL_ARRAY_BUFFER, self._vbo)
        for location in (0, 1):  # end_a, end_b: 3 floats each, 6 per vertex
            GL.glEnableVertexAttribArray(location)
            GL.glVertexAttribPointer(location, 3, GL.GL_FLOAT, GL.GL_FALSE, 24, ctypes.c_void_p(12 * location))
        GL.glBindVertexArray(0)
        GL.glBindBuffer(GL.GL_ARRAY_BUFFER, 0)
        self._data = np.empty((0, 2, 6), np.float32)  # grows; reused between frames

    def draw(self, edges: np.ndarray, colour: int, depth: int, view_projection: np.ndarray, cam_pos: np.ndarray,
             crop_size: tuple[int, int]) -> None:
        """Blend the pixels ``edges`` (E, 2, 3) metres cross into the bound draw framebuffer.

        colour, depth: textures of the one-sample draw of the crop; the framebuffer holds a copy of
        the colour. view_projection: (4, 4) crop projection @ view. The viewport is the crop's.
        """
        if not len(edges):
            return
        if len(self._data) < len(edges):
            self._data = np.empty((2 * len(edges), 2, 6), np.float32)
        data = self._data[:len(edges)]
        data[:, :, :3] = edges[:, :1]
        data[:, :, 3:] = edges[:, 1:]
        GL.glDisable(GL.GL_DEPTH_TEST)  # the shader tests depth itself, against both pixels
        GL.glDisable(GL.GL_CULL_FACE)
        GL.glDisable(GL.GL_BLEND)
        GL.glLineWidth(LINE_WIDTH_PX)
        GL.glUseProgram(self.program)
        GL.glUniformMatrix4fv(self._loc["PV"], 1, GL.GL_TRUE, np.ascontiguousarray(view_projection, np.float32))
        GL.glUniform3fv(self._loc["cam_pos"], 1, np.asarray(cam_pos, np.float32))
        GL.glUniform2f(self._loc["viewport"], float(crop_size[0]), float(crop_size[1]))
        GL.glUniform2i(self._loc["last"], crop_size[0] - 1, crop_size[1] - 1)
        GL.glUniform1i(self._loc["scene"], 0)
        GL.glUniform1i(self._loc["depth"], 1)
        GL.glActiveTexture(GL.GL_TEXTURE1)
        GL.glBindTexture(GL.GL_TEXTURE_2D, depth)
        GL.glActiveTexture(GL.GL_TEXTURE0)
        GL.glBindTexture(GL.GL_TEXTURE_2D, colour)
        GL.glBindBuffer(GL.GL_ARRAY_BUFFER, self._vbo)
        GL.glBufferData(GL.GL_ARRAY_BUFFER, data.nbytes, data, GL.GL_STREAM_DRAW)  # a fresh store each frame
        GL.glBindVertexArray(self._vao)
        GL.glDrawArrays(GL.GL_LINES, 0, 2 * len(edges))
        GL.glBindVertexArray(0)
        GL.glBindBuffer(GL.GL_ARRAY_BUFFER, 0)
        GL.glBindTexture(GL.GL_TEXTURE_2D, 0)
        GL.glActiveTexture(GL.GL_TEXTURE1)
        GL.glBindTexture(GL.GL_TEXTURE_2D, 0)
        GL.glActiveTexture(GL.GL_TEXTURE0)
        GL.glUseProgram(0)
        GL.glLineWidth(1.0)

    def delete(self) -> None:
        GL.glDeleteVertexArrays(1, np.array([self._vao], np.uint32))
        GL.glDeleteBuffers(1, np.array([self._vbo], np.uint32))
        GL.glDeleteProgram(self.program)
