// WebGL2 renderer for ImGui's draw lists (see imgui_renderer_web.hpp for why it is ours).
// One frame: the state set (never read back), every list's vertices and indices copied
// into one buffer pair and uploaded with one call each, then a draw per command with its
// clip rectangle as the scissor.
#include "platform/web/imgui_renderer_web.hpp"

#include <GLES3/gl3.h>
#include <imgui.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <vector>

namespace earshot::platform::web {

namespace {

constexpr const char* kVertexShader = R"(#version 300 es
precision highp float;
layout (location = 0) in vec2 Position;
layout (location = 1) in vec2 UV;
layout (location = 2) in vec4 Color;
uniform mat4 ProjMtx;
out vec2 Frag_UV;
out vec4 Frag_Color;
void main() {
    Frag_UV = UV;
    Frag_Color = Color;
    gl_Position = ProjMtx * vec4(Position.xy, 0.0, 1.0);
}
)";

constexpr const char* kFragmentShader = R"(#version 300 es
precision mediump float;
uniform sampler2D Texture;
in vec2 Frag_UV;
in vec4 Frag_Color;
layout (location = 0) out vec4 Out_Color;
void main() {
    Out_Color = Frag_Color * texture(Texture, Frag_UV.st);
}
)";

struct Renderer {
    GLuint program = 0;
    GLint projection = -1;
    GLint texture_unit = -1;
    GLuint vao = 0, vertices = 0, indices = 0;
    GLuint font_texture = 0;
    // The frame's lists, end to end: one upload each instead of two per window.
    std::vector<ImDrawVert> vertex_data;
    std::vector<ImDrawIdx> index_data;
};
Renderer g;

GLuint compile(GLenum kind, const char* source) {
    const GLuint shader = glCreateShader(kind);
    glShaderSource(shader, 1, &source, nullptr);
    glCompileShader(shader);
    GLint ok = 0; // asked once, at start: not a per-frame round trip
    glGetShaderiv(shader, GL_COMPILE_STATUS, &ok);
    if (!ok) {
        char log[512] = {};
        glGetShaderInfoLog(shader, sizeof log - 1, nullptr, log);
        std::fprintf(stderr, "earshot: the %s shader did not compile: %s\n",
                     kind == GL_VERTEX_SHADER ? "vertex" : "fragment", log);
        glDeleteShader(shader);
        return 0;
    }
    return shader;
}

/// Everything a frame draws with; set each frame, as it costs nothing to send.
void set_render_state(const ImDrawData* data, int width, int height) {
    glViewport(0, 0, width, height);
    glEnable(GL_BLEND);
    glBlendEquation(GL_FUNC_ADD);
    glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
    glDisable(GL_CULL_FACE);
    glDisable(GL_DEPTH_TEST);
    glDisable(GL_STENCIL_TEST);
    glEnable(GL_SCISSOR_TEST);
    glUseProgram(g.program);
    // Display space (DisplayPos at the top left) to clip space, y pointing down.
    const float l = data->DisplayPos.x, r = data->DisplayPos.x + data->DisplaySize.x;
    const float t = data->DisplayPos.y, b = data->DisplayPos.y + data->DisplaySize.y;
    const float projection[4][4] = {{2.0f / (r - l), 0.0f, 0.0f, 0.0f},
                                    {0.0f, 2.0f / (t - b), 0.0f, 0.0f},
                                    {0.0f, 0.0f, -1.0f, 0.0f},
                                    {(r + l) / (l - r), (t + b) / (b - t), 0.0f, 1.0f}};
    glUniformMatrix4fv(g.projection, 1, GL_FALSE, &projection[0][0]);
    glUniform1i(g.texture_unit, 0);
    glActiveTexture(GL_TEXTURE0);
    glBindVertexArray(g.vao);
    glBindBuffer(GL_ARRAY_BUFFER, g.vertices);
    glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, g.indices);
}

/// Points the vertex attributes at one list's vertices inside the frame's buffer
/// (WebGL2 has no base vertex to draw with).
void point_attributes_at(size_t first_vertex) {
    const size_t base = first_vertex * sizeof(ImDrawVert);
    const GLsizei stride = sizeof(ImDrawVert);
    glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, stride, reinterpret_cast<const void*>(base + offsetof(ImDrawVert, pos)));
    glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, stride, reinterpret_cast<const void*>(base + offsetof(ImDrawVert, uv)));
    glVertexAttribPointer(2, 4, GL_UNSIGNED_BYTE, GL_TRUE, stride,
                          reinterpret_cast<const void*>(base + offsetof(ImDrawVert, col)));
}

