// The normalised mention JSON (one object per JSONL line; docs/architecture.md):
// written by `earshot-cli ingest` and read back by every importer.
#pragma once

#include "core/model/mention.hpp"
#include "core/model/result.hpp"

#include <nlohmann/json_fwd.hpp>

#include <string>

namespace earshot::core {

/// Unknown values are written as null, never invented.
nlohmann::json to_json(const Mention& m);
/// One compact line, no trailing newline.
std::string to_jsonl(const Mention& m);

/// True when `doc` is a normalised mention (has "id" like "x:…" and "source").
bool is_normalised_mention(const nlohmann::json& doc);
Result<Mention> mention_from_json(const nlohmann::json& doc);

} // namespace earshot::core
