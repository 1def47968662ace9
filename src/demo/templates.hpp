// Post templates for the demo corpus, keyed "lang/group/kind"
// (e.g. "en/business/complaint", "en/answer/hours", "fr/business/praise").
// Slots in braces are filled by compose.cpp; see there for the list.
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

namespace earshot::demo {

struct Tpl {
    const char* text;
    /// For questions: which answers fit ("hours", "dog", …) — see "*/answer/<key>".
    const char* key = nullptr;
};

using TemplateTable = std::unordered_map<std::string, std::vector<Tpl>>;

void add_english_templates(TemplateTable& table);
void add_international_templates(TemplateTable& table);

/// The templates under `key`, or nullptr when there are none.
const std::vector<Tpl>* find_templates(const std::string& key);

} // namespace earshot::demo
