// The light and dark palettes and the owner's choice of theme (see theme.hpp).
#include "app/theme.hpp"

#include "platform/preferences.hpp"

#include <string>

namespace earshot::app {

namespace {

constexpr const char* kPreference = "theme";
bool g_dark = false;   ///< the palette shown
float g_dpr = 1.0f;    ///< the scale it was applied at
bool g_choice_read = false;
ThemeChoice g_choice = ThemeChoice::System;

void light_colours(ImGuiStyle& style) {
    ImGui::StyleColorsLight(&style);
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
}

// The same warm browns, dimmed: text stays near-white on a dark roast.
void dark_colours(ImGuiStyle& style) {
    ImGui::StyleColorsDark(&style);
    ImVec4* c = style.Colors;
    c[ImGuiCol_Text] = ImVec4(0.93f, 0.90f, 0.86f, 1.0f);
    c[ImGuiCol_TextDisabled] = ImVec4(0.62f, 0.58f, 0.53f, 1.0f);
    c[ImGuiCol_WindowBg] = ImVec4(0.11f, 0.10f, 0.09f, 1.0f);
    c[ImGuiCol_ChildBg] = ImVec4(0.15f, 0.14f, 0.12f, 1.0f);
    c[ImGuiCol_PopupBg] = ImVec4(0.16f, 0.15f, 0.13f, 0.98f);
    c[ImGuiCol_Border] = ImVec4(0.36f, 0.32f, 0.28f, 0.6f);
    c[ImGuiCol_Separator] = ImVec4(0.36f, 0.32f, 0.28f, 0.8f);
    c[ImGuiCol_Header] = ImVec4(0.52f, 0.38f, 0.24f, 0.65f);
    c[ImGuiCol_HeaderHovered] = ImVec4(0.52f, 0.38f, 0.24f, 0.40f);
    c[ImGuiCol_HeaderActive] = ImVec4(0.60f, 0.44f, 0.28f, 0.8f);
    c[ImGuiCol_Button] = ImVec4(0.36f, 0.27f, 0.18f, 1.0f);
    c[ImGuiCol_ButtonHovered] = ImVec4(0.46f, 0.35f, 0.23f, 1.0f);
    c[ImGuiCol_ButtonActive] = ImVec4(0.55f, 0.41f, 0.27f, 1.0f);
    c[ImGuiCol_FrameBg] = ImVec4(0.24f, 0.21f, 0.18f, 1.0f);
    c[ImGuiCol_FrameBgHovered] = ImVec4(0.30f, 0.26f, 0.22f, 1.0f);
    c[ImGuiCol_FrameBgActive] = ImVec4(0.35f, 0.30f, 0.25f, 1.0f);
    c[ImGuiCol_CheckMark] = ImVec4(0.93f, 0.78f, 0.58f, 1.0f);
    c[ImGuiCol_SliderGrab] = ImVec4(0.75f, 0.58f, 0.40f, 1.0f);
    c[ImGuiCol_TableHeaderBg] = ImVec4(0.22f, 0.19f, 0.16f, 1.0f);
    c[ImGuiCol_TableRowBgAlt] = ImVec4(0.19f, 0.17f, 0.15f, 0.6f);
    c[ImGuiCol_PlotHistogram] = ImVec4(0.80f, 0.60f, 0.38f, 1.0f);
    c[ImGuiCol_ScrollbarBg] = ImVec4(0.11f, 0.10f, 0.09f, 0.6f);
    c[ImGuiCol_TitleBgActive] = ImVec4(0.30f, 0.23f, 0.16f, 1.0f);
    c[ImGuiCol_ModalWindowDimBg] = ImVec4(0.0f, 0.0f, 0.0f, 0.55f);
}

ThemeChoice parse_choice(const std::string& s) {
    if (s == "light") return ThemeChoice::Light;
    if (s == "dark") return ThemeChoice::Dark;
    return ThemeChoice::System; // unset or unknown: whatever the system says
}

bool wants_dark(ThemeChoice c) {
    return c == ThemeChoice::Dark || (c == ThemeChoice::System && platform::system_prefers_dark());
}

} // namespace

void apply_theme(float dpr) {
    g_dpr = dpr;
    ImGuiStyle style;
    if (g_dark) dark_colours(style);
    else light_colours(style);
    style.WindowPadding = ImVec2(10, 8);
    style.FramePadding = ImVec2(8, 4);
    style.CellPadding = ImVec2(6, 3);
    style.ItemSpacing = ImVec2(8, 6);
    style.FrameRounding = 4;
    style.ChildRounding = 4;
    style.GrabRounding = 4;
    style.WindowBorderSize = 0;
    style.ScaleAllSizes(dpr);
    ImGui::GetStyle() = style;
}

ThemeChoice theme_choice() {
    if (!g_choice_read) {
        g_choice = parse_choice(platform::preference(kPreference));
        g_choice_read = true;
    }
    return g_choice;
}

void set_theme_choice(ThemeChoice choice) {
    g_choice = choice;
    g_choice_read = true;
    platform::set_preference(kPreference, to_string(choice));
}

bool follow_theme_choice() {
    const bool dark = wants_dark(theme_choice());
    if (dark == g_dark) return false;
    g_dark = dark;
    apply_theme(g_dpr);
    return true;
}

bool dark_theme_shown() { return g_dark; }

const char* to_string(ThemeChoice choice) {
    switch (choice) {
    case ThemeChoice::Light: return "light";
    case ThemeChoice::Dark: return "dark";
    case ThemeChoice::System: return "system";
    }
    return "system";
}

ImVec4 error_colour() { return g_dark ? ImVec4(1.0f, 0.52f, 0.42f, 1.0f) : ImVec4(0.8f, 0.25f, 0.15f, 1.0f); }
ImVec4 quiet_colour() { return g_dark ? ImVec4(0.70f, 0.66f, 0.61f, 1.0f) : ImVec4(0.40f, 0.36f, 0.32f, 1.0f); }
ImVec4 accent_colour() { return g_dark ? ImVec4(0.62f, 0.45f, 0.27f, 1.0f) : ImVec4(0.74f, 0.60f, 0.44f, 1.0f); }

} // namespace earshot::app
