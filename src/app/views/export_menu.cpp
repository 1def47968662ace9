// The export button and menu, and the export status line (export_menu.hpp).
#include "app/views/export_menu.hpp"

#include "app/theme.hpp"
#include "app/ui_registry.hpp"

#include <imgui.h>

#include <cstdio>
#include <string>

namespace earshot::app {

std::string grouped(uint64_t n) {
    std::string digits = std::to_string(n), out;
    for (size_t i = 0; i < digits.size(); ++i) {
        if (i && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out;
}

std::string format_size(double bytes) {
    char buf[32];
    if (bytes >= 1e9) std::snprintf(buf, sizeof buf, "%.1f GB", bytes / 1e9);
    else if (bytes >= 1e6) std::snprintf(buf, sizeof buf, "%.1f MB", bytes / 1e6);
    else std::snprintf(buf, sizeof buf, "%.0f kB", bytes / 1e3);
    return buf;
}

void draw_export_menu(Workspace& ws, const std::vector<uint32_t>& rows, const char* label) {
    const bool running = ws.transfers().export_status() && ws.transfers().export_status()->running;
    const std::string popup = std::string("##export menu ") + label;
    ImGui::BeginDisabled(running || rows.empty());
    if (ImGui::Button(label)) ImGui::OpenPopup(popup.c_str());
    ImGui::EndDisabled();
    remember_item(label);
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
        ImGui::SetTooltip(rows.empty() ? "Nothing shown to export." : "Save the %s posts shown as a file.",
                          grouped(rows.size()).c_str());
    if (!ImGui::BeginPopup(popup.c_str())) return;
    using core::ExportFormat;
    for (ExportFormat f : {ExportFormat::Csv, ExportFormat::Json, ExportFormat::Twarc2}) {
        const std::string item = std::string(core::export_format_label(f)) + "##" + label;
        if (ImGui::Selectable(item.c_str())) ws.transfers().start_export(f, rows);
        remember_item(std::string(label) + " " + core::export_format_label(f));
    }
    ImGui::EndPopup();
}

void draw_export_status(const Workspace& ws) {
    const std::optional<ExportStatus>& s = ws.transfers().export_status();
    if (!s) return;
    std::string line;
    if (s->running) {
        line = "Exporting " + grouped(s->rows_done) + " of " + grouped(s->rows_total) + " posts as " +
               core::export_format_label(s->format) + "…";
        ImGui::ProgressBar(s->rows_total ? static_cast<float>(s->rows_done) / s->rows_total : 0.0f,
                           ImVec2(std::min(ImGui::GetFontSize() * 18, ImGui::GetContentRegionAvail().x), 0));
        remember_item("export progress");
    } else if (!s->error.empty()) {
        line = s->error;
    } else {
        line = "Saved " + grouped(s->rows_written) + " posts to " + s->file + " (" + format_size(double(s->bytes)) +
               "): your browser's downloads have it.";
    }
    ImGui::PushTextWrapPos(0.0f);
    if (!s->running && !s->error.empty()) ImGui::TextColored(error_colour(), "%s", line.c_str());
    else ImGui::TextDisabled("%s", line.c_str());
    ImGui::PopTextWrapPos();
    remember_item("export status");
}

} // namespace earshot::app
