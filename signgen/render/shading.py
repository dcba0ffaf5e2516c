"""The avatar's shader program: pyrender's metallic-roughness lighting, specialised and per vertex.

pyrender's generic fragment shader evaluates a GGX BRDF per pixel for every light in a run-time
loop; on llvmpipe that is ~90% of a frame (a 16x16 viewport of the same mesh costs 4 ms, the
signer's ~250k pixels ~90 ms of CPU). This program evaluates the *same* formula (white lights, a
white dielectric base colour multiplied by the vertex colour, pyrender's gamma 2.2) once per vertex
and lets the rasteriser interpolate the linear colour; the fragment shader only applies gamma.
The mesh is dense (a triangle spans a few pixels at 1080p) and roughness is high (broad, soft
highlights), so per-vertex lighting differs from per-pixel by a few levels at most.

Attribute locations match the vertex array pyrender builds for a primitive with positions,
normals and COLOR_0 (0, 1, 2), so the primitive's own buffers and VAO are drawn unchanged.
"""

from __future__ import annotations

import numpy as np
from OpenGL import GL
from OpenGL.GL import shaders

MAX_LIGHTS = 4

_VERTEX = """
#version 330 core
layout(location = 0) in vec3 position;
layout(location = 1) in vec3 normal;
layout(location = 2) in vec4 color_0;
uniform mat4 PV;
uniform vec3 cam_pos;
uniform int n_lights;
uniform vec3 light_dir[MAX_LIGHTS];   // towards the light, unit length
uniform float light_intensity[MAX_LIGHTS];
uniform float ambient;
uniform float roughness;
out vec3 linear_color;
const float PI = 3.141592653589793;

// pyrender 0.1.45 mesh.frag compute_brdf() for a white dielectric (f0 = 0.04, c_diff = 0.96).
float brdf(vec3 n, vec3 v, vec3 l, float r) {
    vec3 h = normalize(l + v);
    float nl = clamp(dot(n, l), 0.001, 1.0);
    float nv = clamp(abs(dot(n, v)), 0.001, 1.0);
    float nh = clamp(dot(n, h), 0.0, 1.0);
    float vh = clamp(dot(v, h), 0.0, 1.0);
    float F = 0.04 + 0.96 * pow(clamp(1.0 - vh, 0.0, 1.0), 5.0);
    float k = (r + 1.0) * (r + 1.0) / 8.0;
    float G = nv / (nv * (1.0 - k) + k) * nl / (nl * (1.0 - k) + k);
    float a2 = r * r * r * r;
    float d = nh * nh * (a2 - 1.0) + 1.0;
    float D = a2 / (PI * d * d);
    return nl * ((1.0 - F) * 0.96 / PI + F * G * D / (4.0 * nl * nv + 0.001));
}

void main() {
    gl_Position = PV * vec4(position, 1.0);
    vec3 n = normalize(normal);
    vec3 v = normalize(cam_pos - position);
    float light = ambient;
    for (int i = 0; i < n_lights; i++) {
        light += light_intensity[i] * brdf(n, v, light_dir[i], roughness);
    }
    linear_color = light * color_0.rgb;
}
"""

_FRAGMENT = """
#version 330 core
in vec3 linear_color;
out vec4 frag_color;
void main() {
    frag_color = vec4(clamp(pow(linear_color, vec3(1.0 / 2.2)), 0.0, 1.0), 1.0);
}
"""


class VertexLitProgram:
    """Compiled in the current GL context. Lights: (direction the light travels (3,), intensity)."""

    def __init__(self, lights: list[tuple[np.ndarray, float]], ambient: float, roughness: float) -> None:
        if len(lights) > MAX_LIGHTS:
            raise ValueError(f"at most {MAX_LIGHTS} lights")
        define = f"#define MAX_LIGHTS {MAX_LIGHTS}\n"
        vertex = _VERTEX.replace("#version 330 core\n", "#version 330 core\n" + define, 1)
        self.program = shaders.compileProgram(
            shaders.compileShader(vertex, GL.GL_VERTEX_SHADER),
            shaders.compileShader(_FRAGMENT, GL.GL_FRAGMENT_SHADER),
            validate=False,  # validation needs a bound VAO, which comes later
        )
        self._loc = {name: GL.glGetUniformLocation(self.program, name)
                     for name in ("PV", "cam_pos", "n_lights", "ambient", "roughness")}
        GL.glUseProgram(self.program)
        for i, (direction, intensity) in enumerate(lights):
            towards = -np.asarray(direction, np.float32)
            towards /= np.linalg.norm(towards)
            GL.glUniform3fv(GL.glGetUniformLocation(self.program, f"light_dir[{i}]"), 1, towards)
            GL.glUniform1f(GL.glGetUniformLocation(self.program, f"light_intensity[{i}]"), float(intensity))
        GL.glUniform1i(self._loc["n_lights"], len(lights))
        GL.glUniform1f(self._loc["ambient"], float(ambient))
        # pyrender clamps roughness to at least 0.04 ("min_roughness").
        GL.glUniform1f(self._loc["roughness"], float(np.clip(roughness, 0.04, 1.0)))
        GL.glUseProgram(0)

    def use(self, view_projection: np.ndarray, cam_pos: np.ndarray) -> None:
        """Bind the program with this frame's (4, 4) projection @ view and camera position (3,)."""
        GL.glUseProgram(self.program)
        # GL wants column-major: pass the row-major matrix transposed.
        GL.glUniformMatrix4fv(self._loc["PV"], 1, GL.GL_TRUE, np.ascontiguousarray(view_projection, np.float32))
        GL.glUniform3fv(self._loc["cam_pos"], 1, np.asarray(cam_pos, np.float32))

    def delete(self) -> None:
        GL.glDeleteProgram(self.program)
