// Reading any supported input into mentions, with the format detected: an X API
// v2 page, Bluesky and Mastodon answers, Jetstream events (JSONL), a recorded HTTP
// exchange file, twarc2 JSONL (pages, streamed or flattened tweets) and normalised
// mention JSONL. Bad records are counted and described; the rest still come out.
#pragma once

#include "core/model/mention.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace earshot::core {

struct IngestReport {
    size_t records = 0;  ///< JSON documents (lines or files) read
    size_t mentions = 0; ///< mentions produced
    size_t failed = 0;   ///< records or tweets that could not be read
    size_t skipped = 0;  ///< well-formed records that hold no posts (users, counts, compliance)
    /// One line per problem, e.g. "line 7: not valid JSON (truncated?)".
    std::vector<std::string> problems;
    /// Partial errors reported by the API inside otherwise good pages.
    std::vector<std::string> api_errors;
};

/// Appends the mentions found in `content` to `out`. Never throws on bad data.
IngestReport ingest_content(std::string_view content, std::vector<Mention>& out);

/// Reads one line of a JSONL input (line numbers count from 1; blank lines are
/// ignored), adding to `r` what ingest_content() would for it.
void ingest_line(std::string_view line, size_t line_no, IngestReport& r, std::vector<Mention>& out);

} // namespace earshot::core
