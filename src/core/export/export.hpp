// Mentions out of Earshot, in the formats the owner's other tools read: CSV for
// spreadsheets (cells a spreadsheet would run as a formula neutralised), a JSON
// array of normalised mentions, and twarc2-style JSONL (one flattened post per
// line, the author inlined) that `earshot-cli ingest` and twarc's tools read back.
#pragma once

#include "core/model/mention.hpp"
#include "core/workflow/workflow.hpp"

#include <string>
#include <string_view>

namespace earshot::core {

/// A cell as a spreadsheet will not execute it: one that begins with '=', '+',
/// '-', '@', a tab or a carriage return gets a leading apostrophe (OWASP's CSV
/// injection advice), then RFC 4180 quoting when it holds a comma, quote or
/// line break. Invalid UTF-8 is replaced with U+FFFD.
std::string csv_cell(std::string_view text);

/// The header row, ending in CRLF.
std::string csv_header();

/// One row for `m` and its workflow entry, ending in CRLF.
void append_csv_row(const Mention& m, const WorkflowEntry& w, std::string& out);

/// One line (with '\n') of twarc2's flattened shape for an X mention: id, text,
/// created_at, lang, author_id and author {…}, public_metrics, entities
/// (hashtags, mentions, cashtags, urls with expanded_url), referenced_tweets,
/// in_reply_to_user_id, conversation_id, geo with the place. Posts from other
/// sources are written as normalised mention JSON (mention_json.hpp), which the
/// same reader takes.
void append_twarc2_line(const Mention& m, std::string& out);

} // namespace earshot::core
