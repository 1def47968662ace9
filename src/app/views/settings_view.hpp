// Settings: the source and what it cost this month, the proxy's access key
// (change, forget), the theme (light, dark, follow the system), the storage
// Earshot uses against the browser's quota, data in and out (import a file,
// export everything) and clearing all data (confirmed).
#pragma once

#include "app/views/view.hpp"

#include <string>

namespace earshot::app {

class SettingsView : public View {
  public:
    const char* id() const override { return "settings"; }
    const char* title() const override { return "Settings"; }
    void draw(ViewContext& ctx) override;

  private:
    void draw_jump_row();
    /// A section's title; scrolled to the top when the "Go to" row asked for it.
    void section(const char* title);
    void draw_sources(Workspace& ws);
    void draw_free_source(Workspace& ws, core::Source s);
    void draw_access_key(Workspace& ws);
    void draw_theme();
    void draw_storage(Workspace& ws);
    void draw_data(Workspace& ws);
    void draw_import_status(const Workspace& ws);
    void draw_clear(Workspace& ws);

    char m_key[520] = {};      ///< a new key as typed (hidden); cleared once handed over
    std::string m_key_message; ///< why the typed key cannot be used, or what happened
    bool m_confirm_clear = false; ///< "Clear all data…" was pressed: the confirmation shows
    std::string m_clear_error;
    double m_estimated_ms = -1e9; ///< when the browser was last asked for usage and quota
    std::string m_jump_to;        ///< the section the "Go to" row asked for, until it is drawn
};

} // namespace earshot::app
