// Flow layout helpers (see layout.hpp).
#include "app/layout.hpp"

#include <imgui.h>

namespace earshot::app {

bool narrow_window() { return ImGui::GetMainViewport()->Size.x < 64.0f * ImGui::GetFontSize(); }

float room_on_line() {
    // After an item the cursor waits at the next line's start: from there the
    // available width reaches the right edge of the window or of the table cell.
    const float right = ImGui::GetCursorScreenPos().x + ImGui::GetContentRegionAvail().x;
    return right - (ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x);
}

void same_line_if_fits(float width) {
    if (width <= room_on_line()) ImGui::SameLine();
}

float button_width(const char* label) {
    return ImGui::CalcTextSize(label, nullptr, true).x + 2.0f * ImGui::GetStyle().FramePadding.x;
}

float radio_width(const char* label) {
    // The circle is a frame high, then inner spacing, then the label.
    return ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x + ImGui::CalcTextSize(label, nullptr, true).x;
}

} // namespace earshot::app
