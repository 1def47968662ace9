// The look: ImGui's light style, softened, with sizes scaled for the DPR.
#include "app/app.hpp"

#include <imgui.h>

namespace earshot::app {

void apply_theme(float dpr) {
    ImGuiStyle style;
    ImGui::StyleColorsLight(&style);
    style.WindowPadding = ImVec2(10, 8);
    style.FramePadding = ImVec2(8, 4);
    style.CellPadding = ImVec2(6, 3);
    style.ItemSpacing = ImVec2(8, 6);
    style.FrameRounding = 4;
    style.ChildRounding = 4;
    style.GrabRounding = 4;
    style.WindowBorderSize = 0;
    ImVec4* c = style.Colors;
    c[ImGuiCol_WindowBg] = ImVec4(0.97f, 0.96f, 0.94f, 1.0f);
    c[ImGuiCol_ChildBg] = ImVec4(1.0f, 1.0f, 1.0f, 1.0f);
    c[ImGuiCol_Header] = ImVec4(0.84f, 0.73f, 0.58f, 0.55f);
    c[ImGuiCol_HeaderHovered] = ImVec4(0.84f, 0.73f, 0.58f, 0.35f);
    c[ImGuiCol_HeaderActive] = ImVec4(0.78f, 0.62f, 0.45f, 0.7f);
    c[ImGuiCol_Button] = ImVec4(0.88f, 0.80f, 0.69f, 1.0f);
    c[ImGuiCol_ButtonHovered] = ImVec4(0.93f, 0.86f, 0.76f, 1.0f);
    c[ImGuiCol_ButtonActive] = ImVec4(0.80f, 0.70f, 0.56f, 1.0f);
    // Inputs, checkboxes and radio buttons must stand out from the white panes.
    c[ImGuiCol_FrameBg] = ImVec4(0.91f, 0.88f, 0.83f, 1.0f);
    c[ImGuiCol_FrameBgHovered] = ImVec4(0.87f, 0.82f, 0.75f, 1.0f);
    c[ImGuiCol_FrameBgActive] = ImVec4(0.84f, 0.78f, 0.70f, 1.0f);
    c[ImGuiCol_CheckMark] = ImVec4(0.42f, 0.27f, 0.16f, 1.0f);
    c[ImGuiCol_TableRowBgAlt] = ImVec4(0.96f, 0.94f, 0.91f, 0.6f);
    c[ImGuiCol_PlotHistogram] = ImVec4(0.55f, 0.38f, 0.22f, 1.0f);
    style.ScaleAllSizes(dpr);
    ImGui::GetStyle() = style;
}

} // namespace earshot::app