void upload_lists(const ImDrawData* data) {
    g.vertex_data.clear();
    g.index_data.clear();
    for (int n = 0; n < data->CmdListsCount; ++n) {
        const ImDrawList* list = data->CmdLists[n];
        g.vertex_data.insert(g.vertex_data.end(), list->VtxBuffer.begin(), list->VtxBuffer.end());
        g.index_data.insert(g.index_data.end(), list->IdxBuffer.begin(), list->IdxBuffer.end());
    }
    glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(g.vertex_data.size() * sizeof(ImDrawVert)),
                 g.vertex_data.data(), GL_STREAM_DRAW);
    glBufferData(GL_ELEMENT_ARRAY_BUFFER, static_cast<GLsizeiptr>(g.index_data.size() * sizeof(ImDrawIdx)),
                 g.index_data.data(), GL_STREAM_DRAW);
}

} // namespace

bool renderer_init() {
    const GLuint vs = compile(GL_VERTEX_SHADER, kVertexShader);
    const GLuint fs = compile(GL_FRAGMENT_SHADER, kFragmentShader);
    if (!vs || !fs) return false;
    g.program = glCreateProgram();
    glAttachShader(g.program, vs);
    glAttachShader(g.program, fs);
    glLinkProgram(g.program);
    glDeleteShader(vs);
    glDeleteShader(fs);
    GLint linked = 0;
    glGetProgramiv(g.program, GL_LINK_STATUS, &linked);
    if (!linked) {
        std::fprintf(stderr, "earshot: the drawing program did not link\n");
        return false;
    }
    g.projection = glGetUniformLocation(g.program, "ProjMtx");
    g.texture_unit = glGetUniformLocation(g.program, "Texture");
    glGenVertexArrays(1, &g.vao);
    glGenBuffers(1, &g.vertices);
    glGenBuffers(1, &g.indices);
    glBindVertexArray(g.vao);
    glBindBuffer(GL_ARRAY_BUFFER, g.vertices);
    for (GLuint attribute = 0; attribute < 3; ++attribute) glEnableVertexAttribArray(attribute);
    glGenTextures(1, &g.font_texture);
    ImGuiIO& io = ImGui::GetIO();
    io.BackendRendererName = "earshot_webgl2";
    return true;
}

void renderer_upload_fonts() {
    ImGuiIO& io = ImGui::GetIO();
    unsigned char* pixels = nullptr;
    int width = 0, height = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &width, &height);
    glBindTexture(GL_TEXTURE_2D, g.font_texture);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, width, height, 0, GL_RGBA, GL_UNSIGNED_BYTE, pixels);
    io.Fonts->SetTexID(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(g.font_texture)));
}

void renderer_draw(const ImDrawData* data, int width, int height, const float clear[3]) {
    glViewport(0, 0, width, height);
    glDisable(GL_SCISSOR_TEST); // the clear covers the whole canvas
    glClearColor(clear[0], clear[1], clear[2], 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    if (!data || width <= 0 || height <= 0 || data->TotalVtxCount == 0) return;
    set_render_state(data, width, height);
    upload_lists(data);

    const ImVec2 origin = data->DisplayPos, scale = data->FramebufferScale;
    size_t first_vertex = 0, first_index = 0;
    GLuint bound_texture = 0;
    for (int n = 0; n < data->CmdListsCount; ++n) {
        const ImDrawList* list = data->CmdLists[n];
        point_attributes_at(first_vertex);
        for (const ImDrawCmd& cmd : list->CmdBuffer) {
            if (cmd.UserCallback) {
                if (cmd.UserCallback == ImDrawCallback_ResetRenderState) {
                    set_render_state(data, width, height);
                    point_attributes_at(first_vertex);
                    bound_texture = 0;
                } else {
                    cmd.UserCallback(list, &cmd);
                }
                continue;
            }
            // The clip rectangle in framebuffer pixels; GL's scissor counts y from the bottom.
            const float x0 = (cmd.ClipRect.x - origin.x) * scale.x, y0 = (cmd.ClipRect.y - origin.y) * scale.y;
            const float x1 = (cmd.ClipRect.z - origin.x) * scale.x, y1 = (cmd.ClipRect.w - origin.y) * scale.y;
            if (x1 <= x0 || y1 <= y0) continue;
            glScissor(static_cast<GLint>(x0), static_cast<GLint>(height - y1), static_cast<GLsizei>(x1 - x0),
                      static_cast<GLsizei>(y1 - y0));
            const GLuint texture = static_cast<GLuint>(reinterpret_cast<intptr_t>(cmd.GetTexID()));
            if (texture != bound_texture) {
                glBindTexture(GL_TEXTURE_2D, texture);
                bound_texture = texture;
            }
            glDrawElements(GL_TRIANGLES, static_cast<GLsizei>(cmd.ElemCount),
                           sizeof(ImDrawIdx) == 2 ? GL_UNSIGNED_SHORT : GL_UNSIGNED_INT,
                           reinterpret_cast<const void*>((first_index + cmd.IdxOffset) * sizeof(ImDrawIdx)));
        }
        first_vertex += static_cast<size_t>(list->VtxBuffer.Size);
        first_index += static_cast<size_t>(list->IdxBuffer.Size);
    }
}

} // namespace earshot::platform::web
