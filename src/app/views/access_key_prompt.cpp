// Access-key prompt: why the key is asked for, the field (hidden as typed),
// the proxy's refusal in plain words, and "Use this key".
#include "app/views/access_key_prompt.hpp"

#include "app/theme.hpp"
#include "app/ui_registry.hpp"

#include <imgui.h>

#include <algorithm>
#include <cfloat>
#include <cstring>

namespace earshot::app {

namespace {
constexpr const char* kTitle = "Access key needed";
} // namespace

void AccessKeyPrompt::submit(Workspace& ws) {
    m_error = ws.submit_access_key(m_key);
    if (!m_error.empty()) return;
    // The key is not kept in view state once it is handed over.
    std::memset(m_key, 0, sizeof m_key);
    m_focus = true;
}

void AccessKeyPrompt::draw_body(Workspace& ws) {
    const core::AccessGate& gate = ws.access();
    const bool refused = gate.state() == core::AccessGate::State::Refused;
    ImGui::PushTextWrapPos(0.0f);
    if (refused) {
        ImGui::TextColored(error_colour(), "%s", gate.message().c_str());
        remember_item("access key refused");
        ImGui::TextUnformatted("Type the key again, exactly as it is in the server's settings.");
    } else {
        ImGui::TextUnformatted(gate.message().c_str());
        remember_item("access key intro");
    }
    ImGui::PopTextWrapPos();
    ImGui::Spacing();
    ImGui::TextUnformatted("Access key");
    if (m_focus) {
        ImGui::SetKeyboardFocusHere();
        m_focus = false;
    }
    ImGui::SetNextItemWidth(-FLT_MIN);
    const bool entered = ImGui::InputText("##access key", m_key, sizeof m_key,
                                          ImGuiInputTextFlags_Password | ImGuiInputTextFlags_EnterReturnsTrue);
    remember_item("access key field");
    if (!m_error.empty()) {
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextColored(error_colour(), "%s", m_error.c_str());
        ImGui::PopTextWrapPos();
        remember_item("access key error");
    }
    ImGui::Spacing();
    if (ImGui::Button("Use this key") || entered) submit(ws);
    remember_item("Use this key");
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(quiet_colour(), "Nothing is read from X, and nothing is paid for, until the key is right.");
    ImGui::PopTextWrapPos();
}

void AccessKeyPrompt::draw(Workspace& ws) {
    const bool wanted = ws.access_key_wanted();
    if (!wanted) {
        m_focus = true;
        m_error.clear();
        // A popup left open but no longer submitted would still block the app.
        if (ImGui::IsPopupOpen(kTitle) && ImGui::BeginPopupModal(kTitle)) {
            ImGui::CloseCurrentPopup();
            ImGui::EndPopup();
        }
        return;
    }
    if (!ImGui::IsPopupOpen(kTitle)) ImGui::OpenPopup(kTitle);
    // Fits a narrow embedding panel (a 420 px sidebar) as well as a full window.
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    const float width = std::min(vp->Size.x - 2.0f * ImGui::GetFontSize(), 30.0f * ImGui::GetFontSize());
    ImGui::SetNextWindowPos(vp->GetCenter(), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSize(ImVec2(width, 0), ImGuiCond_Always);
    if (ImGui::BeginPopupModal(kTitle, nullptr, ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings)) {
        draw_body(ws);
        ImGui::EndPopup();
    }
}

} // namespace earshot::app
