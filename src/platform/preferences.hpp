// Preferences service: a few short named values the owner chose (the theme),
// kept apart from the mention store so they are there before storage mounts and
// the first frame already looks right. Web: localStorage under "earshot.";
// unavailable storage (a sandboxed frame) keeps nothing and reads "".
#pragma once

#include <string>

namespace earshot::platform {

/// The stored value, "" when none.
std::string preference(const std::string& name);
void set_preference(const std::string& name, const std::string& value);
/// Forgets every preference (clear all data).
void clear_preferences();
/// The system's (browser's) colour scheme: prefers-color-scheme: dark.
bool system_prefers_dark();

} // namespace earshot::platform
